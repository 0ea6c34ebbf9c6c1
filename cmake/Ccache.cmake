# Use ccache automatically when it is installed. The sloppiness settings let ccache cache the
# translation units that use the torch precompiled header (see core/CMakeLists.txt).
find_program(PERSONA_CCACHE ccache)
if(PERSONA_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  message(STATUS "ccache: ${PERSONA_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${PERSONA_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()
