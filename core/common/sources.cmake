list(APPEND PERSONA_BASE_SOURCES
  common/version.cpp)
