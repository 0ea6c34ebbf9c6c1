# persona_warnings: the warning set every target of ours builds with.
add_library(persona_warnings INTERFACE)
target_compile_options(persona_warnings INTERFACE
  $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-unused-parameter>)
