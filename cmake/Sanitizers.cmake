# -DPERSONA_SANITIZE=ON (or the "asan" preset): AddressSanitizer + UndefinedBehaviorSanitizer.
if(PERSONA_SANITIZE)
  message(STATUS "Sanitizers: address, undefined")
  # -O1 on top of the preset's Debug flags (assertions stay on): at -O0 the decode and retrieval
  # kernels make the instrumented suite several times slower for no extra findings.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
                      -O1)
  add_link_options(-fsanitize=address,undefined)
endif()

# -DPERSONA_TSAN=ON (scripts/tsan.sh): ThreadSanitizer, for the stress tests of the agent turn and
# the window's workers.
option(PERSONA_TSAN "Build with ThreadSanitizer" OFF)
if(PERSONA_TSAN)
  message(STATUS "Sanitizers: thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -O1)
  add_link_options(-fsanitize=thread)
endif()

# -DPERSONA_FUZZ=ON (clang only; scripts/fuzz.sh): everything instrumented for libFuzzer, with
# ASan + UBSan; tests/fuzz/ then builds one fuzz_<target> binary per target.
option(PERSONA_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(PERSONA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PERSONA_FUZZ needs clang (CXX=clang++)")
  endif()
  message(STATUS "Fuzzing: libFuzzer, address, undefined")
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
