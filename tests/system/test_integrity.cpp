// Integrity mode mac on configs/tr.yaml: the honest kernel and u_tr_hidden run clean in every
// cipher mode with every encrypted line read checked; the fast path and the full TLM path,
// and quantum 1 ns and 10 us, give identical statistics with integrity on; inconsistent
// integrity settings exit 2 naming the file, line and key. (The attacks: test_attack*.)
#define BOOST_TEST_MODULE system_integrity
#include "tr_helpers.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

using namespace trvp::systest;

namespace {

trvp_run mac_run(const std::string& mode, const std::string& tag) {
    trvp_run r = hidden(mode, 1);
    r.set("eu.integrity.mode=mac").out(scratch_dir() + "/" + tag);
    return r;
}

// Every simulated statistic of `a` equals `b`'s (the simulator's host figures aside, and
// `skip`).
size_t same_statistics(const run_result& a, const run_result& b, const std::string& skip = "") {
    const YAML::Node x = a.stats(), y = b.stats();
    size_t compared = 0;
    for (const auto& kv : x) {
        const std::string name = kv.first.as<std::string>();
        if (name.find(".host") != std::string::npos || name.rfind("sim.host", 0) == 0 ||
            name == skip)
            continue;
        BOOST_TEST(YAML::Dump(kv.second["value"]) == YAML::Dump(y[name]["value"]), name);
        ++compared;
    }
    return compared;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(integrity, images_built)

BOOST_AUTO_TEST_CASE(mac_runs_clean_in_every_cipher_mode) {
    for (const char* mode : {"xts", "ctr", "ecb"}) {
        const run_result r = mac_run(mode, std::string("mac-") + mode).run();
        BOOST_TEST_REQUIRE(r.status == 0, r);
        BOOST_TEST(r.file("uart0.txt").find("marker 1 read back after eviction: ok") !=
                       std::string::npos,
                   mode);
        BOOST_TEST(r.counter("eu.integrity.violations") == 0u, mode);
        BOOST_TEST(r.counter("eu.integrity.checked") > 0u, mode);
        BOOST_TEST(r.counter("eu.integrity.tags_written") == r.counter("eu.writes"), mode);
        BOOST_TEST(r.counter("eu.integrity.checked") + r.counter("eu.integrity.unwritten_reads") ==
                       r.counter("eu.reads"),
                   mode);
        BOOST_TEST(r.counter("eu.integrity.meta_reads") == r.counter("eu.integrity.cache.misses"),
                   mode);
        BOOST_TEST(r.counter("metamem.reads") == r.counter("eu.integrity.meta_reads"), mode);
    }
}

BOOST_AUTO_TEST_CASE(mac_fast_path_and_full_path_give_identical_statistics) {
    const run_result fast = mac_run("ctr", "fast").set("cpu.fast_path=true").run();
    const run_result full = mac_run("ctr", "full").set("cpu.fast_path=false").run();
    BOOST_TEST_REQUIRE(fast.status == 0, fast);
    BOOST_TEST_REQUIRE(full.status == 0, full);
    BOOST_TEST(same_statistics(fast, full) > 50u);
}

BOOST_AUTO_TEST_CASE(mac_results_do_not_depend_on_the_quantum) {
    const run_result a = mac_run("xts", "q1").set("simulation.quantum=1 ns").run();
    const run_result b = mac_run("xts", "q10").set("simulation.quantum=10 us").run();
    BOOST_TEST_REQUIRE(a.status == 0, a);
    BOOST_TEST_REQUIRE(b.status == 0, b);
    // eu.engine_utilisation divides by the kernel's time when the statistics are written,
    // which lags the end of the run by up to a quantum (so also with integrity none).
    BOOST_TEST(same_statistics(a, b, "eu.engine_utilisation") > 50u);
}

BOOST_AUTO_TEST_CASE(inconsistent_integrity_settings_exit_2) {
    struct bad {
        const char* set;
        const char* says;
    };
    for (const bad& c : {bad{"eu.integrity.tag_bits=60", "integrity.tag_bits 60"},
                         bad{"eu.integrity.tag_bits=20", "integrity.tag_bits"},
                         bad{"eu.mode=none", "needs a cipher"},
                         bad{"eu.integrity.cache.entries=1000000", "integrity.cache.entries"},
                         bad{"eu.integrity.cache.entries=6", "multiple of integrity.cache.ways"},
                         bad{"eu.integrity.tag_base=8", "integrity.tag_base"},
                         bad{"eu.integrity.mode=tre", "integrity.mode"}}) {
        const run_result r = mac_run("xts", "bad").set(c.set).run();
        BOOST_TEST(r.status == 2, c.set);
        BOOST_TEST(r.err_has(c.says), c.set << ": " << r.err);
        BOOST_TEST(r.err_has("components.eu"), c.set << ": " << r.err);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, c.set << ": " << r.err);
    }
}

BOOST_AUTO_TEST_SUITE_END()
