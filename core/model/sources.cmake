list(APPEND PERSONA_ENGINE_SOURCES
  model/compute.cpp
  model/hf_config.cpp
  model/kv_cache.cpp
  model/weights_io.cpp
  model/gpt2.cpp
  model/gpt2_model.cpp
  model/bert.cpp
  model/bert_model.cpp
  model/model_folder.cpp)
