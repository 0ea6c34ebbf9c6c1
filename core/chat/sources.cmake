# Chat templates (a sandboxed Jinja subset): no torch, part of persona_text.
list(APPEND PERSONA_TEXT_SOURCES
  chat/jinja_value.cpp
  chat/jinja_lexer.cpp
  chat/jinja_parser.cpp
  chat/jinja_interpreter.cpp
  chat/jinja_builtins.cpp
  chat/chat_template.cpp)
