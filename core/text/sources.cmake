list(APPEND PERSONA_TEXT_SOURCES
  text/sp_loader.cpp
  text/sentencepiece.cpp)
