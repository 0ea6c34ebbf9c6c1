list(APPEND PERSONA_ENGINE_SOURCES
  retrieve/retrieval.cpp
  retrieve/bm25.cpp
  retrieve/evaluation.cpp
  retrieve/biencoder.cpp)
