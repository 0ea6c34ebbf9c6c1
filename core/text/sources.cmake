list(APPEND PERSONA_TEXT_SOURCES
  text/sp_loader.cpp
  text/sentencepiece.cpp
  text/utf8.cpp
  text/utf8_stream_assembler.cpp
  text/gpt2_pretokenizer.cpp
  text/added_tokens.cpp
  text/tokenizer_config.cpp
  text/special_tokens.cpp
  text/bpe_tokenizer.cpp
  text/wordpiece_tokenizer.cpp
  text/sentencepiece_tokenizer.cpp
  text/load_tokenizer.cpp)
