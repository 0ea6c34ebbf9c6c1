list(APPEND PERSONA_BASE_SOURCES
  common/json_guard.cpp
  common/version.cpp)
