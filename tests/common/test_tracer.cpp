#define BOOST_TEST_MODULE tracer
#include "common/tracer.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

using sc_core::SC_NS;
using sc_core::sc_time;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream is(path);
    std::stringstream ss;
    ss << is.rdbuf();
    return ss.str();
}
} // namespace

BOOST_AUTO_TEST_CASE(changes_are_written_sorted_by_their_own_timestamps) {
    const std::string path = "test_tracer_sorted.vcd";
    trvp::tracer t(path, sc_time(0, SC_NS), sc_time(1000, SC_NS));
    auto pc = t.add("cpu", "pc", 32);
    auto miss = t.add("l1d", "miss", 1);
    // Recorded out of order, as two temporally decoupled initiators would.
    t.change(pc, sc_time(30, SC_NS), 0x80000010);
    t.pulse(miss, sc_time(20, SC_NS), sc_time(1, SC_NS));
    t.change(pc, sc_time(10, SC_NS), 0x80000000);
    t.change(pc, sc_time(2000, SC_NS), 0x1); // outside the window: dropped
    BOOST_TEST(t.changes() == 4u);
    BOOST_REQUIRE(t.write());
    const std::string vcd = slurp(path);
    BOOST_TEST(vcd.find("$timescale 1ps $end") != std::string::npos);
    const auto at10 = vcd.find("#10000\nb10000000000000000000000000000000 !");
    const auto at20 = vcd.find("#20000\n1\"");
    const auto at21 = vcd.find("#21000\n0\"");
    const auto at30 = vcd.find("#30000\nb10000000000000000000000000010000 !");
    BOOST_TEST(at10 != std::string::npos);
    BOOST_TEST(at20 != std::string::npos);
    BOOST_TEST(at21 != std::string::npos);
    BOOST_TEST(at30 != std::string::npos);
    BOOST_TEST((at10 < at20 && at20 < at21 && at21 < at30));
    BOOST_TEST(vcd.find("#2000000") == std::string::npos);
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(unwritable_path_is_reported) {
    trvp::tracer t("/nonexistent-dir/x.vcd", sc_time(0, SC_NS), sc_time(1, SC_NS));
    BOOST_TEST(!t.write());
    BOOST_TEST(t.error().find("/nonexistent-dir/x.vcd") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(level_signals_sum_their_steps) {
    const std::string path = "test_tracer_level.vcd";
    trvp::tracer t(path, sc_time(10, SC_NS), sc_time(1000, SC_NS));
    auto busy = t.add_level("eu", "busy", 2);
    auto wire = t.add_level("dram", "busy", 1);
    // Recorded out of order; one interval opens before the window (it counts at its start).
    t.step(busy, sc_time(5, SC_NS), +1);
    t.step(busy, sc_time(40, SC_NS), -1);
    t.step(busy, sc_time(20, SC_NS), +1);
    t.step(busy, sc_time(30, SC_NS), -1); // back to back with the next: no change at 30
    t.step(busy, sc_time(30, SC_NS), +1);
    for (int i = 0; i < 4; ++i) t.step(busy, sc_time(50, SC_NS), +1); // 5 open: clamped to 3
    t.step(busy, sc_time(60, SC_NS), -5);
    t.step(wire, sc_time(20, SC_NS), +1);
    t.step(wire, sc_time(25, SC_NS), +1); // overlapping intervals: one busy stretch
    t.step(wire, sc_time(35, SC_NS), -1);
    t.step(wire, sc_time(45, SC_NS), -1);
    t.step(wire, sc_time(2000, SC_NS), +1); // after the window: ignored
    BOOST_REQUIRE(t.write());
    const std::string vcd = slurp(path);
    const std::string changes = vcd.substr(vcd.find("$end\n#20000"));
    BOOST_TEST(changes == "$end\n#20000\nb10 !\n1\"\n#40000\nb1 !\n#45000\n0\"\n#50000\nb11 !\n"
                          "#60000\nb0 !\n",
               changes);
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(signals_come_before_the_header) {
    const std::string path = "test_tracer_header.vcd";
    trvp::tracer t(path, sc_time(0, SC_NS), sc_time(1000, SC_NS));
    t.add("cpu", "pc", 32);
    BOOST_REQUIRE(t.write());
    BOOST_CHECK_THROW(t.add("cpu", "late", 1), std::logic_error);
    std::remove(path.c_str());
}
