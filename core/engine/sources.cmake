list(APPEND PERSONA_ENGINE_SOURCES
  engine/runtime.cpp)
