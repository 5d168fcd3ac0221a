# SPDX-License-Identifier: MIT
# sb_library(NAME [EXCLUDE_FROM_ALL] SOURCES ... DEPS ...): one static library per source folder.
# DEPS are the only libraries it may use, and the only headers it can see: its include root is a
# staging directory of its own (sb_stage_folder below) holding nothing but its folder, so code
# still includes "sip/message/uri.h" but a header of a library not in DEPS (transitively, as all
# DEPS are PUBLIC) is "No such file or directory" (decision 0015).
function(sb_library name)
  cmake_parse_arguments(ARG "EXCLUDE_FROM_ALL" "" "SOURCES;DEPS" ${ARGN})
  if(ARG_EXCLUDE_FROM_ALL)
    add_library(${name} STATIC EXCLUDE_FROM_ALL ${ARG_SOURCES})
  else()
    add_library(${name} STATIC ${ARG_SOURCES})
  endif()

  # The folder as code names it: src/sip/message is "sip/message". A library outside src/ (the
  # layering probes in tests/) is named from the project root instead.
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR})
  if(folder MATCHES "^\\.\\./")
    file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  if(folder STREQUAL "" OR folder MATCHES "^\\.\\./")
    message(FATAL_ERROR "sb_library(${name}) must be declared in a folder below src/")
  endif()

  set(stage ${PROJECT_BINARY_DIR}/include/${name})
  # Rebuilt at every configure so that nothing stale stays visible. REMOVE_RECURSE deletes the
  # links, never what they point to.
  file(REMOVE_RECURSE ${stage})
  sb_stage_folder(${CMAKE_CURRENT_SOURCE_DIR} ${stage}/${folder})
  target_include_directories(${name} PUBLIC ${stage})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# sb_stage_folder(SOURCE LINK): makes LINK show the files of the source folder SOURCE. A folder
# with no library below it is one symbolic link. A folder that holds other libraries (src/app
# holds src/app/config) becomes a real directory with a link per entry, leaving out those
# libraries' folders: linking it whole would show their headers without their DEPS. Its entries
# are globbed with CONFIGURE_DEPENDS, so a header added there is linked at the next build.
function(sb_stage_folder source link)
  file(GLOB_RECURSE lists ${source}/CMakeLists.txt)
  list(REMOVE_ITEM lists ${source}/CMakeLists.txt)
  get_filename_component(parent ${link} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  if(NOT lists)
    file(CREATE_LINK ${source} ${link} SYMBOLIC)
    return()
  endif()
  file(MAKE_DIRECTORY ${link})
  file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${source}/*)
  foreach(entry IN LISTS entries)
    get_filename_component(entry_name ${entry} NAME)
    if(EXISTS ${entry}/CMakeLists.txt)
      continue()  # another library: seen only by those that link it
    elseif(IS_DIRECTORY ${entry})
      sb_stage_folder(${entry} ${link}/${entry_name})
    else()
      file(CREATE_LINK ${entry} ${link}/${entry_name} SYMBOLIC)
    endif()
  endforeach()
endfunction()

# sb_unit_test(NAME SOURCES ... DEPS ...): a GoogleTest executable registered with CTest. It sees
# the headers of what it links and the helpers next to its sources ("wire.h"), nothing else.
function(sb_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE SB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30)
endfunction()
