#define BOOST_TEST_MODULE dram
// The DRAM model with its fixed latency: accesses, byte enables, statistics, the probe, write
// watches and DMI (the banked timing model: test_dram_banked.cpp).
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
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

sc_time ns(double v) {
    return sc_time(v, SC_NS);
}

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
}

// ---- banked timing: 8 banks, 2 KiB rows, hit/miss/conflict 20/40/55 ns, 12.8 GB/s, so a
// 64-byte line occupies the channel for 5 ns. Bank = (addr / 2048) % 8, row = addr / 16384.

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
