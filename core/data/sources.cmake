# In persona_text: it shares the UTF-8 checks of core/text.
list(APPEND PERSONA_TEXT_SOURCES
  data/seed_dialogs.cpp)
