list(APPEND PERSONA_STORE_SOURCES
  io/atomic_file.cpp
  io/base64.cpp
  io/json_reader.cpp
  io/png_chunks.cpp
  io/import_bundle.cpp
  io/dialog_jsonl_reader.cpp
  io/toloka_tsv_reader.cpp
  io/character_card.cpp
  io/dialog_exporter.cpp
  io/markdown_exporter.cpp
  io/importer.cpp)
