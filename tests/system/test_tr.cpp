#define BOOST_TEST_MODULE system_tr
// The tamper-resistant core at system level: protected programs (firmware/tr_tests), sealed
// at build time, launched by the real (untrusted) kernel on the real trvp binary with
// configs/tr.yaml. Every verdict comes from outside the guest: the raw DRAM dump
// (--dump-dram), the attribute bank's dump (<out>/ear.json) and the statistics; each DRAM
// scan has a control run with the encryption unit's mode `none` that must find the marker.
#include "run_trvp.h"

#include <algorithm>
#include <cstring>
#include <regex>

using namespace trvp::systest;
namespace utf = boost::unit_test;

namespace {

const char* const kernel = "kernel.elf";

// The 64-byte marker of firmware/tr_tests/tr_util.h.
std::string marker(uint32_t tag) {
    std::string m(64, '\0');
    for (uint32_t i = 0; i < 64; ++i)
        m[i] = char(((tag * 0x1f + i * 0x3b + 0x5a) & 0xff) ^ (i >> 2));
    return m;
}

size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

std::string sealed(const std::string& name) {
    return sealed_path(name);
}

// Every case needs the kernel and the sealed images: missing, each case fails naming them.
struct images_built {
    images_built() {
        firmware_path(kernel);
        sealed_path("u_tr_hidden.sealed");
    }
};

// configs/tr.yaml with the given programs (a YAML flow list) and EU mode.
trvp_run tr(const std::string& mode, const std::string& images, const std::string& programs) {
    trvp_run r(config_path("tr.yaml"));
    r.set("eu.mode=" + mode)
        .set("firmware.images=" + images)
        .set("firmware.boot.programs=" + programs)
        .max_time("200 ms")
        .arg("--quiet");
    return r;
}

trvp_run hidden(const std::string& mode, uint32_t arg) {
    return tr(mode, "[{file: u_tr_hidden.sealed}]",
              "[{image: u_tr_hidden.sealed, arg: " + std::to_string(arg) + "}]");
}

// "... pa 0x8002a000 ..." of a transcript line starting with `prefix`.
uint64_t reported_pa(const std::string& out, const std::string& prefix) {
    std::smatch m;
    const std::regex re(prefix + "[^\n]* pa 0x([0-9a-f]{8})");
    if (!std::regex_search(out, m, re)) return 0;
    return std::stoull(m[1].str(), nullptr, 16);
}

std::string dram_line(const run_result& r, uint64_t pa, size_t len = 64) {
    return r.file("dram.bin").substr(pa - 0x80000000u, len);
}

std::string hex16(const std::string& bytes) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < 16; ++i) {
        s += ' ';
        s += d[uint8_t(bytes[i]) >> 4];
        s += d[uint8_t(bytes[i]) & 15];
    }
    return s;
}

// Cycles of a u_tr_miss run: `pages` pages read `passes` times; slice long enough that no
// timer interrupt disturbs the loop.
run_result miss_run(const std::string& mode, uint32_t passes, const std::string& extra = "") {
    trvp_run r =
        tr(mode, "[{file: u_tr_miss.sealed}]",
           "[{image: u_tr_miss.sealed, arg: " + std::to_string((passes << 16) | 32) + "}]");
    r.set("firmware.boot.slice=1000000");
    if (!extra.empty()) r.set(extra);
    r.out(scratch_dir() + "/" + mode + std::to_string(passes));
    return r.run();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(tr_core, images_built)

BOOST_AUTO_TEST_CASE(hidden_marker_reads_back_and_is_nowhere_in_dram) {
    auto r = hidden("xts", 1).arg("--dump-dram").run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("hidden: marker 1 read back after eviction: ok"), r.out);
    const uint64_t pa = reported_pa(r.out, "hidden: region");
    BOOST_TEST(pa != 0u, r.out);
    BOOST_TEST(count(r.file("dram.bin"), marker(1)) == 0u, "the marker leaked into DRAM");
    BOOST_TEST(dram_line(r, pa) != std::string(64, '\0'), "the line was written back");

    auto c = hidden("none", 1).arg("--dump-dram").out(scratch_dir() + "/control").run();
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(count(c.file("dram.bin"), marker(1)) >= 1u, "control: the scan sees plaintext");
    BOOST_TEST(dram_line(c, reported_pa(c.out, "hidden: region")) == marker(1));
}

BOOST_AUTO_TEST_CASE(spy_kernel_sees_only_ciphertext) {
    // Attacker mode 1: at exit the kernel dumps every user page as it reads it.
    auto r = hidden("xts", 1).set("firmware.boot.attacker=1").run();
    BOOST_TEST(r.status == 0, r);
    const std::string line = "spy: pid 1 va 40000000";
    BOOST_TEST(r.out_has(line), r.out);
    BOOST_TEST(!r.out_has(hex16(marker(1))), "the spy saw the hidden marker");

    auto c = hidden("none", 1).set("firmware.boot.attacker=1").out(scratch_dir() + "/c").run();
    BOOST_TEST(c.out_has(line + " pa"), c.out);
    BOOST_TEST(c.out_has(hex16(marker(1))), "control: the spy line shows plaintext");
}

BOOST_AUTO_TEST_CASE(register_tampering_fails_and_process_continues) {
    auto r = hidden("xts", 1).set("firmware.boot.attacker=3").run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("sees sepc 0x00000000 stval 0x00000000, 0 non-zero non-argument"), r.out);
    BOOST_TEST(r.out_has("tr.resume of forged context 1001 -> -7 (want -7)"), r.out);
    BOOST_TEST(r.out_has("set sepc"), r.out);
    // The registers and pc came back from the chip: the program ran to its end. (The bogus
    // value in a0..a7 made the kernel answer the first system call with an error: system-call
    // results are the kernel's by design, so the tag read through it differs.)
    BOOST_TEST(r.out_has("read back after eviction: ok"), r.out);
    BOOST_TEST(r.out_has("kernel: pid 1 exited with code 0"), r.out);
}

BOOST_AUTO_TEST_CASE(tampered_image_is_refused_and_the_rest_runs) {
    std::string img = read_file(sealed("u_tr_hidden.sealed"));
    BOOST_REQUIRE(img.size() > 100u);
    img[img.size() - 40] ^= 0x01; // inside the last segment's ciphertext
    const std::string bad = write_file("tampered.sealed", img);
    auto r = tr("xts", "[{file: '" + bad + "'}, {file: u_hello.elf}]",
                "[{image: 0, arg: 1}, {image: 1, arg: 7}]")
                 .run();
    BOOST_TEST(r.status == 1, r); // the guest reports a failed process; trvp did not crash
    BOOST_TEST(r.out_has("kernel: pid 1: tr.launch refused the image: error -6"), r.out);
    BOOST_TEST(r.out_has("hello: pid 2"), r.out);
    BOOST_TEST(!r.out_has("hidden:"), r.out);
    BOOST_TEST(r.counter("cpu.secure.errors") >= 1u);
}

BOOST_AUTO_TEST_CASE(pre_shared_key_sharers_see_each_other_outsider_sees_ciphertext) {
    const std::string imgs = "[{file: u_tr_share.sealed}]";
    const std::string progs = "[{image: 0, arg: 0}, {image: 0, arg: 1}, {image: 0, arg: 2}]";
    auto r = tr("xts", imgs, progs).arg("--dump-dram").run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("client: owner's marker 2: ok"), r.out);
    BOOST_TEST(r.out_has("owner: client's marker 3: ok"), r.out);
    BOOST_TEST(r.out_has("outsider: marker 2 visible: no"), r.out);
    const uint64_t pa = reported_pa(r.out, "owner: region");
    BOOST_TEST(pa == reported_pa(r.out, "client: region"), "the same frame");
    BOOST_TEST(pa == reported_pa(r.out, "outsider: va"), "the same frame");
    BOOST_TEST(count(r.file("dram.bin"), marker(2)) == 0u);
    BOOST_TEST(count(r.file("dram.bin"), marker(3)) == 0u);

    auto c = tr("none", imgs, progs).arg("--dump-dram").out(scratch_dir() + "/c").run();
    BOOST_TEST(c.out_has("outsider: marker 2 visible: yes"), "control: plaintext is visible");
    BOOST_TEST(count(c.file("dram.bin"), marker(2)) >= 1u);
}

BOOST_AUTO_TEST_CASE(attribute_dump_shows_both_sharers_on_one_key_id) {
    // Owner and client linger (arg bit 8), so the run ends on max_time with their entries live.
    auto r = tr("xts", "[{file: u_tr_share.sealed}]",
                "[{image: 0, arg: 256}, {image: 0, arg: 257}, {image: 0, arg: 2}]")
                 .max_time("30 ms")
                 .run();
    BOOST_TEST(r.status == 3, r); // run limit
    BOOST_TEST(r.out_has("client: lingering (rc 0)"), r.out);
    const YAML::Node ear = YAML::LoadFile(r.out_dir + "/ear.json");
    std::vector<YAML::Node> shared;
    for (const auto& e : ear["entries"])
        if (e["kind"].as<std::string>() == "shared") shared.push_back(e);
    BOOST_REQUIRE(shared.size() == 2u);
    const unsigned key = shared[0]["key_id"].as<unsigned>();
    BOOST_TEST(shared[1]["key_id"].as<unsigned>() == key);
    BOOST_TEST(shared[0]["context"].as<unsigned>() != shared[1]["context"].as<unsigned>());
    BOOST_TEST(shared[0]["va_base"].as<uint64_t>() != shared[1]["va_base"].as<uint64_t>());
    for (const auto& c : ear["contexts"]) {
        BOOST_TEST(c["data_key_id"].as<unsigned>() != key);
        BOOST_TEST(c["handles"].size() == 1u);
        BOOST_TEST(c["handles"][0]["key_id"].as<unsigned>() == key);
    }
    const std::string text = r.file("ear.json");
    BOOST_TEST(text.find("\"key\":") == std::string::npos, "no key values in the dump");
}

BOOST_AUTO_TEST_CASE(equal_plaintext_at_two_addresses_xts_differs_ecb_repeats) {
    for (const std::string mode : {"xts", "ecb", "none"}) {
        auto r = hidden(mode, 0x100 | 4).arg("--dump-dram").out(scratch_dir() + "/" + mode).run();
        BOOST_TEST(r.status == 0, r);
        const uint64_t pa = reported_pa(r.out, "hidden: region");
        const std::string a = dram_line(r, pa), b = dram_line(r, pa + 64);
        if (mode == "xts") BOOST_TEST((a != b && a != marker(4)), "xts: tweak = address");
        if (mode == "ecb") BOOST_TEST((a == b && a != marker(4)), "ecb: repeats (baseline)");
        if (mode == "none") BOOST_TEST((a == b && a == marker(4)), "control");
    }
}

BOOST_AUTO_TEST_CASE(rewrite_gives_new_ciphertext_in_ctr_and_repeats_in_xts) {
    // Two runs identical but for one rewrite of the same plaintext (arg bit 9): same key
    // (same DRBG seed), same frame; the line's ciphertext at the end differs only in ctr.
    for (const std::string mode : {"xts", "ctr"}) {
        auto once = hidden(mode, 5).arg("--dump-dram").out(scratch_dir() + "/" + mode + "1").run();
        auto twice =
            hidden(mode, 0x200 | 5).arg("--dump-dram").out(scratch_dir() + "/" + mode + "2").run();
        BOOST_TEST(once.status == 0, once);
        BOOST_TEST(twice.status == 0, twice);
        const uint64_t pa = reported_pa(once.out, "hidden: region");
        BOOST_REQUIRE(pa == reported_pa(twice.out, "hidden: region"));
        const std::string a = dram_line(once, pa), b = dram_line(twice, pa);
        BOOST_TEST(a != marker(5));
        if (mode == "xts") BOOST_TEST(a == b, "xts: same data, address and key repeat");
        if (mode == "ctr") BOOST_TEST(a != b, "ctr: the line's counter moved on");
    }
}

BOOST_AUTO_TEST_CASE(eu_latency_split_per_stage_and_xts_extra_equals_aes_latency) {
    const auto x4 = miss_run("xts", 4), x8 = miss_run("xts", 8);
    const auto n4 = miss_run("none", 4), n8 = miss_run("none", 8);
    for (const auto* r : {&x4, &x8, &n4, &n8}) BOOST_TEST(r->status == 0, *r);
    // Per stage: DRAM 50 cycles each, AES = pipeline (+ switch penalty when paid), no queue.
    const YAML::Node st = x8.stats();
    auto hist = [&](const std::string& stage, const char* field) {
        return st["eu.latency." + stage]["value"][field].as<uint64_t>();
    };
    const uint64_t n = hist("aes", "count");
    BOOST_TEST(n == x8.counter("eu.reads") + x8.counter("eu.writes"));
    BOOST_TEST(hist("dram", "count") == n);
    BOOST_TEST(hist("dram", "sum") == n * 50);
    BOOST_TEST(hist("queue", "sum") == 0u);
    BOOST_TEST(hist("counter", "count") == 0u);
    BOOST_TEST(hist("aes", "sum") == n * 40 + x8.counter("eu.key_switches") * 10);
    // Four more passes: the same instructions; in xts each extra line read costs aes_latency
    // more than in none (the key is already loaded: no switch).
    const uint64_t extra_reads = x8.counter("eu.reads") - x4.counter("eu.reads");
    BOOST_TEST(extra_reads == 4u * 32u * 64u);
    BOOST_TEST(x8.counter("eu.key_switches") == x4.counter("eu.key_switches"));
    BOOST_TEST(x8.counter("cpu.instret") - x4.counter("cpu.instret") ==
               n8.counter("cpu.instret") - n4.counter("cpu.instret"));
    const int64_t extra = int64_t(x8.counter("cpu.cycles") - x4.counter("cpu.cycles")) -
                          int64_t(n8.counter("cpu.cycles") - n4.counter("cpu.cycles"));
    BOOST_TEST(extra == int64_t(extra_reads) * 40);
}

BOOST_AUTO_TEST_CASE(ctr_with_counter_hits_adds_only_the_xor) {
    // A counter cache holding every counter of the region: in the extra passes each line read
    // hits it, so the pad is ready before the 50-cycle DRAM read: max(0, 40 - 50) + xor 1.
    const std::string big = "eu.counter_cache.entries=512";
    const auto c4 = miss_run("ctr", 4, big), c8 = miss_run("ctr", 8, big);
    const auto n4 = miss_run("none", 4), n8 = miss_run("none", 8);
    for (const auto* r : {&c4, &c8, &n4, &n8}) BOOST_TEST(r->status == 0, *r);
    BOOST_TEST(c8.counter("eu.counter_cache.misses") == c4.counter("eu.counter_cache.misses"));
    const uint64_t extra_reads = c8.counter("eu.reads") - c4.counter("eu.reads");
    const int64_t extra = int64_t(c8.counter("cpu.cycles") - c4.counter("cpu.cycles")) -
                          int64_t(n8.counter("cpu.cycles") - n4.counter("cpu.cycles"));
    BOOST_TEST(extra == int64_t(extra_reads) * 1);
}

BOOST_AUTO_TEST_CASE(configuration_errors_name_their_input) {
    // A missing device key file: the platform reads it and names it (exit status 2).
    auto r = trvp_run(config_path("tr.yaml"))
                 .set("cpu.secure.device_key_file=/nonexistent/device.key")
                 .arg("--quiet")
                 .run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.cpu.secure.device_key_file"), r.err);
    BOOST_TEST(r.err_has("/nonexistent/device.key"), r.err);
    // The encryption unit's key table must be an attribute bank.
    auto k = trvp_run(config_path("tr.yaml")).set("eu.keys=dram").arg("--quiet").run();
    BOOST_TEST(k.status == 2, k);
    BOOST_TEST(k.err_has("components.eu.keys: 'dram' is not an attribute_bank"), k.err);
    // An image that is not there.
    auto i = trvp_run(config_path("tr.yaml"))
                 .set("firmware.images=[{file: no_such.sealed}]")
                 .arg("--quiet")
                 .run();
    BOOST_TEST(i.status == 2, i);
    BOOST_TEST(i.err_has("cannot find image 'no_such.sealed'"), i.err);
}

namespace {
trvp_run perms(uint32_t arg, unsigned attacker) {
    trvp_run r = tr("xts", "[{file: u_tr_perms.sealed}]",
                    "[{image: u_tr_perms.sealed, arg: " + std::to_string(arg) + "}]");
    r.set("firmware.boot.attacker=" + std::to_string(attacker));
    return r;
}

// "<prefix> ... at va 0x%08x" of a transcript line: the page of that address.
uint32_t reported_page(const std::string& out, const std::string& prefix) {
    std::smatch m;
    const std::regex re(prefix + "[^\n]* at va 0x([0-9a-f]{8})");
    if (!std::regex_search(out, m, re)) return 0;
    return uint32_t(std::stoul(m[1].str(), nullptr, 16)) & ~0xfffu;
}

std::string hex8(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%08x", v);
    return b;
}
} // namespace

BOOST_AUTO_TEST_CASE(store_to_read_only_data_traps_even_when_mapped_writable) {
    // Attacker 4 maps the rodata segment R+W: only its EAR entry (perms R) refuses the store.
    const std::string kill = "kernel: pid 1 killed: store page fault (scause 15, stval ";
    auto r = perms(1, 4).out(scratch_dir() + "/attack").run();
    BOOST_TEST(r.status == 1, r); // the guest reports the killed process
    BOOST_TEST(r.out_has("perms: rodata word 0x00ddba11 at va"), r.out);
    const uint32_t page = reported_page(r.out, "perms: rodata word");
    BOOST_TEST(page != 0u, r.out);
    BOOST_TEST(r.out_has(kill + hex8(page) + ")"), r.out);
    BOOST_TEST(!r.out_has("WRONG"), r.out);
    BOOST_TEST(r.counter("cpu.secure.perm_faults") == 1u);
    BOOST_TEST(r.counter("cpu.exceptions.store_page_fault") == 1u);
    // The full TLM path gives the same simulated run.
    auto full = perms(1, 4).set("cpu.fast_path=false").out(scratch_dir() + "/full").run();
    BOOST_TEST(full.status == 1, full);
    for (const char* k : {"cpu.cycles", "cpu.instret", "cpu.secure.perm_faults", "l1d.hits",
                          "l1d.misses", "eu.reads", "eu.writes"})
        BOOST_TEST(full.counter(k) == r.counter(k), k);
    // Honest kernel (rodata mapped R): the PTE refuses first; the kernel sees the same.
    auto h = perms(1, 0).out(scratch_dir() + "/honest").run();
    BOOST_TEST(h.status == 1, h);
    BOOST_TEST(h.out_has(kill + hex8(page) + ")"), h.out);
    BOOST_TEST(h.counter("cpu.secure.perm_faults") == 0u);
}

BOOST_AUTO_TEST_CASE(store_to_code_traps_even_when_mapped_writable) {
    auto r = perms(4, 4).run();
    BOOST_TEST(r.status == 1, r);
    const uint32_t page = reported_page(r.out, "perms: code word");
    BOOST_TEST(page != 0u, r.out);
    BOOST_TEST(r.out_has("killed: store page fault (scause 15, stval " + hex8(page) + ")"), r.out);
    BOOST_TEST(!r.out_has("WRONG"), r.out);
    BOOST_TEST(r.counter("cpu.secure.perm_faults") == 1u);
}

BOOST_AUTO_TEST_CASE(read_only_region_refuses_stores_write_only_refuses_loads) {
    auto ro = perms(2, 0).out(scratch_dir() + "/ro").run();
    BOOST_TEST(ro.status == 1, ro);
    BOOST_TEST(ro.out_has("perms: read-only region reads 0x00000000"), ro.out);
    const uint32_t va = reported_page(ro.out, "perms: region");
    BOOST_TEST(va != 0u, ro.out);
    BOOST_TEST(ro.out_has("killed: store page fault (scause 15, stval " + hex8(va) + ")"), ro.out);
    BOOST_TEST(ro.counter("cpu.secure.perm_faults") == 1u);

    auto wo = perms(3, 0).out(scratch_dir() + "/wo").run();
    BOOST_TEST(wo.status == 1, wo);
    BOOST_TEST(wo.out_has("perms: write-only region written"), wo.out);
    const uint32_t wva = reported_page(wo.out, "perms: region");
    BOOST_TEST(wo.out_has("killed: load page fault (scause 13, stval " + hex8(wva) + ")"), wo.out);
    BOOST_TEST(!wo.out_has("load gave"), wo.out);

    // Control: RW regions and the data segment take the stores; tr.pka into R is refused.
    auto c = perms(0, 0).out(scratch_dir() + "/control").run();
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(c.out_has("perms: rw region 0x12345678, data 0x9abcdef0, ro region reads "
                         "0x00000000"),
               c.out);
    BOOST_TEST(c.out_has("perms: sha256 into ro region -5, into rw region 0"), c.out);
    BOOST_TEST(c.counter("cpu.secure.perm_faults") == 1u);
}

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
