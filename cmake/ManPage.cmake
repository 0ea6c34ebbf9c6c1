# Writes a gzip-compressed man page from a program's own --help (run at build time, so the page
# never drifts from the program). Run with `cmake -P`:
#   -DPROGRAM=path       the built program
#   -DNAME=name          its installed name
#   -DSUMMARY=text       the one line of the NAME section
#   -DEXTRA=file.roff    optional: sections appended as they are (FILES, ENVIRONMENT, SEE ALSO)
#   -DRECURSE=ON         also document every subcommand (`PROGRAM SUB --help`, CLI11's layout)
#   -DGZIP=path          gzip, run as `gzip -9n` (no name or time stamp: reproducible)
#   -DOUTPUT=file.1.gz
cmake_minimum_required(VERSION 3.25)
foreach(var PROGRAM NAME SUMMARY GZIP OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ManPage.cmake: -D${var}=... is required")
  endif()
endforeach()

# `PROGRAM args --help`, with the program's path shown as its installed name.
function(help_of out)
  execute_process(COMMAND ${PROGRAM} ${ARGN} --help
                  OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${ARGN} --help failed (${rc}): ${err}")
  endif()
  string(REPLACE "${PROGRAM}" "${NAME}" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Help text as a no-fill roff block: backslashes and minus signs escaped, control characters at a
# line start neutralised.
function(roff_block out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  string(REGEX REPLACE "\n+$" "" text "${text}")
  set(${out} ".nf\n${text}\n.fi\n" PARENT_SCOPE)
endfunction()

# The names listed under CLI11's "Subcommands:" heading.
function(subcommands_of out text)
  set(names)
  set(inside FALSE)
  # One list item per line: brackets would keep CMake from splitting at the semicolons.
  string(REGEX REPLACE "[][;]" " " text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[A-Za-z]")
      set(inside FALSE)
      if(line MATCHES "^Subcommands:")
        set(inside TRUE)
      endif()
    elseif(inside AND line MATCHES "^  ([a-z][a-z0-9_-]*)( |$)")
      list(APPEND names ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

# Appends the help of `PROGRAM path...` and, depth first, of its subcommands.
function(document_commands out path)
  help_of(text ${path})
  string(REPLACE ";" " " title "${NAME} ${path}")
  roff_block(block "${text}")
  set(page "${${out}}.SS \"${title}\"\n${block}")
  subcommands_of(subs "${text}")
  foreach(sub IN LISTS subs)
    set(child ${path} ${sub})
    document_commands(page "${child}")
  endforeach()
  set(${out} "${page}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${PROGRAM} --version OUTPUT_VARIABLE version ERROR_QUIET)
string(STRIP "${version}" version)
string(REGEX MATCH "[0-9]+\\.[0-9]+(\\.[0-9]+)?" version "${version}")
string(TIMESTAMP date "%Y-%m-%d" UTC)  # honours SOURCE_DATE_EPOCH
string(TOUPPER "${NAME}" upper)
string(REPLACE "-" "\\-" summary "${SUMMARY}")

set(page ".\\\" Generated from `${NAME} --help` by cmake/ManPage.cmake; do not edit.\n")
string(APPEND page ".TH ${upper} 1 \"${date}\" \"${NAME} ${version}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\n${NAME} \\- ${summary}\n")
help_of(top)
roff_block(block "${top}")
string(APPEND page ".SH DESCRIPTION\n${block}")
if(RECURSE)
  subcommands_of(subs "${top}")
  if(subs)
    set(commands)
    foreach(sub IN LISTS subs)
      document_commands(commands "${sub}")
    endforeach()
    string(APPEND page ".SH COMMANDS\n${commands}")
  endif()
endif()
if(DEFINED EXTRA AND EXISTS "${EXTRA}")
  file(READ "${EXTRA}" extra)
  string(APPEND page "${extra}")
endif()

get_filename_component(plain "${OUTPUT}" NAME_WLE)
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(WRITE "${dir}/${plain}" "${page}")
execute_process(COMMAND ${GZIP} -9nf "${dir}/${plain}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed for ${dir}/${plain}")
endif()
