list(APPEND PERSONA_ENGINE_SOURCES
  generate/sampler_chain.cpp
  generate/sampler_logit_stages.cpp
  generate/sampler_truncation_stages.cpp
  generate/sampler_settings.cpp
  generate/sampler_preset.cpp
  generate/generator.cpp)
