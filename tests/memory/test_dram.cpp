#define BOOST_TEST_MODULE dram
#include "common/sc_test_main.h"
#include "common/tracer.h"
#include "interconnect/tb_initiator.h"
#include "memory/dram.h"

#include "common/errors.h"

#include <chrono>
#include <fstream>
#include <iterator>

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;
using bytes = std::vector<uint8_t>;

namespace {

struct bench {
    test_env te;
    tb_initiator cpu{"cpu"};
    dram mem;

    static dram_params params(bool dmi) {
        dram_params p;
        p.size = 1 << 20;
        p.dmi = dmi;
        return p;
    }
    explicit bench(bool dmi = true) : mem("dram", te.env, params(dmi)) {
        cpu.socket.bind(mem.target("mem"));
        sc_start(SC_ZERO_TIME);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(read_write_and_bounds) {
    bench b;
    b.cpu.write32(0x100, 0x12345678);
    BOOST_TEST(b.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.cpu.read32(0x100) == 0x12345678u);
    BOOST_TEST(b.cpu.read32(0x101, 2) == 0x3456u);
    b.cpu.write32((1 << 20) - 4, 1);
    BOOST_TEST(b.cpu.status == tlm::TLM_OK_RESPONSE);
    b.cpu.read32((1 << 20) - 2);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.write32(1 << 20, 1);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(~0ull - 1);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    BOOST_TEST(b.te.count("dram.writes") == 2u); // errors are not counted as accesses
}

BOOST_AUTO_TEST_CASE(byte_enables_and_streaming) {
    bench b;
    b.mem.probe_write(0, bytes(8, 0xee));
    uint8_t data[4] = {1, 2, 3, 4};
    uint8_t be[2] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED}; // repeats: bytes 0 and 2
    sc_time d = SC_ZERO_TIME;
    BOOST_TEST(b.cpu.access(tlm::TLM_WRITE_COMMAND, 0, data, 4, d, nullptr, 0, be, 2) ==
               tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.mem.probe_read(0, 4) == (bytes{1, 0xee, 3, 0xee}));
    // Streaming width 2: the four bytes land on cells 0, 1, 0, 1.
    uint8_t s[4] = {9, 8, 7, 6};
    BOOST_TEST(b.cpu.access(tlm::TLM_WRITE_COMMAND, 4, s, 4, d, nullptr, 2) ==
               tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.mem.probe_read(4, 4) == (bytes{7, 6, 0xee, 0xee}));
    // A streaming burst only needs its width to fit.
    BOOST_TEST(b.cpu.access(tlm::TLM_READ_COMMAND, (1 << 20) - 2, s, 4, d, nullptr, 2) ==
               tlm::TLM_OK_RESPONSE);
}

BOOST_AUTO_TEST_CASE(latency_and_statistics) {
    bench b;
    mem_ext ext;
    uint8_t line[64] = {};
    sc_time d(3, SC_NS);
    BOOST_TEST(b.cpu.write(0x40, line, 64, d, &ext) == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(d == sc_time(53, SC_NS));
    BOOST_TEST(ext.latency[stage::dram] == sc_time(50, SC_NS));
    BOOST_TEST(b.cpu.read(0x40, line, 64, d, &ext) == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.cpu.read(0x40, line, 8, d) == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(d == sc_time(153, SC_NS));
    BOOST_TEST(ext.latency[stage::dram] == sc_time(100, SC_NS));
    BOOST_TEST(b.te.count("dram.reads") == 2u);
    BOOST_TEST(b.te.count("dram.writes") == 1u);
    BOOST_TEST(b.te.count("dram.read_bytes") == 72u);
    BOOST_TEST(b.te.count("dram.write_bytes") == 64u);
}

BOOST_AUTO_TEST_CASE(probe_find_tamper_and_dump) {
    bench b;
    const char marker[] = "SECRET-MARKER";
    sc_time d = SC_ZERO_TIME;
    b.cpu.write(0x2000, marker, sizeof marker - 1, d);
    b.cpu.write(0x9000, marker, sizeof marker - 1, d);
    const bytes pat(marker, marker + sizeof marker - 1);
    BOOST_TEST(b.mem.probe_find(pat) == (std::vector<uint64_t>{0x2000, 0x9000}),
               boost::test_tools::per_element());
    BOOST_TEST(b.mem.probe_read(0x2000, pat.size()) == pat);

    b.mem.probe_write(0x2000, {'X'}); // tamper: the guest sees it
    char back[4] = {};
    b.cpu.read(0x2000, back, 3, d);
    BOOST_TEST(std::string(back, 3) == "XEC");
    BOOST_TEST(b.mem.probe_find(pat).size() == 1u);
    BOOST_TEST(b.te.count("dram.writes") == 2u); // probes are not guest traffic

    BOOST_CHECK_THROW(b.mem.probe_read((1 << 20) - 1, 2), user_error);
    BOOST_CHECK_THROW(b.mem.probe_write(1 << 20, {1}), user_error);

    // The dump is written sparse (zero chunks are holes): the last byte still lands.
    b.mem.probe_write((1 << 20) - 1, {0x5a});
    const std::string path = "test_dram_dump.bin";
    b.mem.probe_dump(path);
    std::ifstream f(path, std::ios::binary);
    const bytes all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    BOOST_REQUIRE(all.size() == 1u << 20);
    BOOST_TEST(std::string(all.begin() + 0x9000, all.begin() + 0x9000 + pat.size()) == marker);
    BOOST_TEST(all.back() == 0x5a);
    BOOST_TEST(std::count(all.begin(), all.end(), 0) == (1 << 20) - 2 * long(pat.size()) - 1);
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(watch_sees_guest_writes_only) {
    bench b;
    std::vector<std::pair<uint64_t, bytes>> seen;
    b.mem.watch_writes(0x1000, 8, [&](uint64_t off, const uint8_t* data, unsigned len) {
        seen.emplace_back(off, bytes(data, data + len));
    });
    b.cpu.write32(0x0ffc, 0x11111111); // just below
    b.cpu.write32(0x1008, 0x22222222); // just above
    BOOST_TEST(seen.empty());
    b.cpu.write32(0x1004, 0x01020304);
    b.cpu.read32(0x1000);
    BOOST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].first == 0x1004u);
    BOOST_TEST(seen[0].second == (bytes{4, 3, 2, 1}));
    uint8_t line[16] = {};
    sc_time d = SC_ZERO_TIME;
    b.cpu.write(0x0ff8, line, 16, d); // overlaps the start
    BOOST_TEST(seen.size() == 2u);
    b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x1000, line, 4);
    b.mem.probe_write(0x1000, {1});
    BOOST_TEST(seen.size() == 2u);
    BOOST_CHECK_THROW(b.mem.watch_writes(1 << 20, 1, {}), user_error);
}

BOOST_AUTO_TEST_CASE(dmi_excludes_watched_pages) {
    bench b;
    tlm::tlm_dmi dmi;
    dmi_ext ext;
    BOOST_REQUIRE(b.cpu.get_dmi(0x5000, dmi, &ext));
    BOOST_TEST(dmi.get_start_address() == 0u);
    BOOST_TEST(dmi.get_end_address() == (1u << 20) - 1);
    BOOST_TEST(dmi.get_read_latency() == sc_time(50, SC_NS));
    BOOST_REQUIRE(ext.read.valid());
    uint64_t cycles = 0;
    ext.read.charge(cycles, 8);
    BOOST_TEST(b.te.count("dram.reads") == 1u);
    BOOST_TEST(b.te.count("dram.read_bytes") == 8u);

    b.mem.watch_writes(0x3ff0, 0x20, {}); // pages 3 and 4
    BOOST_REQUIRE(b.cpu.invalidations.size() == 1u);
    BOOST_TEST(b.cpu.invalidations[0].first == 0x3000u);
    BOOST_TEST(b.cpu.invalidations[0].second == 0x4fffu);

    BOOST_REQUIRE(b.cpu.get_dmi(0x100, dmi));
    BOOST_TEST(dmi.get_start_address() == 0u);
    BOOST_TEST(dmi.get_end_address() == 0x2fffu);
    BOOST_REQUIRE(b.cpu.get_dmi(0x5000, dmi));
    BOOST_TEST(dmi.get_start_address() == 0x5000u);
    BOOST_TEST(dmi.get_end_address() == (1u << 20) - 1);
    BOOST_TEST(dmi.get_dmi_ptr()[0] == 0); // points at offset 0x5000
    BOOST_TEST(!b.cpu.get_dmi(0x4abc, dmi));
    BOOST_TEST(dmi.get_start_address() == 0x4000u);
    BOOST_TEST(dmi.get_end_address() == 0x4fffu);

    // The b_transport hint agrees.
    b.cpu.read32(0x4abc);
    BOOST_TEST(!b.cpu.last_dmi_allowed);
    b.cpu.read32(0x5abc);
    BOOST_TEST(b.cpu.last_dmi_allowed);
}

BOOST_AUTO_TEST_CASE(dmi_invalidated_by_probe_write) {
    bench b;
    tlm::tlm_dmi dmi;
    BOOST_REQUIRE(b.cpu.get_dmi(0, dmi));
    b.mem.probe_write(0x800, {1, 2, 3});
    BOOST_REQUIRE(b.cpu.invalidations.size() == 1u);
    BOOST_TEST(b.cpu.invalidations[0].first == 0x800u);
    BOOST_TEST(b.cpu.invalidations[0].second == 0x802u);
    BOOST_TEST(dmi.get_dmi_ptr()[0x801] == 2); // same storage
}

BOOST_AUTO_TEST_CASE(dmi_can_be_disabled) {
    bench b(false);
    tlm::tlm_dmi dmi;
    BOOST_TEST(!b.cpu.get_dmi(0x100, dmi));
    BOOST_TEST(!dmi.is_read_allowed());
    b.cpu.read32(0x100);
    BOOST_TEST(!b.cpu.last_dmi_allowed);
}

BOOST_AUTO_TEST_CASE(large_dram_starts_fast) {
    test_env te;
    dram_params p;
    p.size = 1ull << 30;
    const auto t0 = std::chrono::steady_clock::now();
    dram mem("big", te.env, p);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(ms < 50.0);
    mem.probe_write(p.size - 1, {0x42});
    BOOST_TEST(mem.probe_read(p.size - 1, 1)[0] == 0x42);
    p.size = 0;
    BOOST_CHECK_THROW(dram("empty", te.env, p), user_error);
}

// ---- banked timing: 8 banks, 2 KiB rows, hit/miss/conflict 20/40/55 ns, 12.8 GB/s, so a
// 64-byte line occupies the channel for 5 ns. Bank = (addr / 2048) % 8, row = addr / 16384.

namespace {

constexpr uint64_t row = 2048, bank_stride = row, next_row_same_bank = 8 * row;

sc_time ns(double v) {
    return sc_time(v, SC_NS);
}

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

BOOST_AUTO_TEST_CASE(fixed_bandwidth_formula_counts_dmi, *boost::unit_test::tolerance(1e-12)) {
    bench b;
    tlm::tlm_dmi dmi;
    dmi_ext ext;
    BOOST_REQUIRE(b.cpu.get_dmi(0, dmi, &ext));
    uint64_t cycles = 0;
    ext.read.charge(cycles, 64);
    b.cpu.read32(0x100);
    b.te.control.report_time(ns(1000));
    BOOST_TEST(dynamic_cast<const stats::formula&>(*b.te.reg.find("dram.bandwidth")).value() ==
               68 / 1e-6);
    BOOST_TEST(!b.te.reg.find("dram.row_hits")); // the fixed model has no rows
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
    // Changes: busy 1 at 40 ns, bank 1 at 45 ns, busy 0 at 50 ns, busy 1 + bank 0 at
    // 120 ns, busy 0 at 125 ns.
    const std::string want = "#40000\n1!\n#45000\nb1 \"\n#50000\n0!\n#120000\n1!\nb0 \"\n"
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
    BOOST_CHECK_THROW(build([](dram_params& p) { p.timing = "fancy"; }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.page_policy = "ajar"; }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.banks = 0; }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.row_size = 0; }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.bandwidth = 0; }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.t_row_hit = ns(45); }), user_error);
    BOOST_CHECK_THROW(build([](dram_params& p) { p.t_row_conflict = ns(30); }), user_error);
    try {
        build([](dram_params& p) { p.timing = "fancy"; });
    } catch (const user_error& e) {
        BOOST_TEST(std::string(e.what()) == "bad: timing 'fancy' is not one of: fixed, banked");
    }
}
