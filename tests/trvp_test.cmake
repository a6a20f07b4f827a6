# trvp_unit_test(NAME SOURCES... LIBS ...): a Boost.Test executable of pure C++.
# trvp_model_test(NAME SOURCES... LIBS ...): a Boost.Test executable that links
#   SystemC; it must define sc_main (see tests/common/sc_test_main.h) and is
#   registered once per test case so that each elaboration gets its own process.
#   The cases are read from the sources at configure time (trvp_discover_cases), and
#   NAME.cases checks that list against the executable's own --list_content.
set(TRVP_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})

function(trvp_unit_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES} ${TRVP_TEST_DIR}/common/sc_main_stub.cpp)
  target_link_libraries(${name} PRIVATE ${T_LIBS} trvp_test_common Boost::unit_test_framework)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

# Sets `out` to the --run_test paths of the Boost.Test cases in `sources`: every
# BOOST_AUTO_TEST_CASE, BOOST_FIXTURE_TEST_CASE and BOOST_DATA_TEST_CASE, prefixed by the
# BOOST_AUTO_TEST_SUITE / BOOST_FIXTURE_TEST_SUITE it sits in ("suite/case"). A data test
# case is one path (Boost runs all its samples under it). Each source becomes a configure
# dependency, so a new case is registered by the next build.
function(trvp_discover_cases out)
  set(cases "")
  foreach(src ${ARGN})
    get_filename_component(path ${src} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${path})
    file(STRINGS ${path} lines REGEX
      "^[ \t]*BOOST_(AUTO|FIXTURE|DATA)_TEST_(CASE|SUITE|SUITE_END)[ \t]*\\(")
    set(suites "")
    foreach(line IN LISTS lines)
      if(line MATCHES "BOOST_AUTO_TEST_SUITE_END")
        list(LENGTH suites n)
        if(n EQUAL 0)
          message(FATAL_ERROR "${path}: BOOST_AUTO_TEST_SUITE_END without a suite")
        endif()
        list(POP_BACK suites)
      elseif(line MATCHES "BOOST_(AUTO|FIXTURE)_TEST_SUITE[ \t]*\\([ \t]*([A-Za-z_0-9]+)")
        list(APPEND suites ${CMAKE_MATCH_2})
      elseif(line MATCHES "BOOST_(AUTO|FIXTURE|DATA)_TEST_CASE[ \t]*\\([ \t]*([A-Za-z_0-9]+)")
        set(prefix "")
        foreach(s IN LISTS suites)
          string(APPEND prefix "${s}/")
        endforeach()
        list(APPEND cases "${prefix}${CMAKE_MATCH_2}")
      else()
        message(FATAL_ERROR "${path}: cannot read the test case name in: ${line}")
      endif()
    endforeach()
    list(LENGTH suites n)
    if(NOT n EQUAL 0)
      message(FATAL_ERROR "${path}: BOOST_AUTO_TEST_SUITE(${suites}) is never closed")
    endif()
  endforeach()
  list(LENGTH cases n)
  if(n EQUAL 0)
    message(FATAL_ERROR "no Boost.Test case found in ${ARGN}")
  endif()
  list(REMOVE_DUPLICATES cases)
  set(${out} ${cases} PARENT_SCOPE)
endfunction()

function(trvp_model_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;CASES" ${ARGN})
  if(T_CASES OR T_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "trvp_model_test(${name}): takes SOURCES and LIBS only; the test cases "
                        "are read from the sources (no CASES list)")
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} trvp_test_common PkgConfig::SYSTEMC
                                        Boost::unit_test_framework)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK BOOST_TEST_NO_MAIN)
  trvp_discover_cases(cases ${T_SOURCES})
  foreach(c ${cases})
    string(REPLACE "/" "." test_name "${name}.${c}")
    add_test(NAME ${test_name} COMMAND ${name} --run_test=${c})
    set_tests_properties(${test_name} PROPERTIES LABELS model TIMEOUT 120
      ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1")
  endforeach()
  # A case the source scan missed (a macro that defines one, an unusual spelling) would
  # never run: compare with what the executable lists.
  string(REPLACE ";" "," expected "${cases}")
  add_test(NAME ${name}.cases
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:${name}> "-DEXPECTED=${expected}"
            -P ${TRVP_TEST_DIR}/check_cases.cmake)
  set_tests_properties(${name}.cases PROPERTIES LABELS model TIMEOUT 60
    ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1")
endfunction()
