#define BOOST_TEST_MODULE eu_tree
// Integrity mode tree on the encryption unit's model bench (docs/crypto.md, Counter tree):
// exact cycles of a counter-line hit, a one-level walk and a full walk to the root; what a
// physical attacker changing DRAM or the metadata memory through their probe ports gets
// (rollback of a line with its tag, replay of a counter line, replay or flip of a tree node:
// all refused); a split minor overflow renews the page (the data still decrypts) at a cost.
#include "../common/sc_test_main.h"

#include "crypto/integrity/tree_layout.h"
#include "crypto_ref.h"
#include "eu_bench.h"

#include <algorithm>

using namespace trvp;
using namespace trvp::test;

namespace {

// 64 KiB protected from address 0; monolithic arity 8 and 2 root counters: 128 counter
// lines (8 lines each), 16 nodes, 2 nodes = 3 stored levels, at 0x8000 of metamem (the tags
// of the protected lines take its first 16 KiB).
eu_params tree_eu(counter_org org, unsigned node_entries, unsigned node_ways,
                  unsigned tag_entries = 1024, unsigned tag_ways = 4) {
    eu_params p;
    p.integrity.mode = "tree";
    p.integrity.cache.entries = tag_entries;
    p.integrity.cache.ways = tag_ways;
    p.integrity.protected_base = 0;
    tree_params& t = p.integrity.tree;
    t.counters = org;
    t.arity = 8;
    t.root_counters = 2;
    t.protected_size = 64 << 10;
    t.base = 0x8000;
    t.cache_entries = node_entries;
    t.cache_ways = node_ways;
    return p;
}

tree_layout layout_of(const eu_params& p) {
    return tree_layout(p.integrity.tree_config(), 64, "test");
}

// Tag entries: 16 bytes, 4 a line, tag_base 0.
uint64_t tag_line_addr(uint64_t data_addr) {
    return data_addr / 64 / 4 * 64;
}

bytes snap(const test_memory& m, uint64_t addr) {
    return {m.bytes.begin() + long(addr), m.bytes.begin() + long(addr) + 64};
}
void put(test_memory& m, uint64_t addr, const bytes& b) {
    std::copy(b.begin(), b.end(), m.bytes.begin() + long(addr));
}

// Writes line 0 and line 8 (counter lines 0 and 1, under node 0 of level 1), then 24 lines of
// the other half (under the other level-2 node) so that a 4-entry node cache writes line 0's
// whole path back and drops it. Each access starts 1 us after the previous one.
void settle_path_of_line0(eu_bench& b, uint16_t id, uint64_t& now) {
    b.write(0x0, id, plain(1));
    b.advance_to(ns(now += 1000));
    b.write(8 * 64, id, plain(2));
    for (unsigned i = 0; i < 24; ++i) {
        b.advance_to(ns(now += 1000));
        b.write((512 + 8 * i) * 64, id, plain(uint8_t(10 + i)));
    }
    b.advance_to(ns(now += 1000));
}

} // namespace

BOOST_AUTO_TEST_CASE(tree_exact_cycles_xts) {
    eu_bench b("aes-128-xts", tree_eu(counter_org::monolithic, 4, 4));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    uint64_t now = 0;
    settle_path_of_line0(b, id, now);
    const uint64_t levels0 = hist(b, "eu.integrity.tree.levels_missing").sum();
    auto levels = [&] { return hist(b, "eu.integrity.tree.levels_missing").sum() - levels0; };
    // Full walk: the three levels read in parallel from metamem (100), checked (mac 20): the
    // version at 120; data at 50, decrypted at 90; the tag (cached) checked at 120 + 20.
    bytes out(64);
    eu_access r = b.read(0x0, id, out);
    BOOST_TEST(r.delay == ns(140));
    BOOST_TEST(out == plain(1));
    BOOST_TEST(levels() == 3u);
    // Counter-line hit: the version is on chip, the tag check (50 + 20) hides under the
    // decryption (90), as under mac.
    b.advance_to(ns(now += 1000));
    r = b.read(0x0, id, out);
    BOOST_TEST(r.delay == ns(90));
    BOOST_TEST(levels() == 3u);
    // One level: line 8's counter line under the level-1 node the walk left on chip.
    b.advance_to(ns(now += 1000));
    r = b.read(8 * 64, id, out);
    BOOST_TEST(r.delay == ns(140));
    BOOST_TEST(out == plain(2));
    BOOST_TEST(levels() == 4u);
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

BOOST_AUTO_TEST_CASE(tree_exact_cycles_ctr) {
    eu_bench b("aes-128-ctr", tree_eu(counter_org::monolithic, 4, 4), false);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    uint64_t now = 0;
    settle_path_of_line0(b, id, now);
    // Full walk: the version (= the ctr counter) at 120, the pad at 160, xor 161; the tag
    // at 140. The record gives the version fetch the part of it the data read (50) left
    // exposed after the AES (40): 161 - 1 - 40 - 50 = 70.
    bytes out(64);
    eu_access r = b.read(0x0, id, out);
    BOOST_TEST(r.delay == ns(161));
    BOOST_TEST(r.latency[stage::counter] == ns(70));
    BOOST_TEST(out == plain(1));
    // Hit: pad at 40 and xor at 51 after the data (50); the tag at 70.
    b.advance_to(ns(now += 1000));
    r = b.read(0x0, id, out);
    BOOST_TEST(r.delay == ns(70));
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

BOOST_AUTO_TEST_CASE(tree_detects_rollback_of_line_and_tag) {
    // 1-entry caches: every other line pushes the previous one's tag line and counter line
    // out to metamem, where the attacker works.
    eu_bench b("aes-128-xts", tree_eu(counter_org::monolithic, 1, 1, 1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x0, id, plain(1));
    b.write(600 * 64, id, plain(9));
    const bytes ct1 = b.raw(0x0), tag1 = snap(b.metamem, tag_line_addr(0x0));
    b.write(0x0, id, plain(2));
    b.write(600 * 64, id, plain(9));
    put(b.dram, 0x0, ct1);
    put(b.metamem, tag_line_addr(0x0), tag1);
    BOOST_TEST(refused_for_integrity(b, 0x0, id));
    BOOST_TEST(b.count("eu.integrity.violations.tag") == 1u);
    // Control: the current line still reads.
    bytes out(64);
    BOOST_TEST(b.read(600 * 64, id, out).status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(out == plain(9));
}

BOOST_AUTO_TEST_CASE(tree_detects_replayed_counter_line) {
    const eu_params p = tree_eu(counter_org::monolithic, 1, 1, 1, 1);
    eu_bench b("aes-128-ctr", p, false);
    const tree_layout l = layout_of(p);
    const uint64_t leaf = p.integrity.tree.base + l.address(l.node_id(0, 0)) - l.address(0);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x0, id, plain(1));
    b.write(600 * 64, id, plain(9));
    // The whole old state of line 0: ciphertext, tag and counter line (version 1).
    const bytes ct1 = b.raw(0x0), tag1 = snap(b.metamem, tag_line_addr(0x0));
    const bytes leaf1 = snap(b.metamem, leaf);
    b.write(0x0, id, plain(2));
    b.write(600 * 64, id, plain(9));
    BOOST_TEST(snap(b.metamem, leaf) != leaf1); // written back again, under a new parent counter
    put(b.dram, 0x0, ct1);
    put(b.metamem, tag_line_addr(0x0), tag1);
    put(b.metamem, leaf, leaf1);
    BOOST_TEST(refused_for_integrity(b, 0x0, id));
    BOOST_TEST(b.count("eu.integrity.violations.version") == 1u);
    BOOST_TEST(b.count("eu.integrity.tree.violations") == 1u);
}

BOOST_AUTO_TEST_CASE(tree_detects_replayed_and_flipped_nodes) {
    const eu_params p = tree_eu(counter_org::monolithic, 1, 1, 1, 1);
    eu_bench b("aes-128-ecb", p);
    const tree_layout l = layout_of(p);
    const uint64_t node = l.address(l.node_id(1, 0)), top = l.address(l.node_id(2, 0));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x0, id, plain(1));
    b.write(600 * 64, id, plain(9));
    const bytes node1 = snap(b.metamem, node);
    b.write(0x0, id, plain(2));
    b.write(600 * 64, id, plain(9));
    BOOST_TEST(snap(b.metamem, node) != node1);
    const bytes node2 = snap(b.metamem, node);
    put(b.metamem, node, node1); // the older level-1 node
    BOOST_TEST(refused_for_integrity(b, 0x0, id));
    put(b.metamem, node, node2);
    b.metamem.bytes[top + 2] ^= 0x04; // one bit of the level-2 node
    BOOST_TEST(refused_for_integrity(b, 0x0, id));
    b.metamem.bytes[top + 2] ^= 0x04;
    bytes out(64);
    BOOST_TEST(b.read(0x0, id, out).status == tlm::TLM_OK_RESPONSE); // control: restored
    BOOST_TEST(out == plain(2));
    BOOST_TEST(b.count("eu.integrity.violations.version") == 2u);
}

// The stamp under the tree: a rewritten key id is refused as under mac, and so is the whole
// entry put back to its reset state, which mac alone takes for "never written" in xts and ecb:
// the line's version (on chip, from the tree) is no longer 0.
namespace {
void stamp_case(bool whole) {
    eu_bench b("aes-128-xts", tree_eu(counter_org::split, 64, 4, 1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));
    b.write(600 * 64, id, plain(9));             // tag line of 0x40 written back
    const uint64_t e = tag_line_addr(0x40) + 16; // line 1: entry 1
    if (whole)
        std::fill_n(b.metamem.bytes.begin() + long(e), 16, 0);
    else
        b.metamem.bytes[e + 8] ^= 0xff; // the stamp's key id
    BOOST_TEST(refused_for_integrity(b, 0x40, id));
    BOOST_TEST(b.count("eu.integrity.violations.stamp") == 1u);
}
} // namespace

BOOST_AUTO_TEST_CASE(tree_refuses_a_rewritten_stamp) {
    stamp_case(false);
}
BOOST_AUTO_TEST_CASE(tree_refuses_an_entry_put_back_to_reset) {
    stamp_case(true);
}

namespace {

// Split counters with 3-bit minors (64 + 128 x 3 + 64 bits: 128 lines a counter line): line 1
// written once, line 0 eight times; the eighth overflows its minor and renews the page.
void overflow_case(const std::string& mode, bool ctr) {
    eu_params p = tree_eu(counter_org::split, 64, 4);
    p.integrity.tree.minor_bits = 3;
    eu_bench b(mode, p, !ctr);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    uint64_t now = 0;
    b.write(64, id, plain(7));
    const bytes before = b.raw(64);
    eu_access w{};
    for (unsigned i = 1; i <= 8; ++i) {
        b.advance_to(ns(now += 1000));
        if (i == 8) {
            const unsigned reads = b.dram.reads, writes = b.dram.writes;
            w = b.write(0x0, id, plain(uint8_t(i)));
            // The other 127 lines are read (each checked against its tag); under ctr line 1
            // is written back re-encrypted; the never-written lines keep their data and get
            // their stamp re-authenticated under the new version.
            BOOST_TEST(b.dram.reads - reads == 127u);
            BOOST_TEST(b.dram.writes - writes == (ctr ? 2u : 1u));
        } else {
            b.write(0x0, id, plain(uint8_t(i)));
        }
    }
    BOOST_TEST(b.count("eu.integrity.tree.overflows") == 1u);
    BOOST_TEST(b.count(ctr ? "eu.integrity.tree.reencrypted_lines"
                           : "eu.integrity.tree.retagged_lines") == 1u);
    BOOST_TEST((b.raw(64) != before) == ctr); // ctr ciphertext depends on the version
    // The line's own write is done at 90 (xts: 40 + 50; ctr: 41 + 50, its tag at 61). The
    // renewal starts at once: 127 data reads (50), the page's 32 uncached tag lines (100 +
    // hit 1 = 101). ctr: line 1's tag checked at 50 + 20 = 70, its two pads (engine free at
    // 4, done at 44 and 48), the new ciphertext at 71, written at 121; xts: re-tagged at 90.
    // Every never-written line's stamp is re-authenticated after its check: 101 + hit 1 +
    // MAC 20 = 122.
    BOOST_TEST(w.delay == ns(122));
    b.advance_to(ns(now += 5000));
    bytes out(64);
    BOOST_TEST(b.read(64, id, out).status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(out == plain(7));
    BOOST_TEST(b.read(0x0, id, out).status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(out == plain(8));
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(tree_split_overflow_renews_the_page_ctr) {
    overflow_case("aes-128-ctr", true);
}

BOOST_AUTO_TEST_CASE(tree_split_overflow_renews_the_page_xts) {
    overflow_case("aes-128-xts", false);
}
