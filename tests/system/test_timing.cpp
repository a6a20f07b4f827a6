#define BOOST_TEST_MODULE system_timing
// The timing model against arithmetic, exactly, on configs/cached.yaml (L1I 16 KiB hit 1,
// L1D 32 KiB hit 2, L2 256 KiB hit 10, fixed DRAM 50 ns; 1 GHz, so 1 ns = 1 cycle), from the
// statistics of the benchmarks' timed phases (stats.phase<N>.json: that phase only).
//
// The whole-phase equation (docs/core.md, docs/memory.md "Latency equation"):
//   cpu.cycles = sum over classes of cpu.insn.<class> x <class>_cycles
//              + H_L1I x l1i.accesses          (one timed fetch per 64-byte line entered)
//              + H_L1D x l1d.accesses          (every load/store to DRAM looks up the L1D)
//              + H_L2  x l2.accesses           (L1 misses and L1 dirty write-backs)
//              + T_DRAM x (dram.reads + dram.writes)   (L2 fills and L2 dirty write-backs)
// (MMIO accesses of the phase -- CLINT mtime, the marker store -- cost 0: router latency 0.)
#include "run_trvp.h"

using namespace trvp::systest;
namespace utf = boost::unit_test;

namespace {

const char* const classes[] = {"alu",    "mul",  "div", "load",   "store",
                               "branch", "jump", "csr", "system", "fence"};

/** One phase's statistics (stats.phase<N>.json) and the run's resolved configuration. */
struct phase {
    YAML::Node s, cfg;
    phase(const run_result& r, unsigned n)
        : s(YAML::LoadFile(r.out_dir + "/stats.phase" + std::to_string(n) + ".json")),
          cfg(r.config()) {}
    uint64_t c(const std::string& name) const {
        if (!s[name]) throw std::runtime_error("no statistic " + name + " in the phase");
        return s[name]["value"].as<uint64_t>();
    }
    double d(const std::string& name) const { return s[name]["value"].as<double>(); }
    uint64_t p(const std::string& comp, const std::string& key) const {
        return cfg["components"][comp][key].as<uint64_t>();
    }
    /** sum of cpu.insn.<class> x <class>_cycles */
    uint64_t class_cycles() const {
        uint64_t sum = 0;
        for (const char* k : classes)
            sum += c(std::string("cpu.insn.") + k) * p("cpu", std::string(k) + "_cycles");
        return sum;
    }
    uint64_t dram_ns() const { // fixed timing, 1 GHz: latency "50 ns" = 50 cycles
        const std::string t = cfg["components"]["dram"]["latency"].as<std::string>();
        return uint64_t(std::stod(t)) * (t.find("ns") != std::string::npos ? 1 : 0);
    }
    uint64_t fetch_cycles() const { return p("l1i", "hit_latency") * c("l1i.accesses"); }
    /** Everything but the L1D lookups: class cycles, fetches, L2 lookups, DRAM accesses. */
    uint64_t expected_cycles() const {
        return class_cycles() + fetch_cycles() + p("l1d", "hit_latency") * c("l1d.accesses") +
               p("l2", "hit_latency") * c("l2.accesses") +
               dram_ns() * (c("dram.reads") + c("dram.writes"));
    }
};

run_result chase(uint32_t steps, uint32_t bytes, std::vector<std::string> sets = {}) {
    auto t = trvp_run(config_path("cached.yaml")).firmware("bench_chase.elf");
    t.args({steps, bytes, 64}).arg("--quiet").max_time("5 s");
    for (auto& s : sets) t.set(s);
    return t.run();
}

} // namespace

BOOST_AUTO_TEST_CASE(config_is_wired_as_documented) {
    auto r = trvp_run(config_path("cached.yaml")).arg("--quiet").run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.counter("l1i.accesses") == r.counter("cpu.fetch_lines"));
    BOOST_TEST(r.counter("l1d.accesses") > 0u);
    BOOST_TEST(r.counter("l2.accesses") ==
               r.counter("l1i.misses") + r.counter("l1d.misses") + r.counter("l1d.writebacks"));
}

// (a) Working set 16 KiB < L1D: after the set-up every chase load hits, and costs exactly
// H_L1D on top of its class cycle. Also differentially: raising only l1d.hit_latency by 5
// adds exactly 5 x l1d.accesses cycles to the phase (same instructions).
BOOST_AUTO_TEST_CASE(chase_in_l1d_costs_l1d_hit_per_load) {
    const uint32_t steps = 20000;
    auto r = chase(steps, 16 << 10);
    BOOST_TEST_REQUIRE(r.status == 0, r);
    phase ph(r, 0);
    BOOST_TEST(ph.c("l1d.misses") == 0u);
    BOOST_TEST(ph.c("l1d.accesses") >= 2u * steps); // p->next and p->value per step
    BOOST_TEST(ph.c("l1d.accesses") <= 2u * steps + 16);
    BOOST_TEST(ph.c("cpu.insn.load") >= 2u * steps);
    BOOST_TEST(ph.c("l1i.accesses") == ph.c("cpu.fetch_lines"));
    BOOST_TEST(ph.c("cpu.cycles") == ph.expected_cycles());
    // Data part alone: phase cycles - classes - fetch path = H_L1D per load.
    const uint64_t fetch_path = ph.fetch_cycles() +
                                ph.p("l2", "hit_latency") * ph.c("l2.accesses") +
                                ph.dram_ns() * (ph.c("dram.reads") + ph.c("dram.writes"));
    BOOST_TEST(ph.c("cpu.cycles") - ph.class_cycles() - fetch_path == 2u * ph.c("l1d.accesses"));

    auto r7 = chase(steps, 16 << 10, {"l1d.hit_latency=7"});
    BOOST_TEST_REQUIRE(r7.status == 0, r7);
    phase p7(r7, 0);
    BOOST_TEST(p7.c("cpu.instret") == ph.c("cpu.instret"));
    BOOST_TEST(p7.c("cpu.cycles") - ph.c("cpu.cycles") == 5u * ph.c("l1d.accesses"));
    BOOST_TEST(p7.c("cpu.cycles") == p7.expected_cycles());
}

// (b) Working set 4 MiB >> L2: almost every step misses L1D and L2; each such load costs
// H_L1D + H_L2 + T_DRAM (the element's value is in the same line: one more L1D hit).
// Dirty victims (the set-up wrote every element) add their write-backs: H_L2 per L1D
// write-back, T_DRAM per L2 write-back. Differentially: +30 ns of DRAM latency adds exactly
// 30 cycles per DRAM access.
BOOST_AUTO_TEST_CASE(chase_beyond_l2_costs_every_level_per_miss) {
    const uint32_t steps = 100000;
    auto r = chase(steps, 4 << 20);
    BOOST_TEST_REQUIRE(r.status == 0, r);
    phase ph(r, 0);
    BOOST_TEST(ph.c("l1d.misses") >= steps * 99 / 100);
    BOOST_TEST(ph.c("l2.misses") >= ph.c("l1d.misses") * 95 / 100);
    BOOST_TEST(ph.c("l2.accesses") ==
               ph.c("l1i.misses") + ph.c("l1d.misses") + ph.c("l1d.writebacks"));
    BOOST_TEST(ph.c("dram.reads") == ph.c("l2.fills"));
    BOOST_TEST(ph.c("dram.writes") == ph.c("l2.writebacks"));
    // per missing load: H1 (in l1d.accesses) + H2 + T_DRAM for the ones missing L2 too
    const uint64_t data = ph.c("cpu.cycles") - ph.class_cycles() - ph.fetch_cycles();
    BOOST_TEST(data == 2 * ph.c("l1d.accesses") +
                           10 * (ph.c("l1i.misses") + ph.c("l1d.misses") + ph.c("l1d.writebacks")) +
                           50 * (ph.c("l2.misses") + ph.c("l2.writebacks")));
    BOOST_TEST(ph.c("cpu.cycles") == ph.expected_cycles());

    auto r80 = chase(steps, 4 << 20, {"dram.latency=80 ns"});
    BOOST_TEST_REQUIRE(r80.status == 0, r80);
    phase p80(r80, 0);
    BOOST_TEST(p80.c("dram.reads") == ph.c("dram.reads"));
    BOOST_TEST(p80.c("cpu.cycles") - ph.c("cpu.cycles") ==
               30 * (ph.c("dram.reads") + ph.c("dram.writes")));
}

// (c) Sequential read of 4-byte words (bench_stream phase 1) over 1 MiB > L2, twice: per
// 64-byte line 1 L1D miss + 15 hits, the miss also misses L2: docs/memory.md
//   data cycles per line = 16 x H_L1D + H_L2 + T_DRAM = 16 x 2 + 10 + 50 = 92
// plus the write-backs of the dirty lines the initialisation left (H_L2 / T_DRAM each).
BOOST_AUTO_TEST_CASE(stream_read_costs_its_per_line_equation) {
    const uint32_t reps = 2, bytes = 1 << 20, lines = bytes / 64;
    auto r = trvp_run(config_path("cached.yaml"))
                 .firmware("bench_stream.elf")
                 .args({reps, bytes})
                 .arg("--quiet")
                 .max_time("5 s")
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    phase ph(r, 1);
    const uint64_t n = uint64_t(reps) * lines;
    // 16 loads per line: exactly 15 hits and 1 miss each; the one other load of the phase
    // (the end marker's read of trvp_args[15]) was evicted by the stream and misses too.
    BOOST_TEST(ph.c("l1d.read_hits") == 15 * n);
    const uint64_t extra = ph.c("l1d.read_misses") - n;
    BOOST_TEST(extra <= 1u);
    BOOST_TEST(ph.c("l1d.write_hits") + ph.c("l1d.write_misses") == 0u);
    // every L1 miss (data and fetch) misses the L2 as well: 1 MiB sweeps the 256 KiB L2
    BOOST_TEST(ph.c("l2.read_misses") == ph.c("l1d.read_misses") + ph.c("l1i.misses"));
    const uint64_t data = ph.c("cpu.cycles") - ph.class_cycles() - ph.fetch_cycles();
    const uint64_t wb = 10 * ph.c("l1d.writebacks") + 50 * ph.c("l2.writebacks");
    BOOST_TEST(data == n * (16 * 2 + 10 + 50) + extra * (2 + 10 + 50) +
                           ph.c("l1i.misses") * (10 + 50) + wb);
    BOOST_TEST(ph.c("cpu.cycles") == ph.expected_cycles());
}

// (d) Only l1d.size changes: a 48 KiB chase hits more often in a larger L1D.
BOOST_AUTO_TEST_CASE(l1d_size_moves_hit_rate) {
    double rate[3];
    const char* sizes[3] = {"16 KiB", "32 KiB", "64 KiB"};
    for (int i = 0; i < 3; ++i) {
        auto r = chase(30000, 48 << 10, {std::string("l1d.size=") + sizes[i]});
        BOOST_TEST_REQUIRE(r.status == 0, r);
        rate[i] = phase(r, 0).d("l1d.hit_rate");
        if (i == 2) BOOST_TEST(phase(r, 0).c("l1d.misses") == 0u); // 48 KiB fits in 64 KiB
    }
    BOOST_TEST(rate[0] < rate[1]);
    BOOST_TEST(rate[1] < rate[2]);
}

// (e) Traffic generator, K in flight, banked DRAM: requests stride one row (2048 B) over
// 8 rows, so request i goes to bank i mod 8 and, after the first 8, always hits the open
// row: unloaded latency L = t_row_hit + 64 B / bandwidth = 20 + 5 = 25 ns; a bank is busy
// 25 ns per 8 requests, so the channel (12.8 GB/s) is the only shared limit:
//   bandwidth = min(12.8e9, K x 64 / 25 ns)     (2.56, 5.12, 10.24, 12.8, 12.8 GB/s)
BOOST_AUTO_TEST_CASE(traffic_generator_reaches_min_of_channel_and_littles_law) {
    for (unsigned k : {1u, 2u, 4u, 8u, 16u}) {
        const std::string yaml = R"(simulation: {clock: 1 GHz, quantum: 10 us}
components:
  tg:
    type: traffic_generator
    pattern: stride
    base: 0
    size: 16 KiB
    stride: 2 KiB
    line_size: 64
    requests: 20000
    in_flight: )" + std::to_string(k) +
                                 R"(
  dram:
    type: dram
    size: 16 MiB
    timing: banked
    banks: 8
    row_size: 2048
    t_row_hit: 20 ns
    t_row_miss: 40 ns
    t_row_conflict: 55 ns
    bandwidth: 12.8e9
connections:
  - tg.mem -> dram.mem
)";
        auto r = trvp_run::from_yaml(yaml, "tg" + std::to_string(k) + ".yaml")
                     .out(scratch_dir() + "/out" + std::to_string(k))
                     .arg("--quiet")
                     .run();
        BOOST_TEST_REQUIRE(r.status == 0, r);
        const double expected = std::min(12.8e9, k * 64 / 25e-9);
        const double bw = r.stat("tg.bandwidth");
        BOOST_TEST(std::abs(bw - expected) <= 0.01 * expected,
                   "K=" << k << ": " << bw << " B/s vs " << expected);
    }
}
