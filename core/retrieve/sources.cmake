list(APPEND PERSONA_ENGINE_SOURCES
  retrieve/retrieval.cpp
  retrieve/bm25.cpp
  retrieve/word_stemmer.cpp
  retrieve/evaluation.cpp
  retrieve/label_metrics.cpp
  retrieve/biencoder.cpp)
set_source_files_properties(retrieve/label_metrics.cpp retrieve/bm25.cpp retrieve/word_stemmer.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
