#define BOOST_TEST_MODULE test_stats_device
#include "common/sc_test_main.h"
#include "interconnect/tb_initiator.h"
#include "peripherals/stats_device.h"

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;

namespace {

struct mark {
    unsigned phase, event;
    sc_time t;
};

struct bench {
    test_env te;
    tb_initiator cpu{"cpu"};
    stats_device dev;
    std::vector<mark> marks;
    bench() : dev("stats", te.env, stats_device_params{}) {
        cpu.socket.bind(dev.target("regs"));
        te.control.on_phase([this](unsigned p, unsigned e, const sc_time& t) {
            marks.push_back({p, e, t});
        });
        sc_start(SC_ZERO_TIME);
    }
    void write(uint32_t v, const sc_time& at) {
        sc_time d = at;
        status = cpu.write(0, &v, 4, d);
        BOOST_TEST((d == at)); // a marker costs no time
    }
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
};

} // namespace

BOOST_AUTO_TEST_CASE(marks_carry_phase_event_and_local_time) {
    bench b;
    BOOST_TEST(b.cpu.read32(0) == 0u);
    b.write((3u << 8) | 1, sc_time(123, SC_NS));
    BOOST_TEST(b.status == tlm::TLM_OK_RESPONSE);
    b.write((3u << 8) | 2, sc_time(4567, SC_NS));
    b.write((0x1234u << 8) | 1, sc_time(5, SC_US));
    BOOST_REQUIRE(b.marks.size() == 3u);
    BOOST_TEST(b.marks[0].phase == 3u);
    BOOST_TEST(b.marks[0].event == 1u);
    BOOST_TEST(b.marks[0].t == sc_time(123, SC_NS));
    BOOST_TEST(b.marks[1].phase == 3u);
    BOOST_TEST(b.marks[1].event == 2u);
    BOOST_TEST(b.marks[1].t == sc_time(4567, SC_NS));
    BOOST_TEST(b.marks[2].phase == 0x1234u);
    BOOST_TEST(b.cpu.read32(0) == ((0x1234u << 8) | 1));
    BOOST_TEST(b.te.count("stats.markers") == 3u);
    // The marker's time is reported so rates evaluated at the marker are exact.
    BOOST_TEST(b.te.control.end_time() == sc_time(5, SC_US));
}

BOOST_AUTO_TEST_CASE(unknown_events_warn_and_bad_accesses_fail) {
    bench b;
    sc_report_handler::set_actions("trvp/stats_device", SC_WARNING, SC_THROW);
    BOOST_CHECK_THROW(b.write((1u << 8) | 3, SC_ZERO_TIME), sc_report);
    BOOST_TEST(b.marks.empty());
    BOOST_TEST(b.te.count("stats.markers") == 0u);
    BOOST_TEST(b.cpu.read32(0) == ((1u << 8) | 3)); // still the last value written
    b.cpu.write32(4, (1u << 8) | 1);                // outside the register
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    BOOST_TEST(b.marks.empty());
}

BOOST_AUTO_TEST_CASE(no_listener_is_harmless) {
    test_env te;
    tb_initiator cpu{"cpu"};
    stats_device dev("stats", te.env, stats_device_params{});
    cpu.socket.bind(dev.target("regs"));
    sc_start(SC_ZERO_TIME);
    cpu.write32(0, 0x102);
    BOOST_TEST(cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(te.count("stats.markers") == 1u);
}
