#define BOOST_TEST_MODULE system_tr_save
// The tamper-resistant core at system level, context save in kernel memory
// (cpu.secure.context_save: memory): runs like on-chip save, altered or replayed blobs are
// refused, and no blob holds a register value (configs/tr.yaml, firmware/tr_tests/regs.c).
#include "tr_helpers.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace trvp::systest;

namespace {
trvp_run saving(const std::string& mode, trvp_run r) {
    r.set("cpu.secure.context_save=" + mode);
    return r;
}

// The little-endian hex and bytes of u_tr_regs's marker i (firmware/tr_tests/regs.c).
uint32_t reg_mark(uint32_t i) {
    return 0x5e9a0000u + 0x0101u * i + 0x30u;
}
std::string le_bytes(uint32_t v) {
    return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
}
std::string le_hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "%02x%02x%02x%02x", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
                  v >> 24);
    return b;
}
} // namespace

BOOST_FIXTURE_TEST_SUITE(tr_core, images_built)

BOOST_AUTO_TEST_CASE(memory_context_save_runs_like_on_chip) {
    // No timer interrupt in the run, so both modes execute the same program instructions.
    auto run = [](const std::string& mode, uint32_t cost, const std::string& dir) {
        return saving(mode, hidden("xts", 1))
            .set("firmware.boot.slice=1000000")
            .set("cpu.secure.costs.context_seal=" + std::to_string(cost))
            .set("cpu.secure.costs.context_open=" + std::to_string(cost))
            .out(scratch_dir() + "/" + dir)
            .run();
    };
    auto chip = run("on_chip", 100, "chip"), mem = run("memory", 100, "mem");
    BOOST_TEST(chip.status == 0, chip);
    BOOST_TEST(mem.status == 0, mem);
    BOOST_TEST(mem.file("uart0.txt") == chip.file("uart0.txt")); // the same transcript
    BOOST_TEST(mem.out_has("hidden: marker 1 read back after eviction: ok"), mem.out);
    BOOST_TEST(chip.counter("cpu.secure.ctx_save.saves") == 0u);
    const uint64_t saves = mem.counter("cpu.secure.ctx_save.saves");
    const uint64_t restores = mem.counter("cpu.secure.ctx_save.restores");
    BOOST_TEST(saves == mem.counter("cpu.secure.exits"));
    BOOST_TEST(restores == mem.counter("cpu.secure.enters") - 1); // the first entry has none
    BOOST_TEST(saves >= 5u);
    BOOST_TEST(mem.counter("cpu.secure.ctx_save.bytes") == (saves + restores) * 160);
    BOOST_TEST(mem.counter("cpu.secure.ctx_save.refused.stale") +
                   mem.counter("cpu.secure.ctx_save.refused.altered") ==
               0u);
    BOOST_TEST(mem.counter("cpu.secure.op.savearea") == 1u); // after one TR_ENOSAVE
    // The configured costs are charged exactly once per save and per restore.
    auto dear = run("memory", 1100, "dear");
    BOOST_TEST(dear.status == 0, dear);
    BOOST_TEST(dear.counter("cpu.instret") == mem.counter("cpu.instret"));
    BOOST_TEST(dear.counter("cpu.cycles") - mem.counter("cpu.cycles") == 1000 * (saves + restores));
}

BOOST_AUTO_TEST_CASE(altered_or_replayed_saved_context_is_refused) {
    // Attacker 5 flips a bit of the blob at the first trap, attacker 6 puts the first trap's
    // blob back at the second: tr.resume refuses both, the process never runs on.
    for (const unsigned attacker : {5u, 6u}) {
        const std::string dir = scratch_dir() + "/a" + std::to_string(attacker);
        auto r = saving("memory", hidden("xts", 1))
                     .set("firmware.boot.attacker=" + std::to_string(attacker))
                     .out(dir)
                     .run();
        BOOST_TEST(r.status == 1, r);
        BOOST_TEST(r.out_has(attacker == 5 ? "attack: pid 1: flipped a bit of the saved context"
                                           : "attack: pid 1: put the saved context of version 1 "
                                             "back over version 2"),
                   r.out);
        BOOST_TEST(r.out_has("kernel: pid 1 could not be resumed: error -8"), r.out);
        BOOST_TEST(!r.out_has("hidden: marker"), r.out);
        BOOST_TEST(r.counter("cpu.secure.ctx_save.refused.altered") == (attacker == 5 ? 1u : 0u));
        BOOST_TEST(r.counter("cpu.secure.ctx_save.refused.stale") == (attacker == 6 ? 1u : 0u));
        BOOST_TEST(r.counter("cpu.secure.errors") >= 1u);
    }
    // Control: on chip there is no blob to attack; the process runs to its end.
    auto c = saving("on_chip", hidden("xts", 1))
                 .set("firmware.boot.attacker=5")
                 .out(scratch_dir() + "/chip")
                 .run();
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(c.out_has("attack: pid 1: no saved context in kernel memory (saved on chip)"),
               c.out);
    BOOST_TEST(c.out_has("hidden: marker 1 read back after eviction: ok"), c.out);
}

BOOST_AUTO_TEST_CASE(saved_context_blobs_hold_no_register_values) {
    // u_tr_regs keeps ten markers in s2..s11 from a yield to its exit; the spy kernel
    // (attacker 1) prints every blob it finds in the save area; DRAM is dumped at the end.
    auto r = saving("memory", tr("xts", "[{file: u_tr_regs.sealed}]",
                                 "[{image: u_tr_regs.sealed, arg: 0}]"))
                 .set("firmware.boot.attacker=1")
                 .set("firmware.boot.slice=1000000") // no timer interrupt: five traps
                 .arg("--dump-dram")
                 .run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("regs: markers in s2..s11"), r.out);
    const std::regex line("spy: pid 1 trap cause 0x([0-9a-f]+) a7 (\\d+) save area pa "
                          "([0-9a-f]{8}) version (\\d+): ([0-9a-f]{320})");
    unsigned blobs = 0, yield_version = 0;
    uint64_t pa = 0;
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), line), end; it != end; ++it) {
        const std::smatch& m = *it;
        ++blobs;
        pa = std::stoull(m[3].str(), nullptr, 16);
        if (m[1].str() == "8" && m[2].str() == "1") yield_version = std::stoul(m[4].str());
        for (uint32_t i = 0; i < 10; ++i)
            BOOST_TEST(m[5].str().find(le_hex(reg_mark(i))) == std::string::npos,
                       "marker " << i << " in the blob of version " << m[4].str());
    }
    BOOST_TEST(blobs == 5u, r.out); // alloc, alloc, write, yield, exit
    BOOST_TEST(yield_version == 4u, r.out);
    BOOST_REQUIRE(pa >= 0x80000000u);
    // In DRAM: a blob saved while the markers were in the registers (the eviction loop pushed
    // it out), its header in clear, none of the markers.
    const std::string dram = r.file("dram.bin");
    const std::string blob = dram.substr(pa - 0x80000000u, 160);
    BOOST_TEST(blob.substr(0, 8) == std::string("TRCX\x01\x00\x02\x01", 8));
    uint32_t version = 0;
    std::memcpy(&version, blob.data() + 8, 4);
    BOOST_TEST(version >= yield_version);
    for (uint32_t i = 0; i < 10; ++i) {
        BOOST_TEST(blob.find(le_bytes(reg_mark(i))) == std::string::npos, "marker " << i);
        // Control: the program's plaintext copy of the markers is in the same dump.
        BOOST_TEST(count(dram, le_bytes(reg_mark(i))) >= 1u, "control: marker " << i);
    }
}

BOOST_AUTO_TEST_SUITE_END()
