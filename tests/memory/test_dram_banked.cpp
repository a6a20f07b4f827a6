#define BOOST_TEST_MODULE dram_banked
// The banked DRAM timing model (dram_params::timing = banked): rows, banks, the channel,
// page policies, the bandwidth formula, trace signals and parameter checks.
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
#include "common/tracer.h"
#include "memory/dram.h"

#include "common/errors.h"

#include <fstream>
#include <iterator>
#include <string>

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;

namespace {

sc_time ns(double v) {
    return sc_time(v, SC_NS);
}

constexpr uint64_t row = 2048, bank_stride = row, next_row_same_bank = 8 * row;

struct banked_bench {
    test_env te;
    tracer* tr = nullptr;
    tb_initiator cpu{"cpu"};
    dram mem;

    static dram_params params(const std::string& policy) {
        dram_params p;
        p.size = 1 << 20;
        p.timing = "banked";
        p.page_policy = policy;
        return p;
    }
    explicit banked_bench(const std::string& policy = "open", tracer* t = nullptr)
        : tr(with_trace(te, t)), mem("dram", te.env, params(policy)) {
        cpu.socket.bind(mem.target("mem"));
        sc_start(SC_ZERO_TIME);
    }
    static tracer* with_trace(test_env& te, tracer* t) {
        te.env.trace = t;
        return t;
    }
    /** Reads a line arriving at `at`; returns the time it added to the delay. */
    sc_time line(uint64_t addr, sc_time at, mem_ext* ext = nullptr) {
        uint8_t buf[64];
        sc_time d = at;
        BOOST_REQUIRE(cpu.read(addr, buf, 64, d, ext) == tlm::TLM_OK_RESPONSE);
        return d - at;
    }
    const stats::histogram& hist(const std::string& n) const {
        return dynamic_cast<const stats::histogram&>(*te.reg.find(n));
    }
    double formula(const std::string& n) const {
        return dynamic_cast<const stats::formula&>(*te.reg.find(n)).value();
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(banked_row_hit_miss_conflict) {
    banked_bench b;
    BOOST_TEST(b.line(0x0, ns(0)) == ns(45));                       // miss: 40 + 5
    BOOST_TEST(b.line(0x40, ns(100)) == ns(25));                    // hit: 20 + 5
    BOOST_TEST(b.line(next_row_same_bank, ns(200)) == ns(60));      // conflict: 55 + 5
    BOOST_TEST(b.line(next_row_same_bank + 64, ns(300)) == ns(25)); // hit in the new row
    BOOST_TEST(b.line(3 * bank_stride, ns(400)) == ns(45));         // bank 3: closed
    // A write costs the same; 4 bytes take 312.5 ps on the channel, rounded to 313 ps.
    uint32_t v = 1;
    sc_time d = ns(500);
    BOOST_TEST(b.cpu.write(0x44, &v, 4, d) == tlm::TLM_OK_RESPONSE); // bank 0, row 0: conflict
    BOOST_TEST(d == ns(555) + sc_time(313, SC_PS));
    BOOST_TEST(b.te.count("dram.row_hits") == 2u);
    BOOST_TEST(b.te.count("dram.row_misses") == 2u);
    BOOST_TEST(b.te.count("dram.row_conflicts") == 2u);
    BOOST_TEST(b.te.count("dram.bank.0.accesses") == 5u);
    BOOST_TEST(b.te.count("dram.bank.3.accesses") == 1u);
    BOOST_TEST(b.te.count("dram.bank.7.accesses") == 0u);
    BOOST_TEST(!b.te.reg.find("dram.bank.8.accesses"));
    // Latency depends on state: no DMI, and the b_transport hint says so.
    tlm::tlm_dmi dmi;
    BOOST_TEST(!b.cpu.get_dmi(0x100, dmi));
    BOOST_TEST(!b.cpu.last_dmi_allowed);
    const auto& lat = b.hist("dram.latency");
    BOOST_TEST(lat.count() == 6u);
    BOOST_TEST(lat.min() == 25u);
    BOOST_TEST(lat.max() == 60u);
    BOOST_TEST(b.hist("dram.queue").max() == 0u);
}

BOOST_AUTO_TEST_CASE(banked_back_to_back_queue_on_channel) {
    banked_bench b;
    b.line(0x0, ns(0));           // opens row 0 of bank 0
    b.line(bank_stride, ns(100)); // opens row 0 of bank 1
    // Two hits from one initiator, both arriving at 1000 ns, in different banks: the banks
    // work in parallel, the second transfer waits for the first on the channel.
    mem_ext e1, e2;
    BOOST_TEST(b.line(0x40, ns(1000), &e1) == ns(25));
    BOOST_TEST(b.line(bank_stride + 0x40, ns(1000), &e2) == ns(30)); // one transfer later
    BOOST_TEST(e1.latency[stage::queue] == SC_ZERO_TIME);
    BOOST_TEST(e1.latency[stage::dram] == ns(25));
    BOOST_TEST(e2.latency[stage::queue] == ns(5));
    BOOST_TEST(e2.latency[stage::dram] == ns(25));
    // A third at the same time queues behind both.
    BOOST_TEST(b.line(2 * bank_stride, ns(1000)) == ns(45)); // miss: 40, channel free at 1030
    BOOST_TEST(b.line(0x80, ns(1000)) == ns(50));            // bank 0 free at 1025: 1045..1050
    BOOST_TEST(b.hist("dram.queue").max() == 25u);
    BOOST_TEST(b.hist("dram.queue").sum() == 30u); // 0 + 5 + 0 + 25 (after the warm-up: 0)
}

BOOST_AUTO_TEST_CASE(banked_bank_parallelism) {
    banked_bench b;
    // Different banks overlap their row access (two misses) but share the channel.
    BOOST_TEST(b.line(0x0, ns(0)) == ns(45));
    BOOST_TEST(b.line(bank_stride, ns(0)) == ns(50));
    // The same bank serialises: the conflict starts when the first access has left the bank.
    mem_ext e;
    BOOST_TEST(b.line(2 * bank_stride, ns(1000)) == ns(45));
    BOOST_TEST(b.line(2 * bank_stride + next_row_same_bank, ns(1000), &e) == ns(105));
    BOOST_TEST(e.latency[stage::queue] == ns(45));
    BOOST_TEST(e.latency[stage::dram] == ns(60));
    BOOST_TEST(b.te.count("dram.row_conflicts") == 1u);
    BOOST_TEST(b.te.count("dram.bank.2.accesses") == 2u);
}

BOOST_AUTO_TEST_CASE(banked_closed_page) {
    banked_bench b("closed");
    BOOST_TEST(b.line(0x0, ns(0)) == ns(45));    // miss
    BOOST_TEST(b.line(0x40, ns(100)) == ns(45)); // the row was closed again: miss, not hit
    BOOST_TEST(b.line(next_row_same_bank, ns(200)) == ns(45)); // never a conflict either
    // Right after an access the bank still precharges (t_row_conflict - t_row_miss = 15 ns).
    mem_ext e;
    BOOST_TEST(b.line(0x80, ns(245), &e) == ns(60));
    BOOST_TEST(e.latency[stage::queue] == ns(15));
    BOOST_TEST(b.te.count("dram.row_misses") == 4u);
    BOOST_TEST(b.te.count("dram.row_hits") == 0u);
    BOOST_TEST(b.te.count("dram.row_conflicts") == 0u);
}

BOOST_AUTO_TEST_CASE(banked_bandwidth_formula, *boost::unit_test::tolerance(1e-12)) {
    banked_bench b;
    for (unsigned i = 0; i < 4; ++i) b.line(i * bank_stride, ns(0)); // 45, 50, 55, 60
    // The window ends at the run's end time, not at sc_time_stamp() (still 0 here).
    b.te.control.report_time(ns(100));
    BOOST_TEST(b.te.count("dram.channel_busy") == 20000u); // 4 x 5 ns, in ps
    BOOST_TEST(b.formula("dram.channel_utilisation") == 0.2);
    BOOST_TEST(b.formula("dram.bandwidth") == 256 / 100e-9);
    // A reset (a phase begins) moves the window's start to now.
    b.te.reg.reset_all();
    BOOST_TEST(b.te.count("dram.window_start") == 100000u);
    BOOST_TEST(b.formula("dram.bandwidth") == 0.0);
    b.line(0x40, ns(100)); // hit, 100..125
    b.te.control.report_time(ns(150));
    BOOST_TEST(b.te.count("dram.channel_busy") == 5000u);
    BOOST_TEST(b.formula("dram.channel_utilisation") == 0.1);
    BOOST_TEST(b.formula("dram.bandwidth") == 64 / 50e-9);
}

BOOST_AUTO_TEST_CASE(banked_trace_signals) {
    const std::string path = "test_dram_banked.vcd";
    tracer tr(path, SC_ZERO_TIME, sc_max_time());
    {
        banked_bench b("open", &tr);
        b.line(0x0, ns(0));         // transfer 40..45, bank 0
        b.line(bank_stride, ns(0)); // 45..50, bank 1: back to back, busy stays 1
        b.line(0x40, ns(100));      // 120..125, bank 0
        b.mem.end_of_run();
        BOOST_REQUIRE(tr.write());
    }
    std::ifstream f(path);
    const std::string vcd((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::remove(path.c_str());
    BOOST_TEST(vcd.find("$var wire 1 ! busy $end") != std::string::npos);
    BOOST_TEST(vcd.find("$var wire 16 \" bank $end") != std::string::npos);
    // Changes: busy 1 at 40 ns, bank 1 at 45 ns, busy 0 at 50 ns, bank 0 + busy 1 at
    // 120 ns (busy is a level signal: written after the plain changes of its time), busy 0
    // at 125 ns.
    const std::string want = "#40000\n1!\n#45000\nb1 \"\n#50000\n0!\n#120000\nb0 \"\n1!\n"
                             "#125000\n0!\n";
    BOOST_TEST(vcd.substr(vcd.size() - want.size()) == want);
}

BOOST_AUTO_TEST_CASE(banked_bad_params) {
    test_env te;
    auto build = [&](auto edit) {
        dram_params p = banked_bench::params("open");
        edit(p);
        dram d("bad", te.env, p);
    };
    // The limits of single parameters (timing, page_policy, banks, row_size, bandwidth, size)
    // are the factory's: system_cli_errors/parameter_limits_name_the_key. Relations between
    // parameters are the model's.
    BOOST_CHECK_THROW(build([](dram_params& p) { p.t_row_hit = ns(45); }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.t_row_conflict = ns(30); }), user_error);
    try {
        build([](dram_params& p) { p.t_row_hit = ns(45); });
    } catch (const user_error& e) {
        BOOST_TEST(std::string(e.what()).rfind("bad: row timings must satisfy", 0) == 0, e.what());
    }
}
