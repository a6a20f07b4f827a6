# trvp_unit_test(NAME SOURCES... LIBS ...): a Boost.Test executable of pure C++.
# trvp_model_test(NAME SOURCES... LIBS ...): a Boost.Test executable that links
#   SystemC; it must define sc_main (see tests/common/sc_test_main.h) and is
#   registered once per test case so that each elaboration gets its own process.
function(trvp_unit_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES} ${CMAKE_SOURCE_DIR}/tests/common/sc_main_stub.cpp)
  target_link_libraries(${name} PRIVATE ${T_LIBS} Boost::unit_test_framework)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

function(trvp_model_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;CASES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::SYSTEMC Boost::unit_test_framework)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK BOOST_TEST_NO_MAIN)
  foreach(c ${T_CASES})
    add_test(NAME ${name}.${c} COMMAND ${name} --run_test=${c})
    set_tests_properties(${name}.${c} PROPERTIES LABELS model TIMEOUT 120
      ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1")
  endforeach()
endfunction()
