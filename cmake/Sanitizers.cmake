# -DPERSONA_SANITIZE=ON (or the "asan" preset): AddressSanitizer + UndefinedBehaviorSanitizer.
if(PERSONA_SANITIZE)
  message(STATUS "Sanitizers: address, undefined")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
