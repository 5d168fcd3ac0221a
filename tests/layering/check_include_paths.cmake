# SPDX-License-Identifier: MIT
# The layering test (tests/layering/CMakeLists.txt), run with cmake -P. Fails unless
#   1. the same source including "telephony/call/call.h" builds where sb_call is declared and
#      fails, on exactly that header being not found, in a library declared like a sip/ one;
#   2. a header of a dependency's dependency builds;
#   3. the files of every library folder in src/ are staged by exactly one library (a folder
#      holding another library's folder, src/app around src/app/config, must leave it out);
#   4. no source in src/ includes "../": the compiler would find that file next to the including
#      one, whatever the library declares.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE_DIR BUILD_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "run with -D${var}=...")
  endif()
endforeach()

set(failures "")
macro(fail text)
  string(APPEND failures "\n  ${text}")
endmacro()

function(build_probe target result_var output_var)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${target}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(${result_var} ${result} PARENT_SCOPE)
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

# 1. The header exists, so "not found" can only mean "not visible from here".
set(forbidden telephony/call/call.h)
if(NOT EXISTS ${SOURCE_DIR}/src/${forbidden})
  fail("src/${forbidden} is gone: point the probe (includes_call.cpp) at another telephony header")
endif()
build_probe(sb_probe_call_sees_call result output)
if(NOT result EQUAL 0)
  fail("sb_probe_call_sees_call (DEPS sb_call) should build and did not:\n${output}")
endif()
build_probe(sb_probe_sip_sees_call result output)
# GCC: "fatal error: telephony/call/call.h: No such file or directory"; clang: "fatal error:
# 'telephony/call/call.h' file not found". And it must be the probe's own object that failed.
string(REPLACE "." "\\." forbidden_re ${forbidden})
if(result EQUAL 0)
  fail("sb_probe_sip_sees_call built: a sip/ library can include ${forbidden}")
elseif(NOT output MATCHES "sb_probe_sip_sees_call\\.dir/includes_call\\.cpp\\.o")
  fail("sb_probe_sip_sees_call failed, but not in compiling its probe:\n${output}")
elseif(NOT output MATCHES "includes_call\\.cpp:[0-9]+:[0-9]+: fatal error: ('${forbidden_re}' file not found|${forbidden_re}: No such file or directory)")
  fail("sb_probe_sip_sees_call failed for another reason than ${forbidden} not found:\n${output}")
endif()

# 2.
build_probe(sb_probe_sip_sees_base result output)
if(NOT result EQUAL 0)
  fail("sb_probe_sip_sees_base (DEPS sb_sip_message) should build and did not:\n${output}")
endif()

# 3.
file(GLOB_RECURSE lists ${SOURCE_DIR}/src/CMakeLists.txt)
list(LENGTH lists library_count)
if(library_count LESS 2)
  fail("found ${library_count} library folders in ${SOURCE_DIR}/src")
endif()
foreach(list IN LISTS lists)
  get_filename_component(dir ${list} DIRECTORY)
  file(RELATIVE_PATH folder ${SOURCE_DIR}/src ${dir})
  # Its CMakeLists.txt stands for its files: a parent folder's stage (include/sb_config/app)
  # holds only the way down to the nested library, not its files.
  file(GLOB stages ${BUILD_DIR}/include/*/${folder}/CMakeLists.txt)
  list(LENGTH stages count)
  if(NOT count EQUAL 1)
    fail("src/${folder} is staged by ${count} libraries, not 1: ${stages}")
  endif()
endforeach()

# 4.
file(GLOB_RECURSE sources ${SOURCE_DIR}/src/*.h ${SOURCE_DIR}/src/*.cpp)
foreach(source IN LISTS sources)
  file(STRINGS ${source} escapes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]\\.\\./")
  if(escapes)
    fail("${source} includes with \"../\": name the header from src/ instead (${escapes})")
  endif()
endforeach()

if(failures)
  message(FATAL_ERROR "include paths per library are broken:${failures}")
endif()
message(STATUS "include paths per library hold: sb_probe_sip_sees_call cannot see ${forbidden}, "
               "${library_count} library folders staged once each")
