#define BOOST_TEST_MODULE clint
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
#include "peripherals/clint.h"

#include "common/errors.h"

#include <cmath>
#include <limits>
#include <map>

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;

namespace {

constexpr uint64_t MSIP = 0x0, MTIMECMP = 0x4000, MTIME = 0xbff8;

struct recorder : irq_sink {
    std::vector<std::pair<unsigned, bool>> levels;
    std::map<unsigned, sc_time> deadline;
    unsigned deadline_calls = 0;
    void set_irq(unsigned line, bool level) override { levels.emplace_back(line, level); }
    void set_irq_deadline(unsigned line, const sc_time& t) override {
        deadline[line] = t;
        ++deadline_calls;
    }
};

clint_params hz(double f) {
    clint_params p;
    p.timebase_hz = f;
    return p;
}

struct bench {
    test_env te;
    recorder sink;
    tb_initiator cpu{"cpu"};
    clint timer;
    explicit bench(double f = 10e6) : timer("clint", te.env, hz(f)) {
        cpu.socket.bind(timer.target("regs"));
        timer.connect_irq("irq", sink);
        sc_start(SC_ZERO_TIME);
    }
    uint64_t mtime(const sc_time& delay) {
        uint64_t v = 0;
        sc_time d = delay;
        BOOST_TEST(cpu.read(MTIME, &v, 8, d) == tlm::TLM_OK_RESPONSE);
        BOOST_TEST(d == delay); // the CLINT adds no latency of its own
        return v;
    }
    void write64(uint64_t addr, uint64_t v, const sc_time& delay = SC_ZERO_TIME) {
        sc_time d = delay;
        BOOST_TEST(cpu.write(addr, &v, 8, d) == tlm::TLM_OK_RESPONSE);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(mtime_includes_annotated_delay) {
    bench b; // 10 MHz: one tick every 100 ns
    BOOST_TEST(b.mtime(SC_ZERO_TIME) == 0u);
    BOOST_TEST(b.mtime(sc_time(1234, SC_NS)) == 12u);
    BOOST_TEST(b.mtime(sc_time(1299999, SC_PS)) == 12u);
    BOOST_TEST(b.mtime(sc_time(1300, SC_NS)) == 13u);
    sc_start(1000, SC_NS);
    // The same local time reached with a different split between time stamp and delay.
    BOOST_TEST(b.mtime(sc_time(234, SC_NS)) == 12u);
    BOOST_TEST(b.mtime(sc_time(300, SC_NS)) == 13u);
    // 32-bit halves.
    BOOST_TEST(b.cpu.read32(MTIME) == 10u);
    BOOST_TEST(b.cpu.read32(MTIME + 4) == 0u);

    // Two initiators that advance 30 ns per step and read mtime every step, one
    // synchronising every step, one every 1 us quantum: they must read the same values.
    std::vector<uint64_t> seen[2];
    for (int k = 0; k < 2; ++k) {
        sc_spawn([&, k] {
            const sc_time quantum = k == 0 ? sc_time(30, SC_NS) : sc_time(1, SC_US);
            sc_time local = SC_ZERO_TIME;
            for (int i = 0; i < 200; ++i) {
                local += sc_time(30, SC_NS);
                seen[k].push_back(b.timer.mtime_at(sc_time_stamp() + local));
                uint64_t v = 0;
                sc_time d = local;
                b.cpu.read(MTIME, &v, 8, d);
                BOOST_TEST(v == seen[k].back());
                if (local >= quantum) {
                    wait(local);
                    local = SC_ZERO_TIME;
                }
            }
        });
    }
    sc_start();
    BOOST_TEST(seen[0] == seen[1], boost::test_tools::per_element());
    BOOST_TEST(seen[0].back() == 10u + 200u * 30u / 100u);
}

BOOST_AUTO_TEST_CASE(deadline_is_exact) {
    bench b;
    // Reset: announced as never at the start of simulation.
    BOOST_TEST(b.sink.deadline.at(7) == sc_max_time());
    b.write64(MTIMECMP, 25);
    BOOST_TEST(b.sink.deadline.at(7) == sc_time(2500, SC_NS));
    BOOST_TEST(b.timer.deadline() == sc_time(2500, SC_NS));
    // Through 32-bit halves, the way RV32 software writes it (high word first).
    b.cpu.write32(MTIMECMP + 4, 0);
    b.cpu.write32(MTIMECMP, 1234567);
    BOOST_TEST(b.cpu.read32(MTIMECMP) == 1234567u);
    BOOST_TEST(b.cpu.read32(MTIMECMP + 4) == 0u);
    BOOST_TEST(b.sink.deadline.at(7) == sc_time(123456700, SC_NS));
    // The deadline does not depend on when (or with which delay) it was written.
    sc_start(777, SC_NS);
    b.write64(MTIMECMP, 25, sc_time(5, SC_NS));
    BOOST_TEST(b.sink.deadline.at(7) == sc_time(2500, SC_NS));
    // Already reached: a deadline in the past means pending now.
    b.write64(MTIMECMP, 3);
    BOOST_TEST(b.sink.deadline.at(7) == sc_time(300, SC_NS));
    b.write64(MTIMECMP, ~0ull);
    BOOST_TEST(b.sink.deadline.at(7) == sc_max_time());
}

BOOST_AUTO_TEST_CASE(deadline_is_exact_for_odd_timebase) {
    bench b(32768); // a tick is 30517578.125 ps: not a whole number of resolution units
    b.write64(MTIMECMP, 3);
    const sc_time t = b.sink.deadline.at(7);
    BOOST_TEST(t == sc_time::from_value(91552735)); // ceil(3e12 / 32768) ps
    BOOST_TEST(b.timer.mtime_at(t) == 3u);
    BOOST_TEST(b.timer.mtime_at(t - sc_time::from_value(1)) == 2u);
    const uint64_t big = 1ull << 30;
    const sc_time tb = b.timer.time_of(big);
    BOOST_TEST(b.timer.mtime_at(tb) == big);
    BOOST_TEST(b.timer.mtime_at(tb - sc_time::from_value(1)) == big - 1);
    // Beyond what sc_time can hold: never.
    BOOST_TEST(b.timer.time_of(1ull << 62) == sc_max_time());
}

BOOST_AUTO_TEST_CASE(msip_drives_line_3) {
    bench b;
    using lv = std::vector<std::pair<unsigned, bool>>;
    BOOST_TEST((b.sink.levels == lv{{3, false}})); // announced at the start
    b.cpu.write32(MSIP, 1);
    BOOST_TEST(b.cpu.read32(MSIP) == 1u);
    b.cpu.write32(MSIP, 0xfffffffe); // only bit 0 exists
    BOOST_TEST(b.cpu.read32(MSIP) == 0u);
    BOOST_TEST((b.sink.levels == lv{{3, false}, {3, true}, {3, false}}));
    b.cpu.read32(MSIP + 4); // another hart's msip: not present
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(0x8000);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

BOOST_AUTO_TEST_CASE(mtime_write_sets_offset) {
    bench b;
    sc_start(500, SC_NS);
    BOOST_TEST(b.mtime(SC_ZERO_TIME) == 5u);
    b.write64(MTIME, 1000, sc_time(100, SC_NS)); // at local time 600 ns
    BOOST_TEST(b.mtime(sc_time(100, SC_NS)) == 1000u);
    BOOST_TEST(b.mtime(sc_time(399, SC_NS)) == 1002u);
    b.write64(MTIMECMP, 1010);
    BOOST_TEST(b.sink.deadline.at(7) == sc_time(1600, SC_NS));
    // Writing mtime moves the pending deadline with it.
    b.write64(MTIME, 0, sc_time(100, SC_NS));
    BOOST_TEST(b.sink.deadline.at(7) == sc_time(600 + 101000, SC_NS));
    // The low half alone keeps the high half.
    b.write64(MTIME, 0x500000000ull, sc_time(100, SC_NS));
    uint32_t lo = 7;
    sc_time d(100, SC_NS);
    BOOST_TEST(b.cpu.write(MTIME, &lo, 4, d) == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.mtime(sc_time(100, SC_NS)) == 0x500000007ull);
}

BOOST_AUTO_TEST_CASE(reset_and_bad_params) {
    {
        test_env te; // modules can only be built before the simulation starts
        BOOST_CHECK_THROW(clint("c0", te.env, hz(0)), user_error);
        BOOST_CHECK_THROW(clint("c1", te.env, hz(1.5)), user_error);
        BOOST_CHECK_THROW(clint("c2", te.env, hz(std::nan(""))), user_error);
    }
    bench b;
    BOOST_TEST(b.cpu.read32(MTIMECMP) == 0xffffffffu);
    BOOST_TEST(b.cpu.read32(MTIMECMP + 4) == 0xffffffffu);
    BOOST_TEST(b.timer.deadline() == sc_max_time());
}
