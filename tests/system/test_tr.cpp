#define BOOST_TEST_MODULE system_tr
// The tamper-resistant core at system level: protected programs (firmware/tr_tests), sealed
// at build time, launched by the real (untrusted) kernel on the real trvp binary with
// configs/tr.yaml. Every verdict comes from outside the guest: the raw DRAM dump
// (--dump-dram), the attribute bank's dump (<out>/ear.json) and the statistics; each DRAM
// scan has a control run with the encryption unit's mode `none` that must find the marker.
#include "tr_helpers.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace trvp::systest;

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
    auto k = trvp_run(config_path("tr.yaml")).set("eu.attributes=dram").arg("--quiet").run();
    BOOST_TEST(k.status == 2, k);
    BOOST_TEST(k.err_has("components.eu.attributes: 'dram' is not an attribute_bank"), k.err);
    // An image that is not there.
    auto i = trvp_run(config_path("tr.yaml"))
                 .set("firmware.images=[{file: no_such.sealed}]")
                 .arg("--quiet")
                 .run();
    BOOST_TEST(i.status == 2, i);
    BOOST_TEST(i.err_has("cannot find image 'no_such.sealed'"), i.err);
}

BOOST_AUTO_TEST_SUITE_END()
