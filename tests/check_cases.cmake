# cmake -DEXE=<test executable> -DEXPECTED=<a,b,suite/c> -P check_cases.cmake
# Fails unless the Boost.Test cases EXE lists (--list_content) are exactly EXPECTED, the
# cases trvp_discover_cases (tests/trvp_test.cmake) registered as CTest entries. A data
# test case counts once (its samples _0, _1, ... are listed as its children).
cmake_minimum_required(VERSION 3.25)
if(NOT EXISTS "${EXE}")
  message(FATAL_ERROR "test executable ${EXE} does not exist")
endif()
execute_process(COMMAND ${EXE} --list_content
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --list_content failed (${rc}):\n${out}${err}")
endif()
# Boost.Test prints the tree to stderr or stdout depending on the version: read both.
string(REPLACE "\n" ";" lines "${out}\n${err}")

set(listed "")
set(stack "")       # the path of the previous line, one name per depth
set(prev_depth -1)
set(prev_path "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^( *)([A-Za-z_0-9]+)\\*?$")
    continue()
  endif()
  string(LENGTH "${CMAKE_MATCH_1}" indent)
  math(EXPR depth "${indent} / 4")
  set(name ${CMAKE_MATCH_2})
  # The previous entry was a case (a leaf) unless this one is nested inside it.
  if(prev_depth GREATER_EQUAL 0 AND depth LESS_EQUAL prev_depth)
    list(APPEND listed "${prev_path}")
  endif()
  list(SUBLIST stack 0 ${depth} stack)
  list(APPEND stack ${name})
  list(JOIN stack "/" prev_path)
  set(prev_depth ${depth})
endforeach()
if(prev_depth GREATER_EQUAL 0)
  list(APPEND listed "${prev_path}")
endif()

set(cases "")
foreach(c IN LISTS listed)
  string(REGEX REPLACE "/_[0-9]+$" "" c "${c}") # a sample of a data test case
  list(APPEND cases "${c}")
endforeach()
list(REMOVE_DUPLICATES cases)
string(REPLACE "," ";" expected "${EXPECTED}")

set(missing "")
foreach(c IN LISTS cases)
  if(NOT c IN_LIST expected)
    list(APPEND missing ${c})
  endif()
endforeach()
set(extra "")
foreach(c IN LISTS expected)
  if(NOT c IN_LIST cases)
    list(APPEND extra ${c})
  endif()
endforeach()
list(LENGTH cases n)
if(missing OR extra)
  message(FATAL_ERROR "${EXE}: the cases read from its sources differ from --list_content\n"
    "  not registered with CTest (the source scan missed them): ${missing}\n"
    "  registered but not in the executable: ${extra}")
endif()
message(STATUS "${n} cases, all registered")
