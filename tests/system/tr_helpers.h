#pragma once
// Helpers of the TR system tests (test_tr*.cpp): configs/tr.yaml runs of the sealed
// programs of firmware/tr_tests, markers, and what the transcript and DRAM dump report.
#include "run_trvp.h"

#include <cstdint>
#include <functional>
#include <regex>
#include <string>

namespace trvp::systest {

inline constexpr const char* kernel = "kernel.elf";

// The 64-byte marker of firmware/tr_tests/tr_util.h.
inline std::string marker(uint32_t tag) {
    std::string m(64, '\0');
    for (uint32_t i = 0; i < 64; ++i)
        m[i] = char(((tag * 0x1f + i * 0x3b + 0x5a) & 0xff) ^ (i >> 2));
    return m;
}

inline size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

inline std::string sealed(const std::string& name) {
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
inline trvp_run tr(const std::string& mode, const std::string& images,
                   const std::string& programs) {
    trvp_run r(config_path("tr.yaml"));
    r.set("eu.mode=" + mode)
        .set("firmware.images=" + images)
        .set("firmware.boot.programs=" + programs)
        .max_time("200 ms")
        .arg("--quiet");
    return r;
}

inline trvp_run hidden(const std::string& mode, uint32_t arg) {
    return tr(mode, "[{file: u_tr_hidden.sealed}]",
              "[{image: u_tr_hidden.sealed, arg: " + std::to_string(arg) + "}]");
}

// "... pa 0x8002a000 ..." of a transcript line starting with `prefix`.
inline uint64_t reported_pa(const std::string& out, const std::string& prefix) {
    std::smatch m;
    const std::regex re(prefix + "[^\n]* pa 0x([0-9a-f]{8})");
    if (!std::regex_search(out, m, re)) return 0;
    return std::stoull(m[1].str(), nullptr, 16);
}

inline std::string dram_line(const run_result& r, uint64_t pa, size_t len = 64) {
    return r.file("dram.bin").substr(pa - 0x80000000u, len);
}

inline std::string hex16(const std::string& bytes) {
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
inline run_result miss_run(const std::string& mode, uint32_t passes,
                           const std::string& extra = "") {
    trvp_run r =
        tr(mode, "[{file: u_tr_miss.sealed}]",
           "[{image: u_tr_miss.sealed, arg: " + std::to_string((passes << 16) | 32) + "}]");
    r.set("firmware.boot.slice=1000000");
    if (!extra.empty()) r.set(extra);
    r.out(scratch_dir() + "/" + mode + std::to_string(passes));
    return r.run();
}

/** Compares every simulated statistic of two runs (host figures and the run identity, such
 *  as sim.config_hash, left out); returns how many. */
inline size_t same_statistics(const run_result& a, const run_result& b) {
    const YAML::Node x = a.stats(), y = b.stats();
    size_t compared = 0;
    for (const auto& kv : x) {
        const std::string name = kv.first.as<std::string>();
        if (name.find(".host") != std::string::npos || name.rfind("sim.host", 0) == 0) continue;
        if (name == "sim.version" || name == "sim.build_id" || name == "sim.config_hash" ||
            name.rfind("sim.input.", 0) == 0)
            continue;
        BOOST_TEST(YAML::Dump(kv.second["value"]) == YAML::Dump(y[name]["value"]), name);
        ++compared;
    }
    return compared;
}

/** Builds a run of a configuration variant in cipher mode `mode`; `tag` names its folder. */
using run_maker = std::function<trvp_run(const std::string& mode, const std::string& tag)>;

/** The core's fast path on and off give the same simulated statistics (ctr). */
inline void check_fast_path_invariance(const run_maker& make) {
    const run_result fast = make("ctr", "fast").set("cpu.fast_path=true").run();
    const run_result full = make("ctr", "full").set("cpu.fast_path=false").run();
    BOOST_TEST_REQUIRE(fast.status == 0, fast);
    BOOST_TEST_REQUIRE(full.status == 0, full);
    BOOST_TEST(same_statistics(fast, full) > 50u);
}

/** Quantum 1 ns and 10 us give the same simulated statistics (xts). */
inline void check_quantum_invariance(const run_maker& make) {
    const run_result a = make("xts", "q1").set("simulation.quantum=1 ns").run();
    const run_result b = make("xts", "q10").set("simulation.quantum=10 us").run();
    BOOST_TEST_REQUIRE(a.status == 0, a);
    BOOST_TEST_REQUIRE(b.status == 0, b);
    BOOST_TEST(same_statistics(a, b) > 50u);
}

} // namespace trvp::systest
