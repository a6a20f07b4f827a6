// Workloads of docs/workloads.md on the real trvp binary: the producer/consumer pair over an
// encrypted shared ring (judged from outside: the checksum the host recomputes, the consume
// span's entries, raw DRAM with its mode-none control), the yield ping-pong's switch counts
// (the hardware statistics), and the scenario-phase sweep against single runs.
#define BOOST_TEST_MODULE system_workloads
#include "sweep_helpers.h"

#include "wl.h" // firmware/workloads: the buffer contents

#include <cstdio>
#include <cstring>

using namespace trvp::systest;

namespace {

constexpr uint32_t buffers = 16;

std::string pc_programs(uint32_t flags) {
    const uint32_t a = buffers << 16 | flags;
    return "firmware.boot.programs=[{image: 0, arg: " + std::to_string(a) +
           "}, {image: 0, arg: " + std::to_string(a | 1) + "}]";
}

run_result run_pc(const std::string& mode, bool prot, const std::string& tag) {
    trvp_run t(config_path("workloads/pc.yaml"));
    t.set("eu.mode=" + mode).set(pc_programs(prot ? WL_F_PROTECTED : 0));
    if (prot)
        t.arg("--dump-dram");
    else
        t.set("firmware.images=[{file: u_wl_pc.elf}]");
    return t.arg("--quiet").out(scratch_dir() + "/" + tag).run();
}

// The checksum the consumer must print, from the buffers' definition (wl.h).
uint32_t expected_checksum() {
    uint32_t sum = 0;
    for (uint32_t b = 0; b < buffers; ++b)
        for (uint32_t i = 4; i < WL_BUF_BYTES / 4; ++i)
            sum = (sum << 1 | sum >> 31) ^ wl_word(b, i);
    return sum;
}

std::string consumed_line() {
    char buf[96];
    std::snprintf(buf, sizeof buf, "consumed %u buffers, checksum 0x%08x, 0 bad buffers", buffers,
                  expected_checksum());
    return buf;
}

// Raw DRAM (read in one piece: 128 MiB), up to its last non-zero byte.
std::string dram_of(const run_result& r) {
    const std::string path = r.out_dir + "/dram.bin";
    std::string d(fs::exists(path) ? fs::file_size(path) : 0, '\0');
    std::ifstream(path, std::ios::binary).read(d.data(), std::streamsize(d.size()));
    BOOST_TEST_REQUIRE(d.size() > 0u, "no DRAM dump");
    d.resize(d.find_last_not_of('\0') + 1);
    return d;
}

// Occurrences of needle in hay (glibc memmem: fast on 128 MiB).
size_t count(const std::string& hay, const std::string& needle) {
    size_t c = 0;
    const char* p = hay.data();
    const char* const end = p + hay.size();
    while (const void* hit = memmem(p, size_t(end - p), needle.data(), needle.size())) {
        ++c;
        p = static_cast<const char*>(hit) + 1;
    }
    return c;
}

// Words 4..7 of buffer b as they lie in memory (little endian).
std::string words_of(uint32_t b) {
    std::string s;
    for (uint32_t i = 4; i < 8; ++i)
        for (int k = 0; k < 4; ++k) s += char(wl_word(b, i) >> (8 * k));
    return s;
}

void check_pc(const run_result& r) {
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(count(r.file("uart0.txt"), consumed_line()) == 1u, consumed_line());
    BOOST_TEST(r.counter("stats.span.produce.entries") == buffers);
    BOOST_TEST(r.counter("stats.span.consume.entries") == buffers);
    BOOST_TEST(r.counter("stats.span.data_exchange.entries") == 2u);
    BOOST_TEST(r.counter("stats.span_errors") == 0u);
    BOOST_TEST(r.counter("stats.span.data_exchange.busy_cycles") > 0u);
}

// Every case needs the workload programs: missing, the case fails naming them.
void require_firmware() {
    sealed_path("u_wl_pc.sealed");
    firmware_path("u_wl_pingpong.elf");
}

} // namespace

// Protected pair in xts: the consumer's checksum is right, and raw DRAM (every line written
// back by the kernel's read-back, boot flag 4) holds no buffer plaintext.
BOOST_AUTO_TEST_CASE(pc_encrypted_ring) {
    require_firmware();
    const run_result r = run_pc("aes-128-xts", true, "xts");
    check_pc(r);
    const std::string dram = dram_of(r);
    BOOST_TEST(count(dram, "TRVPBUF-") == 0u);
    for (uint32_t b = buffers - WL_RING_SLOTS; b < buffers; ++b)
        BOOST_TEST(count(dram, words_of(b)) == 0u, "buffer " << b);
    // The control: the same run in mode none leaves the last ring contents in DRAM.
    const run_result n = run_pc("none", true, "none");
    check_pc(n);
    const std::string plain = dram_of(n);
    BOOST_TEST(count(plain, "TRVPBUF-") == WL_RING_SLOTS);
    for (uint32_t b = buffers - WL_RING_SLOTS; b < buffers; ++b)
        BOOST_TEST(count(plain, words_of(b)) == 1u, "buffer " << b);
}

// The same ELF as plain processes over a plaintext region: the same checksum; no protected
// context ever runs.
BOOST_AUTO_TEST_CASE(pc_plain_ring) {
    require_firmware();
    const run_result r = run_pc("aes-128-xts", false, "plain");
    check_pc(r);
    BOOST_TEST(r.counter("cpu.secure.enters") == 0u);
    BOOST_TEST(r.counter("cpu.secure.launches") == 0u);
}

// Every yield passes the CPU to the other process: 2 x rounds switches, plus the first entry
// and the hand-over when pid 1 exits. The kernel also writes satp once more (0, to finish).
BOOST_AUTO_TEST_CASE(pingpong_switch_counts) {
    require_firmware();
    for (const uint32_t rounds : {10u, 30u})
        for (const bool prot : {true, false})
            BOOST_TEST_CONTEXT(rounds << (prot ? " protected" : " plain")) {
                trvp_run t(config_path("workloads/pingpong.yaml"));
                t.set("firmware.boot.programs=[{image: 0, arg: " + std::to_string(rounds) +
                      "}, {image: 0, arg: " + std::to_string(rounds) + "}]");
                if (!prot) t.set("firmware.images=[{file: u_wl_pingpong.elf}]");
                const run_result r =
                    t.arg("--quiet")
                        .out(scratch_dir() + "/pp" + std::to_string(rounds) + (prot ? "s" : "p"))
                        .run();
                BOOST_TEST_REQUIRE(r.status == 0, r);
                const uint64_t switches = 2 * rounds + 2;
                BOOST_TEST(r.counter("cpu.secure.switches") == (prot ? switches : 0u));
                BOOST_TEST(r.counter("cpu.satp_switches") == switches + 1);
                BOOST_TEST(r.counter("stats.span.data_exchange.entries") == 2u);
                BOOST_TEST(r.counter("stats.span.launch.entries") == 2u);
            }
}

// The markers carry the write's local time: every span statistic is the same with a 1 ns and
// a 10 us quantum.
BOOST_AUTO_TEST_CASE(spans_do_not_depend_on_the_quantum) {
    require_firmware();
    std::vector<YAML::Node> st;
    for (const std::string q : {"1 ns", "10 us"}) {
        const run_result r = trvp_run(config_path("workloads/pingpong.yaml"))
                                 .set("simulation.quantum=" + q)
                                 .set("firmware.boot.programs=[{image: 0, arg: 10}, {image: 0, "
                                      "arg: 10}]")
                                 .arg("--quiet")
                                 .out(scratch_dir() + "/q" + std::to_string(st.size()))
                                 .run();
        BOOST_TEST_REQUIRE(r.status == 0, r);
        st.push_back(r.stats());
    }
    size_t compared = 0;
    for (const auto& kv : st[0]) {
        const std::string name = kv.first.as<std::string>();
        if (name.rfind("stats.span", 0) != 0) continue;
        BOOST_TEST(stat_text(st[0], name) == stat_text(st[1], name), name);
        ++compared;
    }
    BOOST_TEST(compared == 4 * 5 + 2u); // 4 spans x 5 statistics, span_markers, span_errors
    BOOST_TEST(stat_text(st[0], "stats.span.data_exchange.busy_cycles") != "0");
}

// A small scenario-phase sweep (2 scenarios x 2 modes, -j 2): its span columns equal single
// runs of configs/scenarios/<name>.yaml.
BOOST_AUTO_TEST_CASE(scenario_sweep_equals_single_runs) {
    require_firmware();
    const std::string file = write_file(
        "phases.yaml",
        "base: " + config_path("scenarios/psk.yaml") +
            "\n"
            "parameters:\n"
            "  components.eu.mode: [aes-128-xts, aes-128-ctr]\n"
            "workloads:\n"
            "  - {name: psk, set: []}\n"
            "  - name: kx\n"
            "    set: [\"firmware.images=[{file: u_scn_kx.sealed}]\", firmware.boot.scenario=2,\n"
            "          \"firmware.boot.programs=[{image: 0, arg: 512}, {image: 0, arg: 513}]\"]\n"
            "metrics: [stats.span.launch.busy_cycles, stats.span.key_exchange.busy_cycles,\n"
            "          stats.span.region_setup.busy_cycles, stats.span.data_exchange.busy_cycles,\n"
            "          stats.span.data_exchange.sum_cycles]\n");
    const std::string out = scratch_dir() + "/sw";
    const run_result r = run_trvp_args({"sweep", file, "-j", "2", "--out", out, "--quiet"});
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const csv c = read_csv(out + "/results.csv");
    BOOST_TEST_REQUIRE(c.rows.size() == 4u);
    for (const auto& row : c.rows) {
        const std::string wl = row[c.col("workload")], mode = row[c.col("components.eu.mode")];
        BOOST_TEST_CONTEXT(wl << " " << mode) {
            BOOST_TEST(row[c.col("status")] == "0");
            const run_result single = trvp_run(config_path("scenarios/" + wl + ".yaml"))
                                          .set("eu.mode=" + mode)
                                          .arg("--quiet")
                                          .out(scratch_dir() + "/single-" + wl + mode)
                                          .run();
            BOOST_TEST_REQUIRE(single.status == 0, single);
            const YAML::Node st = single.stats();
            for (const std::string span :
                 {"launch", "key_exchange", "region_setup", "data_exchange"}) {
                const std::string m = "stats.span." + span + ".busy_cycles";
                BOOST_TEST(row[c.col(m)] == stat_text(st, m), m);
                BOOST_TEST(std::stoull(row[c.col(m)]) > 0u, m);
            }
            BOOST_TEST(row[c.col("stats.span.data_exchange.sum_cycles")] ==
                       stat_text(st, "stats.span.data_exchange.sum_cycles"));
        }
    }
}

namespace {

// One run of the protected benchmark u_tr_bench (firmware/tr_tests/bench.c) on tr.yaml:
// the cycles of its measured part (span "bench") and the transcript line it prints.
struct bench_result {
    uint64_t busy = 0;
    std::string line;
};

bench_result run_bench(uint32_t arg, const std::string& mode) {
    const std::string tag = "bench-" + std::to_string(arg) + "-" + mode;
    auto r = trvp_run(config_path("tr.yaml"))
                 .set("eu.mode=" + mode)
                 .set("firmware.images=[{file: u_tr_bench.sealed}]")
                 .set("firmware.boot.programs=[{image: 0, arg: " + std::to_string(arg) + "}]")
                 .arg("--quiet")
                 .out(scratch_dir() + "/" + tag)
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    BOOST_TEST(r.counter("stats.span.bench.entries") == 1u, tag);
    const size_t at = r.out.find("bench: ");
    return {r.counter("stats.span.bench.busy_cycles"),
            at == std::string::npos ? "" : r.out.substr(at, r.out.find('\n', at) - at)};
}

// boot arg of u_tr_bench: passes << 16 | log2(pages) + 1 << 12 | warm | hidden | kernel
constexpr uint32_t warm = 0x200, hidden = 0x100, k_chase = 1, k_copy = 4;

} // namespace

// docs/workloads.md (tr_chase.yaml, tr_stream.yaml): what the model defines exactly.
BOOST_AUTO_TEST_CASE(bench_kernels_cost_what_the_model_says) {
    // An L1-resident chase (4 KiB, warmed) never reaches the encryption unit: the same cycles
    // in every mode.
    const uint32_t small = 1024u << 16 | 1u << 12 | warm | hidden | k_chase;
    const bench_result none = run_bench(small, "none");
    BOOST_TEST(none.line.find("bench: chase over a hidden 4 KiB, 1024 reps (warm)") == 0u,
               none.line);
    BOOST_TEST(run_bench(small, "xts").busy == none.busy);
    BOOST_TEST(run_bench(small, "ctr").busy == none.busy);
    BOOST_TEST(none.busy < 65536u * 20, "an L1 hit chain costs a few cycles per load");

    // A DRAM-bound chase (1 MiB): xts exposes the AES latency (40 cycles) on nearly every one
    // of the 65536 loads, ctr hides part of it, none is the plaintext cost.
    const uint32_t big = 4u << 16 | 9u << 12 | warm | hidden | k_chase;
    const uint64_t n = run_bench(big, "none").busy, x = run_bench(big, "xts").busy,
                   c = run_bench(big, "ctr").busy;
    BOOST_TEST(x - n >= 65536u * 40 * 9 / 10, "xts adds ~aes_latency per load");
    BOOST_TEST(x - n <= 65536u * 40 * 11 / 10);
    BOOST_TEST(c < x);
    BOOST_TEST(c > n);

    // A copy over a plaintext buffer (key id 0) costs the same whatever the cipher mode, but
    // for the program's own code and stack lines (encrypted) that the buffer evicts; over a
    // hidden buffer it costs more encrypted.
    const uint32_t plain_copy = 1u << 16 | 9u << 12 | warm | k_copy;
    const bench_result pn = run_bench(plain_copy, "none");
    BOOST_TEST(pn.line.find("bench: copy over a plaintext 1024 KiB, 1 reps") == 0u, pn.line);
    const uint64_t px = run_bench(plain_copy, "xts").busy;
    BOOST_TEST(std::max(px, pn.busy) - std::min(px, pn.busy) <= pn.busy / 200, px);
    BOOST_TEST(run_bench(plain_copy | hidden, "xts").busy > pn.busy * 11 / 10);
}
