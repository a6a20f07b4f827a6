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

namespace {

// configs/tr.yaml with a 160 MiB DRAM behind a merge router `dmux` fed by the guest router
// (offsets 0..128 MiB) and by eu.meta, the tags at `tag_base`.
std::string tags_in_dram_yaml(const std::string& tag_base) {
    std::string y = read_file(config_path("tr.yaml"));
    y = remove_component(y, "metamem");
    y = replace_once(y, "  dram:\n    type: dram\n    size: 128 MiB\n",
                     "  dmux:\n    type: router\n    map:\n      - {port: dram, base: 0, size: 160 "
                     "MiB}\n  dram:\n    type: dram\n    size: 160 MiB\n");
    y = replace_once(y, "  - bus.dram -> dram.mem\n",
                     "  - bus.dram -> dmux.in\n  - dmux.dram -> dram.mem\n");
    y = replace_once(y, "  - eu.meta -> metamem.mem\n", "  - eu.meta -> dmux.in\n");
    return replace_once(y, "tag_base: 0xffffffffe0000000", "tag_base: " + tag_base);
}

run_result bad_layout(const std::string& yaml, const std::string& name,
                      const std::string& mode = "xts") {
    trvp_run r(write_file(name + ".yaml", yaml));
    r.set("eu.integrity.mode=mac")
        .set("eu.mode=" + mode)
        .arg("--quiet")
        .out(scratch_dir() + "/" + name);
    return r.run();
}

} // namespace

// Metadata storage that overlaps guest-visible memory, or other metadata, is refused when the
// platform is built (the builder follows the routers from eu.meta / eu.counters and from every
// other initiator to the same memory component): exit 2, one message naming both areas, the
// memory, the ranges and the key that places the metadata.
BOOST_AUTO_TEST_CASE(metadata_overlapping_guest_memory_or_other_metadata_exits_2) {
    // The tags in the data DRAM at tr.yaml's tag_base: offsets 0..32 MiB, which the guest
    // router maps at 0x80000000.
    const run_result g = bad_layout(tags_in_dram_yaml("0xffffffffe0000000"), "tags_over_guest");
    BOOST_TEST(g.status == 2, g);
    BOOST_TEST(g.err_has("components.eu.integrity.tag_base: the integrity tags of 'eu' (dram "
                         "[0x0, 0x1ffffff], reached from eu.meta through dmux) overlap dram "
                         "[0x0, 0x7ffffff] that "),
               g.err);
    BOOST_TEST(g.err_has("through bus, dmux"), g.err);
    BOOST_TEST(g.err_has("tags_over_guest.yaml:"), g.err);
    BOOST_TEST(std::count(g.err.begin(), g.err.end(), '\n') == 1, g.err);
    // The same from `trvp run --dry-run`: checked before anything is built.
    const run_result d = run_trvp_args({"run", scratch_dir() + "/tags_over_guest.yaml", "--dry-run",
                                        "--set", "eu.integrity.mode=mac"});
    BOOST_TEST(d.status == 2, d);
    BOOST_TEST(d.err_has("components.eu.integrity.tag_base: the integrity tags of 'eu'"), d.err);
    // Under the tree its nodes too (the tags moved beyond the guest's 128 MiB, the nodes left
    // at tree_base 32 MiB: inside it).
    std::string t = tags_in_dram_yaml("0xffffffffe8000000");
    const run_result n = bad_layout(t, "nodes_over_guest", "xts");
    BOOST_TEST(n.status == 0, n); // mac: no nodes
    trvp_run tr(write_file("nodes_over_guest.yaml", t));
    const run_result tn = tr.set("eu.integrity.mode=tree")
                              .arg("--quiet")
                              .out(scratch_dir() + "/nodes_over_guest_tree")
                              .run();
    BOOST_TEST(tn.status == 2, tn);
    BOOST_TEST(tn.err_has("components.eu.integrity.tree_base: the tree nodes of 'eu' (dram "
                          "[0x2000000, "),
               tn.err);
    // ctr counters and tags in one memory (behind a merge router `mmux`): tr.yaml's
    // counter_base puts the counters at its offsets 0..16 MiB, where the tags are.
    std::string y = read_file(config_path("tr.yaml"));
    y = remove_component(y, "ctrmem");
    y = replace_once(y, "  metamem:",
                     "  mmux: {type: router, map: [{port: m, base: 0, size: 64 MiB}]}\n  metamem:");
    y = replace_once(y, "  - eu.counters -> ctrmem.mem\n", "  - eu.counters -> mmux.in\n");
    y = replace_once(y, "  - eu.meta -> metamem.mem\n",
                     "  - eu.meta -> mmux.in\n  - mmux.m -> metamem.mem\n");
    const run_result c = bad_layout(y, "counters_over_tags", "ctr");
    BOOST_TEST(c.status == 2, c);
    BOOST_TEST(c.err_has("the ctr counters of 'eu' (metamem [0x0, 0xffffff], reached from "
                         "eu.counters through mmux) overlap the integrity tags of 'eu' (metamem "
                         "[0x0, 0x1ffffff], components.eu.integrity.tag_base)"),
               c.err);
    BOOST_TEST(c.err_has("components.eu.counter_base"), c.err);
    // The same memory without integrity: the counters alone are fine.
    trvp_run ok(write_file("counters_over_tags.yaml", y));
    const run_result o = ok.set("eu.mode=ctr").arg("--quiet").out(scratch_dir() + "/ctr_ok").run();
    BOOST_TEST(o.status == 0, o);
}

// configs/tr.yaml with the tags in the data DRAM: a 160 MiB DRAM behind a merge router `dmux`
// fed by the guest router (offsets 0..128 MiB) and by eu.meta (128 MiB on), so tag traffic
// shares the DRAM with data while guests still reach only their 128 MiB.
BOOST_AUTO_TEST_CASE(mac_tags_in_the_data_dram_behind_a_merge_router) {
    // tr.yaml's tag_base + 128 MiB: DRAM line 0x80000000 / 64 in tag line 0 at 128 MiB.
    const std::string cfg =
        write_file("tr_tags_in_dram.yaml", tags_in_dram_yaml("0xffffffffe8000000"));
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
