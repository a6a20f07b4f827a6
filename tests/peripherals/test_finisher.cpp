#define BOOST_TEST_MODULE test_finisher
#include "peripherals/test_finisher.h"
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;

namespace {

struct bench {
    test_env te;
    tb_initiator cpu{"cpu"};
    test_finisher fin;
    int exits = 0;
    bench() : fin("finisher", te.env, test_finisher_params{}) {
        cpu.socket.bind(fin.target("regs"));
        te.control.on_exit([this] { ++exits; });
        sc_start(SC_ZERO_TIME);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(pass_exits_zero) {
    bench b;
    BOOST_TEST(b.cpu.read32(0) == 0u);
    BOOST_TEST(!b.te.control.exit_requested());
    b.cpu.write32(0, 0x5555);
    BOOST_TEST(b.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.te.control.exit_requested());
    BOOST_TEST(b.te.control.exit_code() == 0);
    BOOST_TEST(b.te.control.reason() == "finisher: pass");
    BOOST_TEST(b.exits == 1);
}

BOOST_AUTO_TEST_CASE(fail_carries_code) {
    bench b;
    b.cpu.write32(0, (42u << 16) | 0x3333);
    BOOST_TEST(b.te.control.exit_code() == 42);
    BOOST_TEST(b.te.control.reason() == "finisher: fail, code 42");
    b.cpu.write32(0, 0x5555); // the first request wins
    BOOST_TEST(b.te.control.exit_code() == 42);
}

BOOST_AUTO_TEST_CASE(fail_code_zero_is_failure) {
    bench b;
    b.cpu.write32(0, 0x3333);
    BOOST_TEST(b.te.control.exit_requested());
    BOOST_TEST(b.te.control.exit_code() == 1);
}

BOOST_AUTO_TEST_CASE(reset_is_a_failure) {
    bench b;
    b.cpu.write32(0, 0x7777);
    BOOST_TEST(b.te.control.exit_code() == test_finisher::reset_exit_code);
    BOOST_TEST(b.te.control.reason().find("reset") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_values_warn) {
    bench b;
    sc_report_handler::set_actions("trvp/finisher", SC_WARNING, SC_THROW);
    BOOST_CHECK_THROW(b.cpu.write32(0, 0x1234), sc_report);
    BOOST_TEST(!b.te.control.exit_requested());
    b.cpu.write32(4, 0x5555); // outside the register
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    BOOST_TEST(!b.te.control.exit_requested());
}
