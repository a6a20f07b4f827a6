#define BOOST_TEST_MODULE counter_tree
// The counter tree, pure C++ (docs/crypto.md, Counter tree): geometry and bad input, node
// format, exact walk timing, lazy initialisation, replay and tamper detection through the
// metadata memory, the lazy write-back scheme under eviction pressure, split-counter
// overflow.
#include "common/user_error.h"
#include "crypto/integrity/counter_tree.h"
#include "meta_array.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <random>

using namespace trvp;

namespace trvp {
std::ostream& operator<<(std::ostream& os, tree_status s) {
    return os << to_string(s);
}
} // namespace trvp
using trvp::test::meta_array;

namespace {

const uint8_t tree_key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

tree_params params(counter_org org, unsigned arity, uint64_t size) {
    tree_params p;
    p.counters = org;
    p.arity = arity;
    p.protected_size = size;
    p.base = 0x1000;
    return p;
}

// A tree over `size` bytes in an array of 1 MiB at 0x1000; 1 tick = 1 cycle.
struct bench {
    stats::registry reg;
    meta_array mem;
    counter_tree tree;
    bench(const tree_params& p, uint64_t latency = 50, uint64_t transfer = 0)
        : mem(0x1000, 1 << 20, latency, transfer),
          tree(p, 64, 1, tree_key, mem, reg, "eu.integrity.", "eu") {}
    // Makes every node on the path of `line` stored and non-zero, then empties the cache.
    void settle(uint64_t line) {
        BOOST_TEST(tree.bump_version(line, 0).status == tree_status::ok);
        BOOST_TEST(tree.flush(0) == tree_status::ok);
        tree.drop_cache();
    }
    std::vector<uint8_t> snapshot() const { return mem.bytes; }
};

std::string error_of(const tree_params& p) {
    try {
        tree_layout l(p, 64, "eu");
    } catch (const user_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_CASE(geometry) {
    // split, 64-B lines, 64-bit node MACs: 32 minors of 7 bits + a 64-bit major per leaf.
    tree_layout s(params(counter_org::split, 8, 1 << 20), 64, "eu"); // 16384 data lines
    BOOST_TEST(s.leaf_arity() == 32u);
    BOOST_TEST(s.counter_bits() == 56u); // 8 x 56 + 64 = 512 (SGX MEE)
    BOOST_TEST(s.nodes_at(0) == 512u);
    BOOST_TEST(s.nodes_at(1) == 64u); // <= 64 root counters: the top stored level
    BOOST_TEST(s.levels() == 2u);
    BOOST_TEST(s.root_size() == 64u);
    BOOST_TEST(s.address(s.node_id(1, 3)) == 0x1000u + (512 + 3) * 64);
    // monolithic arity 8: 8 lines a leaf, so four times the leaves and one more level.
    tree_layout m(params(counter_org::monolithic, 8, 1 << 20), 64, "eu");
    BOOST_TEST(m.leaf_arity() == 8u);
    BOOST_TEST(m.levels() == 3u); // 2048, 256, 32
    BOOST_TEST(m.footprint() == (2048u + 256 + 32) * 64);
    // arity 2 monolithic: 64-bit counters; arity 64: 7 minors... no: 448 / 64 < 32 bits.
    BOOST_TEST(tree_layout(params(counter_org::monolithic, 4, 1 << 20), 64, "eu").counter_bits() ==
               64u);
    tree_params six = params(counter_org::split, 8, 1 << 20);
    six.minor_bits = 6;
    BOOST_TEST(tree_layout(six, 64, "eu").leaf_arity() == 64u); // 64 + 64 x 6 + 64 = 512
}

BOOST_AUTO_TEST_CASE(bad_input) {
    BOOST_TEST(error_of(params(counter_org::split, 6, 1 << 20)).find("arity 6 is not a power") !=
               std::string::npos);
    BOOST_TEST(error_of(params(counter_org::split, 128, 1 << 20)).find("2..64") !=
               std::string::npos);
    BOOST_TEST(error_of(params(counter_org::monolithic, 16, 1 << 20)).find("28-bit counters") !=
               std::string::npos);
    tree_params deep = params(counter_org::monolithic, 2, 1 << 20);
    deep.root_counters = 1;
    BOOST_TEST(error_of(deep).find("too deep for the root register") != std::string::npos);
    tree_params minor = params(counter_org::split, 8, 1 << 20);
    minor.minor_bits = 2;
    BOOST_TEST(error_of(minor).find("minor_bits 2") != std::string::npos);
    BOOST_TEST(error_of(params(counter_org::split, 8, 100)).find("multiple of the line size") !=
               std::string::npos);
    tree_params tag = params(counter_org::split, 8, 1 << 20);
    tag.tag_bits = 24;
    BOOST_TEST(error_of(tag).find("tag_bits 24") != std::string::npos);
    BOOST_TEST(error_of(params(counter_org::split, 8, 1 << 20)).empty());
}

BOOST_AUTO_TEST_CASE(node_format_round_trip) {
    for (counter_org org : {counter_org::split, counter_org::monolithic}) {
        tree_layout l(params(org, 8, 1 << 20), 64, "eu");
        for (unsigned level = 0; level < 2; ++level) {
            tree_node n = l.zero_node(level);
            n.major = org == counter_org::split && level == 0 ? 0x0123456789abcdefull : 0;
            for (size_t i = 0; i < n.ctr.size(); ++i)
                n.ctr[i] = (i * 0x9e3779b97f4a7c15ull) & l.counter_max(level);
            uint8_t line[64];
            std::memset(line, 0xee, sizeof line);
            l.pack(level, n, line);
            BOOST_TEST(line[63] == 0xee); // the MAC bytes are left alone
            tree_node back;
            l.unpack(level, line, back);
            BOOST_TEST(back.major == n.major);
            BOOST_TEST(back.ctr == n.ctr);
        }
    }
}

BOOST_AUTO_TEST_CASE(untouched_tree_is_zero_without_reads) {
    bench b(params(counter_org::monolithic, 8, 1 << 20));
    const tree_access r = b.tree.read_version(1234, 100);
    BOOST_TEST(r.status == tree_status::ok);
    BOOST_TEST(r.version == 0u);
    BOOST_TEST(r.ready == 100u); // zero nodes are made on chip
    BOOST_TEST(r.levels == 3u);
    BOOST_TEST(b.mem.reads == 0u);
    BOOST_TEST(b.tree.counts().nodes_created.value() == 3u);
}

BOOST_AUTO_TEST_CASE(exact_walk_timing) {
    // 50-cycle metadata memory, 20-cycle MAC check, 3 stored levels (monolithic arity 8).
    bench b(params(counter_org::monolithic, 8, 1 << 20));
    b.settle(5000);
    // Full walk to the root: three reads in parallel at 1000, checks after both ends arrive.
    tree_access r = b.tree.read_version(5000, 1000);
    BOOST_TEST(r.status == tree_status::ok);
    BOOST_TEST(r.version == 1u);
    BOOST_TEST(r.levels == 3u);
    BOOST_TEST(r.fetched == 3u);
    BOOST_TEST(r.ready == 1000u + 50 + 20);
    // Leaf hit: the version is on chip at once.
    r = b.tree.read_version(5001, 2000);
    BOOST_TEST(r.levels == 0u);
    BOOST_TEST(r.ready == 2000u);
    // One level fetched: another leaf (624, lines 4992..4999) under the cached level-1 node
    // of line 5000 (leaf 625, node 625 / 8 = 78).
    b.settle(4995);
    b.tree.read_version(5000, 2500); // path of line 5000 cached again
    r = b.tree.read_version(4995, 3000);
    BOOST_TEST(r.levels == 1u);
    BOOST_TEST(r.fetched == 1u);
    BOOST_TEST(r.ready == 3000u + 50 + 20);
}

BOOST_AUTO_TEST_CASE(exact_walk_timing_on_a_busy_channel) {
    // A channel taking one request per 10 cycles: the k reads of a walk arrive 10 apart, the
    // last (the top) one at at + (k - 1) 10 + 50; its check ends the walk.
    bench b(params(counter_org::monolithic, 8, 1 << 20), 50, 10);
    b.settle(7);
    const tree_access r = b.tree.read_version(7, 10000);
    BOOST_TEST(r.levels == 3u);
    BOOST_TEST(r.ready == 10000u + 2 * 10 + 50 + 20);
}

BOOST_AUTO_TEST_CASE(replayed_counter_line_is_detected) {
    bench b(params(counter_org::split, 8, 1 << 20));
    b.settle(300);
    const auto old = b.snapshot();
    b.settle(300); // version 2, the leaf rewritten under a bumped parent counter
    const uint64_t leaf = b.tree.layout().address(b.tree.layout().node_id(0, 300 / 32)) - 0x1000;
    std::copy(old.begin() + long(leaf), old.begin() + long(leaf) + 64,
              b.mem.bytes.begin() + long(leaf));
    const tree_access r = b.tree.read_version(300, 0);
    BOOST_TEST(r.status == tree_status::violation);
    BOOST_TEST(b.tree.counts().violations.value() == 1u);
}

BOOST_AUTO_TEST_CASE(replayed_inner_node_and_whole_metadata_are_detected) {
    bench b(params(counter_org::monolithic, 8, 1 << 20));
    b.settle(42);
    const auto old = b.snapshot();
    b.settle(42);
    const tree_layout& l = b.tree.layout();
    const uint64_t node = l.address(l.node_id(1, 42 / 64)) - 0x1000;
    auto now = b.snapshot();
    std::copy(old.begin() + long(node), old.begin() + long(node) + 64,
              b.mem.bytes.begin() + long(node));
    BOOST_TEST(b.tree.read_version(42, 0).status == tree_status::violation);
    // Every stored node rolled back together: the root register moved on.
    b.tree.drop_cache();
    b.mem.bytes = old;
    BOOST_TEST(b.tree.read_version(42, 0).status == tree_status::violation);
    // The current contents still verify.
    b.tree.drop_cache();
    b.mem.bytes = now;
    const tree_access r = b.tree.read_version(42, 0);
    BOOST_TEST(r.status == tree_status::ok);
    BOOST_TEST(r.version == 2u);
}

BOOST_AUTO_TEST_CASE(flipped_bit_and_moved_node_are_detected) {
    bench b(params(counter_org::split, 8, 1 << 20));
    b.settle(0);
    b.settle(32); // leaves 0 and 1 stored, same parent
    const tree_layout& l = b.tree.layout();
    const uint64_t leaf0 = l.address(0) - 0x1000, leaf1 = l.address(1) - 0x1000;
    b.mem.bytes[leaf1 + 3] ^= 0x10;
    BOOST_TEST(b.tree.read_version(32, 0).status == tree_status::violation);
    b.tree.drop_cache();
    std::copy(b.mem.bytes.begin() + long(leaf0), b.mem.bytes.begin() + long(leaf0) + 64,
              b.mem.bytes.begin() + long(leaf1)); // same parent counter (1), other address
    BOOST_TEST(b.tree.read_version(32, 0).status == tree_status::violation);
}

BOOST_AUTO_TEST_CASE(lazy_write_back_under_eviction_pressure) {
    // A 4-entry, 2-way cache over a 3-level tree: nearly every access evicts dirty nodes whose
    // parents are uncached or themselves evicted; versions must match a shadow copy and no
    // false violation may appear, also after flushing and walking from the root.
    for (counter_org org : {counter_org::monolithic, counter_org::split}) {
        tree_params p = params(org, 4, 1 << 20);
        p.cache_entries = 4;
        p.cache_ways = 2;
        p.root_counters = 8;
        bench b(p);
        std::mt19937_64 rng(11);
        std::map<uint64_t, uint64_t> shadow;
        const uint64_t lines = b.tree.layout().data_lines();
        for (int i = 0; i < 20000; ++i) {
            const uint64_t line = rng() % 64 == 0 ? rng() % lines : rng() % 512;
            if (rng() % 3) {
                const tree_access r = b.tree.bump_version(line, uint64_t(i) * 10);
                BOOST_REQUIRE(r.status == tree_status::ok);
                shadow[line] = r.version;
                if (r.overflow)
                    for (unsigned j = 0; j < r.page_lines; ++j)
                        if (shadow.count(r.page_first + j)) shadow[r.page_first + j] = r.version;
            } else {
                const tree_access r = b.tree.read_version(line, uint64_t(i) * 10);
                BOOST_REQUIRE(r.status == tree_status::ok);
                BOOST_REQUIRE(r.version == (shadow.count(line) ? shadow[line] : 0));
            }
        }
        BOOST_TEST(b.tree.counts().nodes_written.value() > 1000u);
        BOOST_REQUIRE(b.tree.flush(0) == tree_status::ok);
        b.tree.drop_cache();
        for (const auto& [line, v] : shadow) {
            BOOST_REQUIRE(b.tree.peek_version(line) == v);
            const tree_access r = b.tree.read_version(line, 0);
            BOOST_REQUIRE(r.status == tree_status::ok);
            BOOST_REQUIRE(r.version == v);
        }
        BOOST_TEST(b.tree.counts().violations.value() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(split_minor_overflow) {
    bench b(params(counter_org::split, 8, 1 << 20));
    b.tree.bump_version(65, 0); // a neighbour in the same leaf (lines 64..95): minor 1
    for (unsigned i = 1; i <= 127; ++i) {
        const tree_access r = b.tree.bump_version(70, 0);
        BOOST_REQUIRE(!r.overflow);
        BOOST_REQUIRE(r.version == i);
    }
    const tree_access r = b.tree.bump_version(70, 0); // minor 127 -> overflow
    BOOST_TEST(r.overflow);
    BOOST_TEST(r.version == 128u); // major 1, minor 0
    BOOST_TEST(r.page_first == 64u);
    BOOST_TEST(r.page_lines == 32u);
    BOOST_TEST((*r.old_versions)[65 - 64] == 1u);
    BOOST_TEST((*r.old_versions)[70 - 64] == 127u);
    BOOST_TEST(b.tree.read_version(65, 0).version == 128u);
    BOOST_TEST(b.tree.read_version(66, 0).version == 128u);
    BOOST_TEST(b.tree.bump_version(65, 0).version == 129u);
    BOOST_TEST(b.tree.counts().overflows.value() == 1u);
}
