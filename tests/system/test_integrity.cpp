// Integrity mode mac on configs/tr.yaml: the honest kernel and u_tr_hidden run clean in every
// cipher mode with every encrypted line read checked; the fast path and the full TLM path,
// and quantum 1 ns and 10 us, give identical statistics with integrity on; inconsistent
// integrity settings exit 2 naming the file, line and key; the tags can live in the data DRAM
// itself behind a merge router, beyond the guest's map (docs/crypto.md, Where tags live).
// (The attacks: test_attack*.)
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

// `text` with `from` replaced by `to` (exactly once: the test fails if tr.yaml changed).
std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    BOOST_TEST_REQUIRE((at != std::string::npos && text.find(from, at + 1) == std::string::npos),
                       "configs/tr.yaml no longer holds exactly one: " << from);
    return text.replace(at, from.size(), to);
}

// `text` without the YAML block of component `name` (its line and the deeper-indented ones).
std::string remove_component(std::string text, const std::string& name) {
    const size_t at = text.find("\n  " + name + ":");
    BOOST_TEST_REQUIRE(at != std::string::npos, "configs/tr.yaml has no component " << name);
    size_t end = text.find('\n', at + 1);
    while (end != std::string::npos && text.compare(end, 5, "\n    ") == 0)
        end = text.find('\n', end + 1);
    return text.erase(at, end - at);
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
    check_fast_path_invariance(mac_run);
}

BOOST_AUTO_TEST_CASE(mac_results_do_not_depend_on_the_quantum) {
    check_quantum_invariance(mac_run);
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

// configs/tr.yaml with the tags in the data DRAM: a 160 MiB DRAM behind a merge router `dmux`
// fed by the guest router (offsets 0..128 MiB) and by eu.meta (128 MiB on), so tag traffic
// shares the DRAM with data while guests still reach only their 128 MiB.
BOOST_AUTO_TEST_CASE(mac_tags_in_the_data_dram_behind_a_merge_router) {
    std::string y = read_file(config_path("tr.yaml"));
    y = remove_component(y, "metamem");
    y = replace_once(y, "  dram:\n    type: dram\n    size: 128 MiB\n",
                     "  dmux:\n    type: router\n    map:\n      - {port: dram, base: 0, size: 160 "
                     "MiB}\n  dram:\n    type: dram\n    size: 160 MiB\n");
    y = replace_once(y, "  - bus.dram -> dram.mem\n",
                     "  - bus.dram -> dmux.in\n  - dmux.dram -> dram.mem\n");
    y = replace_once(y, "  - eu.meta -> metamem.mem\n", "  - eu.meta -> dmux.in\n");
    // tr.yaml's tag_base + 128 MiB: DRAM line 0x80000000 / 64 in tag line 0 at 128 MiB.
    y = replace_once(y, "tag_base: 0xffffffffe6666680", "tag_base: 0xffffffffee666680");
    const std::string cfg = write_file("tr_tags_in_dram.yaml", y);
    auto run = [&](const char* mode) {
        trvp_run r(cfg);
        r.set(std::string("eu.integrity.mode=") + mode)
            .set("firmware.images=[{file: u_tr_hidden.sealed}]")
            .set("firmware.boot.programs=[{image: u_tr_hidden.sealed, arg: 1}]")
            .arg("--quiet")
            .out(scratch_dir() + "/dram-tags-" + mode);
        return r.run();
    };
    const run_result none = run("none"), mac = run("mac");
    BOOST_TEST_REQUIRE(none.status == 0, none);
    BOOST_TEST_REQUIRE(mac.status == 0, mac);
    BOOST_TEST(mac.counter("eu.integrity.violations") == 0u);
    BOOST_TEST(mac.counter("eu.integrity.checked") > 0u);
    // Every tag line fetch and write-back is a DRAM request beside the data's.
    BOOST_TEST(mac.counter("dram.reads") ==
               none.counter("dram.reads") + mac.counter("eu.integrity.meta_reads"));
    BOOST_TEST(mac.counter("dram.writes") ==
               none.counter("dram.writes") + mac.counter("eu.integrity.meta_writes"));
}

BOOST_AUTO_TEST_SUITE_END()
