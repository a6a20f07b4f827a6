#define BOOST_TEST_MODULE system_integrity_timing
// The integrity engine's latency equations (docs/crypto.md, Integrity; docs/integrity-
// fidelity.md), exactly, at system level: two traffic generators behind a router in front of
// the encryption unit, one writing every line of a range under key id 1, then one reading
// them back, one request in flight, so each request's latency (the generator's `latency`
// histogram: min, max, mean) is one equation. Fixed-latency memories at 1 GHz: 1 ns = 1 cycle.
#include "run_trvp.h"

#include <algorithm>

using namespace trvp::systest;

namespace {

struct bench {
    std::string mode = "xts";      // cipher
    std::string integrity = "mac"; // integrity.mode
    unsigned dram = 50, meta = 30, counters = 30;
    unsigned aes = 40, mac = 20, hit = 1, entries = 64;
    unsigned lines = 1024; // written, then read, in order
    std::string extra;     // more integrity keys (indented YAML lines)

    std::string yaml() const {
        const std::string n = std::to_string(lines);
        return "simulation: {clock: 1 GHz, quantum: 10 us}\n"
               "components:\n"
               "  tgw: {type: traffic_generator, base: 0, size: " +
               std::to_string(lines * 64) + ", requests: " + n +
               ", write_fraction: 1, key_id: 1, trusted_key_source: true, stop_when_done: "
               "false}\n"
               "  tgr: {type: traffic_generator, base: 0, size: " +
               std::to_string(lines * 64) + ", requests: " + n +
               ", key_id: 1, trusted_key_source: true, start: 1 ms}\n"
               "  keys: {type: attribute_bank, preload_keys: "
               "[000102030405060708090a0b0c0d0e0f]}\n"
               "  xbar:\n"
               "    type: router\n"
               "    map: [{port: eu, base: 0, size: 16 MiB}]\n"
               "  eu:\n"
               "    type: encryption_unit\n"
               "    attributes: keys\n"
               "    mode: " +
               mode +
               "\n"
               "    timing: {aes_latency: " +
               std::to_string(aes) +
               ", blocks_per_cycle: 1, engines: 1, key_switch_penalty: 10, xor_latency: 1}\n"
               "    integrity:\n"
               "      mode: " +
               integrity + "\n      mac_latency: " + std::to_string(mac) +
               "\n      cache: {entries: " + std::to_string(entries) +
               ", ways: 4, hit_latency: " + std::to_string(hit) + "}\n" + extra +
               "  dram: {type: dram, size: 16 MiB, latency: " + std::to_string(dram) +
               " ns}\n"
               "  ctrmem: {type: dram, size: 1 MiB, latency: " +
               std::to_string(counters) +
               " ns}\n"
               "  metamem: {type: dram, size: 1 MiB, latency: " +
               std::to_string(meta) +
               " ns}\n"
               "connections:\n"
               "  - tgw.mem -> xbar.in\n"
               "  - tgr.mem -> xbar.in\n"
               "  - xbar.eu -> eu.cpu\n"
               "  - eu.mem -> dram.mem\n"
               "  - eu.counters -> ctrmem.mem\n"
               "  - eu.meta -> metamem.mem\n";
    }
};

struct latencies {
    double min, max, mean;
};

struct result {
    run_result r;
    latencies write, read;
    uint64_t stat(const std::string& n) const { return r.counter(n); }
};

result run(const bench& b, const std::string& name) {
    result out;
    out.r = trvp_run::from_yaml(b.yaml(), name + ".yaml")
                .out(scratch_dir() + "/" + name)
                .arg("--quiet")
                .run();
    BOOST_TEST_REQUIRE(out.r.status == 0, out.r);
    const YAML::Node s = out.r.stats();
    auto lat = [&](const std::string& tg) {
        const YAML::Node v = s[tg + ".latency"]["value"];
        return latencies{v["min"].as<double>(), v["max"].as<double>(), v["mean"].as<double>()};
    };
    out.write = lat("tgw");
    out.read = lat("tgr");
    BOOST_TEST(out.r.counter("tgr.errors") == 0u);
    if (b.integrity != "none") BOOST_TEST(out.r.counter("eu.integrity.violations") == 0u);
    return out;
}

} // namespace

// The expected latency of each request, line by line, from the equations of docs/crypto.md
// (Timing; Integrity, Timing) for this bench: DRAM D, metadata memory T, counter memory C,
// AES A, key switch 10 on the engine's first grant, xor 1, MAC M, metadata-cache hit H.
// Lines are visited in order, so with both caches cold for the line's metadata line a tag
// line misses every `per` lines (4 tag entries of 16 bytes a 64-byte line) and a counter line every
// 8 lines (ctr).
struct equations {
    const bench& b;
    unsigned per = 4;
    bool tag_miss(unsigned n, bool cold) const { return cold && n % per == 0; }
    bool ctr_miss(unsigned n) const { return n % 8 == 0; }
    /** Write of line n (the writer's first request pays the key switch). */
    uint64_t write(unsigned n) const {
        const uint64_t sw = n == 0 ? 10 : 0;
        const uint64_t tag = tag_miss(n, true) ? b.meta + b.hit : b.hit;
        if (b.mode == "xts") { // g = grant(t0); the write leaves at g.done; + DRAM
            const uint64_t leaves = sw + b.aes;
            return std::max(leaves + b.dram, std::max(tag, leaves + b.mac));
        }
        // ctr: counter (miss: fetched first), grant, xor, then DRAM
        const uint64_t c = ctr_miss(n) ? b.counters : 0;
        const uint64_t leaves = c + sw + b.aes + 1;
        return std::max(leaves + b.dram, std::max(tag, leaves + b.mac));
    }
    /** Read of line n, written before; `cold`: its tag line is not on chip. */
    uint64_t read(unsigned n, bool cold) const {
        const uint64_t t1 = b.dram;
        const uint64_t tag = tag_miss(n, cold) ? b.meta + b.hit : b.hit;
        const uint64_t ready = std::max(tag, t1 + b.mac);
        if (b.mode == "xts") return std::max(t1 + b.aes, ready);
        const uint64_t pad = (ctr_miss(n) ? b.counters : 0) + b.aes;
        return std::max(std::max(t1, pad) + 1, ready);
    }
};

void check(const char* what, const latencies& got, const std::vector<uint64_t>& want) {
    uint64_t lo = want[0], hi = want[0], sum = 0;
    for (uint64_t w : want) {
        lo = std::min(lo, w);
        hi = std::max(hi, w);
        sum += w;
    }
    BOOST_TEST(got.min == double(lo), what << " min");
    BOOST_TEST(got.max == double(hi), what << " max");
    BOOST_TEST(got.mean == double(sum) / double(want.size()), what << " mean");
}

void expect(const bench& b, const result& r, bool read_cold) {
    const equations e{b};
    std::vector<uint64_t> w, rd;
    for (unsigned n = 0; n < b.lines; ++n) {
        w.push_back(e.write(n));
        rd.push_back(e.read(n, read_cold));
    }
    check("write", r.write, w);
    check("read", r.read, rd);
}

// xts + mac, a 64-line metadata cache that 1000 lines' 250 tag lines overflow: every tag line
// misses once when written and once when read. A tag hit is hidden behind the decryption
// (read 90 = 50 + 40, as without integrity); a tag miss adds exactly T + H - (D + A) = 11
// cycles to a read (101); a write costs 90, or 101 when its tag line is fetched.
BOOST_AUTO_TEST_CASE(xts_mac_tag_miss_adds_meta_read_minus_decryption) {
    bench b;
    b.meta = 100;
    b.lines = 1000;
    const result r = run(b, "xts");
    expect(b, r, true);
    BOOST_TEST(r.read.min == 90.0);
    BOOST_TEST(r.read.max == 101.0);
    BOOST_TEST(r.stat("eu.integrity.cache.misses") == 500u); // 250 per pass
    BOOST_TEST(r.stat("eu.integrity.meta_reads") == 500u);
    BOOST_TEST(r.stat("eu.integrity.meta_writes") == 250u); // every dirty tag line, once
    BOOST_TEST(r.stat("eu.integrity.checked") == 1000u);
}

// The same with a 256-line metadata cache: the 250 tag lines stay on chip after the write
// pass, so every read is 90 cycles, exactly as without integrity.
BOOST_AUTO_TEST_CASE(metadata_cache_that_holds_the_tags_hides_the_check) {
    bench b;
    b.meta = 100;
    b.lines = 1000;
    b.entries = 256;
    const result r = run(b, "xts256");
    expect(b, r, false);
    BOOST_TEST(r.read.min == 90.0);
    BOOST_TEST(r.read.max == 90.0);
    BOOST_TEST(r.stat("eu.integrity.cache.misses") == 250u); // the write pass only
}

// ctr + mac: the pad is ready beside the DRAM read (51 cycles with a counter hit), but the
// tag can only be checked once the ciphertext is on chip: D + M = 70, so mac exposes 19
// cycles on every read that ctr had hidden; a counter miss makes it 71, a tag miss 101.
BOOST_AUTO_TEST_CASE(ctr_mac_exposes_the_mac_after_the_data) {
    bench b;
    b.mode = "ctr";
    b.meta = 100;
    b.lines = 1000;
    const result r = run(b, "ctr");
    expect(b, r, true);
    BOOST_TEST(r.read.min == 70.0);
    BOOST_TEST(r.read.max == 101.0);
}

// Integrity none on the same bench: the reads cost what docs/crypto.md's cipher table says
// (xts 90; ctr 51 with a counter hit, 71 with a miss): the baseline the differences above
// are taken against.
BOOST_AUTO_TEST_CASE(integrity_none_is_the_cipher_alone) {
    for (const char* mode : {"xts", "ctr"}) {
        bench b;
        b.mode = mode;
        b.integrity = "none";
        b.lines = 1000;
        const result r = run(b, std::string("none-") + mode);
        BOOST_TEST(r.read.min == (b.mode == "xts" ? 90.0 : 51.0), mode);
        BOOST_TEST(r.read.max == (b.mode == "xts" ? 90.0 : 71.0), mode);
        BOOST_TEST(!r.r.has_stat("eu.integrity.checked"), mode);
    }
}

// ---- The published trends on configs/tr.yaml (docs/integrity-fidelity.md) ----

namespace {

/** u_tr_bench on configs/tr.yaml with `arg`, and the given --set assignments. */
run_result bench_run(const std::string& name, uint32_t arg, const std::vector<std::string>& sets) {
    sealed_path("u_tr_bench.sealed");
    auto t = trvp_run(config_path("tr.yaml"))
                 .set("firmware.images=[{file: u_tr_bench.sealed}]")
                 .set("firmware.boot.programs=[{image: 0, arg: " + std::to_string(arg) + "}]")
                 .out(scratch_dir() + "/" + name)
                 .arg("--quiet");
    for (const auto& s : sets) t.set(s);
    run_result r = t.run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    return r;
}

const std::string doc = read_file(std::string(TRVP_SOURCE_DIR) + "/docs/integrity-fidelity.md");

/** The value's text must appear in the doc (it quotes the sweep's CSV). */
void quoted(const run_result& r, const std::string& stat, const std::string& what) {
    const std::string v = r.text(stat);
    BOOST_TEST(doc.find(v) != std::string::npos, what << ": " << stat << " = " << v);
}

const uint32_t chase_1m = 0x20301;   // 2 passes, warm, hidden, chase, 1 MiB
const uint32_t chase_64k = 0x405301; // 4 passes over 64 KiB (65536 loads)

} // namespace

// integrity_cache.yaml, chase over 1 MiB, xts, metadata memory 100 ns: the metadata reads
// and the time fall as the metadata cache grows, and with every tag on chip (8192 lines >
// the buffer's 4096 tag lines) the time is that of integrity none. The doc quotes these numbers.
BOOST_AUTO_TEST_CASE(metadata_cache_shrinks_traffic_and_slowdown) {
    const std::vector<std::string> xts = {"components.eu.mode=aes-128-xts",
                                          "components.metamem.latency=100 ns"};
    const run_result none = bench_run("none", chase_1m, xts);
    uint64_t last_cycles = ~0ull, last_reads = ~0ull;
    for (unsigned entries : {16u, 1024u, 8192u}) {
        auto sets = xts;
        sets.push_back("components.eu.integrity.mode=mac");
        sets.push_back("components.eu.integrity.cache.entries=" + std::to_string(entries));
        const run_result r = bench_run("mac" + std::to_string(entries), chase_1m, sets);
        const uint64_t cycles = r.counter("stats.span.bench.busy_cycles");
        const uint64_t reads = r.counter("eu.integrity.meta_reads");
        BOOST_TEST(cycles < last_cycles, entries);
        BOOST_TEST(reads < last_reads, entries);
        BOOST_TEST(cycles >= none.counter("stats.span.bench.busy_cycles"), entries);
        if (entries == 8192) BOOST_TEST(cycles == none.counter("stats.span.bench.busy_cycles"));
        quoted(r, "stats.span.bench.busy_cycles", "mac " + std::to_string(entries));
        quoted(r, "eu.integrity.meta_reads", "mac " + std::to_string(entries));
        last_cycles = cycles;
        last_reads = reads;
    }
    quoted(none, "stats.span.bench.busy_cycles", "none");
}

// With configs/tr.yaml's 50 ns metadata memory an xts tag fetch hides behind DRAM + AES:
// mac costs no time at all (the traffic is still there); under ctr the MAC after the data is
// exposed whatever the cache.
BOOST_AUTO_TEST_CASE(fast_metadata_memory_hides_the_fetch_not_the_mac) {
    for (const char* mode : {"aes-128-xts", "aes-128-ctr"}) {
        const std::string m = std::string("components.eu.mode=") + mode;
        const run_result none = bench_run(std::string("none-") + mode, chase_1m, {m});
        const run_result mac = bench_run(
            std::string("mac-") + mode, chase_1m,
            {m, "components.eu.integrity.mode=mac", "components.eu.integrity.cache.entries=8192"});
        const uint64_t n = none.counter("stats.span.bench.busy_cycles");
        const uint64_t c = mac.counter("stats.span.bench.busy_cycles");
        if (std::string(mode) == "aes-128-xts")
            BOOST_TEST(c == n);
        else
            BOOST_TEST(c > n);
        BOOST_TEST(mac.counter("eu.integrity.meta_reads") > 0u);
        quoted(none, "stats.span.bench.busy_cycles", mode);
        quoted(mac, "stats.span.bench.busy_cycles", mode);
    }
}

// integrity_wset.yaml, xts, metadata memory 100 ns: the overhead of mac over none grows from
// a 64 KiB to a 1 MiB working set (65536 loads each) and is zero while the buffer fits L1.
BOOST_AUTO_TEST_CASE(overhead_grows_with_the_working_set) {
    const std::vector<std::string> base = {"components.eu.mode=aes-128-xts",
                                           "components.metamem.latency=100 ns"};
    auto with_mac = base;
    with_mac.push_back("components.eu.integrity.mode=mac");
    const uint32_t chase_4k = 0x4001301;
    double last = -1;
    for (uint32_t arg : {chase_4k, chase_64k, 0x49301u}) {
        const std::string a = std::to_string(arg);
        const run_result n = bench_run("none" + a, arg, base);
        const run_result m = bench_run("mac" + a, arg, with_mac);
        const double over = double(m.counter("stats.span.bench.busy_cycles")) /
                            double(n.counter("stats.span.bench.busy_cycles"));
        if (arg == chase_4k)
            BOOST_TEST(over == 1.0);
        else
            BOOST_TEST(over > last, a);
        quoted(m, "stats.span.bench.busy_cycles", a);
        last = over;
    }
}

// integrity_tree.yaml, chase over 1 MiB, ctr + tree, metadata memory 50 ns: split counters
// read fewer tree nodes than monolithic ones and run faster (the version is on the pad's
// path); a higher arity fetches fewer levels per lookup and fewer nodes. The doc quotes
// these numbers.
BOOST_AUTO_TEST_CASE(split_counters_and_higher_arity_fetch_less) {
    auto tree = [](const std::string& counters, unsigned arity, unsigned cache) {
        return bench_run(counters + std::to_string(arity) + "-" + std::to_string(cache), chase_1m,
                         {"components.eu.mode=aes-128-ctr", "components.eu.integrity.mode=tree",
                          "components.metamem.size=256 MiB",
                          "components.eu.integrity.counters=" + counters,
                          "components.eu.integrity.arity=" + std::to_string(arity),
                          "components.eu.integrity.node_cache.entries=" + std::to_string(cache)});
    };
    const run_result mono8 = tree("monolithic", 8, 256), split8 = tree("split", 8, 256);
    BOOST_TEST(split8.counter("eu.integrity.tree.nodes_read") <
               mono8.counter("eu.integrity.tree.nodes_read"));
    BOOST_TEST(split8.counter("stats.span.bench.busy_cycles") <
               mono8.counter("stats.span.bench.busy_cycles"));
    quoted(mono8, "stats.span.bench.busy_cycles", "monolithic 8/256");
    quoted(split8, "stats.span.bench.busy_cycles", "split 8/256");
    auto levels = [](const run_result& r) {
        return r.stats()["eu.integrity.tree.levels_missing"]["value"]["mean"].as<double>();
    };
    const run_result mono4 = tree("monolithic", 4, 64), m8 = tree("monolithic", 8, 64);
    BOOST_TEST(m8.counter("eu.integrity.tree.nodes_read") <
               mono4.counter("eu.integrity.tree.nodes_read"));
    BOOST_TEST(levels(m8) < levels(mono4));
    quoted(mono4, "eu.integrity.tree.nodes_read", "monolithic 4/64");
    quoted(m8, "eu.integrity.tree.nodes_read", "monolithic 8/64");
}

// The walk fetches the missing levels in parallel: on the fixed-latency metadata memory the
// arity saves traffic, not time (above: 0.3%). On a contended one (banked timing: 8 banks,
// row buffers, a 12.8 GB/s channel, docs/memory.md) the parallel fetches queue at the channel
// and the banks (crypto.md: t0 + (k - 1) T + D + M), so a shallower tree saves time too:
// chase, ctr + tree, monolithic, 64-line node cache. The doc quotes these numbers.
BOOST_AUTO_TEST_CASE(higher_arity_saves_time_on_a_contended_metadata_memory) {
    auto tree = [](unsigned arity, const std::string& timing) {
        return bench_run("arity" + std::to_string(arity) + "-" + timing, chase_1m,
                         {"components.eu.mode=aes-128-ctr", "components.eu.integrity.mode=tree",
                          "components.metamem.size=256 MiB",
                          "components.eu.integrity.max_levels=16",
                          "components.eu.integrity.counters=monolithic",
                          "components.eu.integrity.arity=" + std::to_string(arity),
                          "components.metamem.timing=" + timing});
    };
    const run_result f2 = tree(2, "fixed"), f8 = tree(8, "fixed");
    const run_result b2 = tree(2, "banked"), b8 = tree(8, "banked");
    auto cycles = [](const run_result& r) {
        return double(r.counter("stats.span.bench.busy_cycles"));
    };
    BOOST_TEST(cycles(f2) / cycles(f8) < 1.01); // traffic, not time
    BOOST_TEST(cycles(b2) / cycles(b8) > 2.0);  // contended: time too
    BOOST_TEST(cycles(b8) > cycles(f8));
    quoted(b2, "stats.span.bench.busy_cycles", "banked, arity 2");
    quoted(b8, "stats.span.bench.busy_cycles", "banked, arity 8");
}
