#define BOOST_TEST_MODULE test_stats_device
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
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
    explicit bench(const stats_device_params& p = {}) : dev("stats", te.env, p) {
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
    /** A span marker: (pid << 16) | (span << 8) | event at `ns` nanoseconds. */
    void span(unsigned pid, unsigned span, unsigned event, unsigned ns) {
        uint32_t v = (pid << 16) | (span << 8) | event;
        sc_time d(ns, SC_NS);
        status = cpu.write(4, &v, 4, d);
        BOOST_TEST((d == sc_time(ns, SC_NS)));
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
    b.cpu.write32(8, (1u << 8) | 1);                // beyond the two registers
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

// Overlapping spans of three processes, a 2 ns clock: every count is exact.
BOOST_AUTO_TEST_CASE(spans_overlap_without_reset) {
    bench b;
    b.te.env.clock_period = sc_time(2, SC_NS);
    const unsigned kx = 1, data = 3;
    b.span(1, kx, 1, 100); // pid 1 inside [100, 300]
    BOOST_TEST(b.status == tlm::TLM_OK_RESPONSE);
    b.span(2, kx, 1, 150); // pid 2 inside [150, 400]: overlaps
    b.span(1, kx, 2, 300);
    b.span(2, kx, 2, 400);
    b.span(3, kx, 1, 600); // pid 3 alone [600, 650]
    b.span(3, kx, 2, 650);
    b.span(1, data, 1, 700);
    b.span(1, data, 2, 801);
    BOOST_TEST(b.marks.empty()); // no phase marker: nothing reset or dumped
    BOOST_TEST(b.te.count("stats.span.key_exchange.entries") == 3u);
    BOOST_TEST(b.te.count("stats.span.key_exchange.busy_cycles") == (300u + 50u) / 2);
    BOOST_TEST(b.te.count("stats.span.key_exchange.sum_cycles") == (200u + 250u + 50u) / 2);
    BOOST_TEST(b.te.count("stats.span.key_exchange.first_begin_cycle") == 50u);
    BOOST_TEST(b.te.count("stats.span.key_exchange.last_end_cycle") == 325u);
    BOOST_TEST(b.te.count("stats.span.data_exchange.entries") == 1u);
    BOOST_TEST(b.te.count("stats.span.data_exchange.busy_cycles") == 50u); // 350 - 400 cycles
    BOOST_TEST(b.te.count("stats.span.data_exchange.sum_cycles") == 50u);
    BOOST_TEST(b.te.count("stats.span.launch.entries") == 0u);
    BOOST_TEST(b.te.count("stats.span.launch.busy_cycles") == 0u);
    BOOST_TEST(b.te.count("stats.span.region_setup.sum_cycles") == 0u);
    BOOST_TEST(b.te.count("stats.span_markers") == 8u);
    BOOST_TEST(b.te.count("stats.span_errors") == 0u);
    BOOST_TEST(b.te.count("stats.markers") == 0u);
    BOOST_TEST(b.cpu.read32(4) == ((1u << 16) | (data << 8) | 2));
}

BOOST_AUTO_TEST_CASE(bad_span_markers_warn_and_count) {
    bench b;
    b.span(1, 2, 1, 10);
    b.span(1, 2, 1, 20); // begin while inside
    b.span(2, 2, 2, 30); // end without begin
    b.span(1, 4, 1, 40); // no span 4 among the default names
    b.span(1, 2, 3, 50); // event 3
    BOOST_TEST(b.status == tlm::TLM_OK_RESPONSE);
    b.span(1, 2, 2, 60);
    BOOST_TEST(b.te.count("stats.span_errors") == 4u);
    BOOST_TEST(b.te.count("stats.span_markers") == 2u);
    BOOST_TEST(b.te.count("stats.span.region_setup.entries") == 1u);
    BOOST_TEST(b.te.count("stats.span.region_setup.busy_cycles") == 50u); // 1 ns clock
    BOOST_TEST(b.te.count("stats.span.region_setup.sum_cycles") == 50u);
    sc_report_handler::set_actions("trvp/stats_device", SC_WARNING, SC_THROW);
    BOOST_CHECK_THROW(b.span(9, 1, 2, 70), sc_report);
    sc_report_handler::set_actions("trvp/stats_device", SC_WARNING, SC_DISPLAY);
}

BOOST_AUTO_TEST_CASE(span_names_come_from_params) {
    stats_device_params p;
    p.spans = {"produce", "consume"};
    bench b(p);
    b.span(7, 1, 1, 5);
    b.span(7, 1, 2, 12);
    BOOST_TEST(b.te.count("stats.span.consume.entries") == 1u);
    BOOST_TEST(b.te.count("stats.span.consume.sum_cycles") == 7u);
    BOOST_TEST(!b.te.reg.find("stats.span.launch.entries"));
    b.span(7, 2, 1, 20); // index 2 is unknown with two names
    BOOST_TEST(b.te.count("stats.span_errors") == 1u);
}
