list(APPEND PERSONA_ENGINE_SOURCES
  generate/sampler.cpp
  generate/generator.cpp)
