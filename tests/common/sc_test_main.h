#pragma once
// Include once, in the one source file of a SystemC test executable, after defining
// BOOST_TEST_MODULE. libsystemc provides main() and calls sc_main; we hand over to
// Boost.Test from there. Each test case elaborates its own platform, so CTest runs
// every case in its own process (trvp_model_test ... CASES ...).

#include <boost/test/unit_test.hpp>
#include <systemc>

int sc_main(int argc, char* argv[]) {
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
