list(APPEND PERSONA_ENGINE_SOURCES
  train/train_common.cpp
  train/fusion_fit.cpp
  train/fact_use.cpp
  train/retriever_pairs.cpp
  train/silver_knowledge.cpp
  train/generator_trainer.cpp
  train/retriever_trainer.cpp
  train/tokenizer_trainer.cpp)
