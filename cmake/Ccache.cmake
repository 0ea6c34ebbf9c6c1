# Use ccache automatically when it is installed. The sloppiness settings let ccache cache the
# translation units that use the torch precompiled header (see core/CMakeLists.txt); the base
# directory and NOHASHDIR let two checkouts of the tree (a worktree, CI's fresh clone) share hits.
find_program(PERSONA_CCACHE ccache)
if(PERSONA_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  message(STATUS "ccache: ${PERSONA_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" "CCACHE_NOHASHDIR=1"
      ${PERSONA_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()
