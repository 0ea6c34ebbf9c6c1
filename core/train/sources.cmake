list(APPEND PERSONA_ENGINE_SOURCES
  train/train_common.cpp
  train/generator_trainer.cpp
  train/retriever_trainer.cpp
  train/tokenizer_trainer.cpp)
