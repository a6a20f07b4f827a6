// Integrity mode tree on configs/tr.yaml: the honest kernel and u_tr_hidden run clean in every
// cipher mode (also with a one-entry node cache, so that counter lines and nodes are written
// back and read again all the time), the fast path and the full TLM path, and quantum 1 ns and
// 10 us, give identical statistics; inconsistent tree settings exit 2 naming the file, line
// and key. (The attacks: test_attacks_integrity.)
#define BOOST_TEST_MODULE system_integrity_tree
#include "tr_helpers.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

using namespace trvp::systest;

namespace {

trvp_run tree_run(const std::string& mode, const std::string& tag) {
    trvp_run r = hidden(mode, 1);
    r.set("eu.integrity.mode=tree").out(scratch_dir() + "/" + tag);
    return r;
}

void runs_clean(const run_result& r, const std::string& what) {
    BOOST_TEST_REQUIRE(r.status == 0, what << ": " << r);
    BOOST_TEST(r.file("uart0.txt").find("marker 1 read back after eviction: ok") !=
                   std::string::npos,
               what);
    BOOST_TEST(r.counter("eu.integrity.violations") == 0u, what);
    BOOST_TEST(r.counter("eu.integrity.tree.outside") == 0u, what);
    BOOST_TEST(r.counter("eu.integrity.tree.version_bumps") == r.counter("eu.writes"), what);
    BOOST_TEST(r.counter("eu.integrity.tree.node_cache.hits") +
                       r.counter("eu.integrity.tree.node_cache.misses") ==
                   r.counter("eu.reads") + r.counter("eu.writes") +
                       r.counter("eu.integrity.violations"),
               what);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(integrity_tree, images_built)

BOOST_AUTO_TEST_CASE(tree_runs_clean_in_every_cipher_mode) {
    for (const char* mode : {"xts", "ctr", "ecb"}) {
        const run_result r = tree_run(mode, std::string("tree-") + mode).run();
        runs_clean(r, mode);
        BOOST_TEST(r.counter("eu.integrity.checked") > 0u, mode);
    }
}

BOOST_AUTO_TEST_CASE(tree_runs_clean_with_a_one_entry_node_cache) {
    // Every walk evicts: dirty counter lines and nodes are written back (their parents read,
    // bumped and written back in turn) and read and checked again later.
    for (const char* counters : {"split", "monolithic"}) {
        const run_result r = tree_run("ctr", std::string("tiny-") + counters)
                                 .set(std::string("eu.integrity.counters=") + counters)
                                 .set("eu.integrity.node_cache.entries=1")
                                 .set("eu.integrity.node_cache.ways=1")
                                 .set("metamem.size=64 MiB")
                                 .run();
        runs_clean(r, counters);
        BOOST_TEST(r.counter("eu.integrity.tree.nodes_written") > 100u, counters);
        BOOST_TEST(r.counter("eu.integrity.tree.nodes_read") > 100u, counters);
    }
}

BOOST_AUTO_TEST_CASE(tree_fast_path_and_full_path_give_identical_statistics) {
    check_fast_path_invariance(tree_run);
}

BOOST_AUTO_TEST_CASE(tree_results_do_not_depend_on_the_quantum) {
    check_quantum_invariance(tree_run);
}

BOOST_AUTO_TEST_CASE(inconsistent_tree_settings_exit_2) {
    struct bad {
        const char* set;
        const char* set2;
        const char* says;
    };
    for (const bad& c :
         {bad{"eu.integrity.arity=6", "", "integrity.arity: arity 6 is not a power of two"},
          bad{"eu.integrity.arity=128", "", "integrity.arity"},
          bad{"eu.integrity.counters=flat", "", "integrity.counters"},
          bad{"eu.integrity.root_counters=1", "eu.integrity.max_levels=3",
              "too deep for the root register"},
          bad{"eu.integrity.counters=monolithic", "eu.integrity.arity=16", "28-bit counters"},
          bad{"eu.integrity.tree_base=0x100000", "", "overlap the tags"},
          bad{"eu.integrity.protected.size=0", "", "protected.size 0"},
          bad{"eu.integrity.node_cache.entries=1000000", "", "integrity.node_cache.entries"}}) {
        trvp_run run = tree_run("xts", "bad").set(c.set);
        if (*c.set2) run.set(c.set2);
        const run_result r = run.run();
        BOOST_TEST(r.status == 2, c.set);
        BOOST_TEST(r.err_has(c.says), c.set << ": " << r.err);
        BOOST_TEST(r.err_has("components.eu"), c.set << ": " << r.err);
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, c.set << ": " << r.err);
    }
}

BOOST_AUTO_TEST_SUITE_END()
