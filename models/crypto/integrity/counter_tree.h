#pragma once
// The counter tree (freshness): per-data-line versions covered by an SGX-MEE-style tree whose
// root counters stay on chip. Pure C++: the metadata memory is reached through a meta_port
// (the encryption unit performs real, timed transactions on its metadata socket; tests use an
// array). Times are ticks; latencies are given in cycles of `cycle` ticks.
//
// Verification (read_version, and bump_version before it increments): the leaf of the data
// line and every missing ancestor up to the first node already on chip (node cache, or the
// root register) are read in parallel at the request's time; each node's MAC is checked
// against its parent's counter as soon as both are on chip; the walk is done when the last
// check is: ready = max over fetched nodes of (max(arrival, parent's arrival) + mac_latency).
// A parent counter of 0 means the child was never written back: it is a zero node, created on
// chip without a read (lazy initialisation; its first write-back is its initialisation).
//
// Update (lazy, write-back): bump_version increments the leaf's counter in the cache; a dirty
// node is written back when evicted: its parent's counter for it is incremented (in the cache,
// or by a read-verify-modify-write of the uncached ancestors up to the first on-chip one) and
// the node's MAC is recomputed under the new parent counter. So a node's stored MAC always
// binds its parent's current counter, and an older copy of any node (a replayed counter line
// or inner node) fails its check. Write-backs leave through a write buffer at the walk's
// ready time: they contend with other traffic but are not charged to the request.
// Details and the latency equations: docs/crypto.md, Counter tree.

#include "common/stats.h"
#include "meta_port.h"
#include "node_cache.h"
#include "node_mac.h"
#include "tree_layout.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trvp {

enum class tree_status : uint8_t { ok, violation, bus_error };
inline const char* to_string(tree_status s) {
    return s == tree_status::ok ? "ok" : s == tree_status::violation ? "violation" : "bus_error";
}

/** The outcome of one read_version / bump_version. */
struct tree_access {
    tree_status status = tree_status::ok;
    uint64_t version = 0; // the data line's version (after the bump for bump_version)
    uint64_t ready = 0;   // tick the version is verified on chip
    unsigned levels = 0;  // levels missing on chip (0: leaf hit)
    unsigned fetched = 0; // nodes read on the critical path
    // split: a minor counter overflowed; every line of the leaf, [page_first, page_first +
    // page_lines), now has version new_version, and the lines other than the bumped one must
    // be re-encrypted from old_versions[i] (the tree's vector, valid until the next call).
    bool overflow = false;
    uint64_t page_first = 0;
    unsigned page_lines = 0;
    const std::vector<uint64_t>* old_versions = nullptr;
};

/** The tree's statistics, named `prefix` + "tree." + leaf. */
struct tree_stats {
    tree_stats(stats::registry& reg, const std::string& prefix, unsigned levels);
    stats::counter hits;          // leaf lookups that hit the node cache
    stats::counter misses;        // leaf lookups that walked
    stats::counter nodes_read;    // node reads (walks and read-modify-writes of parents)
    stats::counter nodes_written; // node write-backs (evictions, flushes)
    stats::counter nodes_created; // zero nodes made on chip (never written back before)
    stats::counter violations;    // node MAC mismatches
    stats::counter bumps;         // versions incremented
    stats::counter overflows;     // split minor overflows
    stats::histogram levels;      // levels missing on chip per lookup (0: leaf hit)
};

class counter_tree {
public:
    /** `key`: the 16-byte on-chip tree MAC key; statistics in `reg` under `prefix`.
     *  Throws user_error naming `who` on an impossible configuration. */
    counter_tree(const tree_params& p, unsigned line_size, uint64_t cycle, const uint8_t* key,
                 meta_port& port, stats::registry& reg, const std::string& prefix,
                 const std::string& who);

    const tree_layout& layout() const { return m_layout; }
    const tree_stats& counts() const { return m_counts; }

    tree_access read_version(uint64_t data_line, uint64_t at);
    tree_access bump_version(uint64_t data_line, uint64_t at);
    /** The current version without timing or side effects (debug accesses; not verified). */
    uint64_t peek_version(uint64_t data_line);

    /** Writes back every dirty cached node (children before parents), issued at `at`. */
    tree_status flush(uint64_t at);
    /** Drops every cached node (after flush(): the next access walks from the root). */
    void drop_cache() { m_cache.invalidate_all(); }
    uint64_t root_counter(uint64_t i) const { return m_root[i]; }
    uint64_t mac_ticks() const { return m_mac; }

private:
    struct held { // a node evicted dirty, waiting in the write buffer
        uint64_t id = 0;
        unsigned level = 0;
        tree_node node;
    };

    uint64_t version_of(const tree_node& leaf, unsigned slot) const {
        return m_split ? (leaf.major << m_layout.minor_bits()) | leaf.ctr[slot] : leaf.ctr[slot];
    }
    node_cache::entry* leaf_entry(uint64_t data_line, uint64_t at, tree_access& r);
    bool walk(uint64_t leaf, uint64_t at, tree_access& r);
    // The parent of node (level, index) if it is cached (then marked dirty if asked) or
    // held in the write buffer; nullptr otherwise.
    tree_node* on_chip_parent(unsigned level, uint64_t index, bool mark_dirty);
    // The counter of node (level, index) in its parent, reading uncached ancestors.
    bool parent_counter(unsigned level, uint64_t index, uint64_t at, uint64_t& value);
    bool load_uncached(unsigned level, uint64_t index, uint64_t at, tree_node& n);
    // Increments node (level, index)'s counter in its parent; `value` = the new counter.
    bool bump_parent(unsigned level, uint64_t index, uint64_t at, uint64_t& value);
    bool write_back(unsigned level, uint64_t id, const tree_node& n, uint64_t at);
    bool drain(uint64_t at); // writes back m_held, lowest level first
    bool peek_node(unsigned level, uint64_t index, tree_node& n); // untimed, no side effects
    void make_zero(unsigned level, tree_node& n) const;           // reusing n's storage

    const tree_layout m_layout;
    const bool m_split;
    const uint64_t m_mac; // ticks
    meta_port& m_port;
    node_mac m_macs;
    node_cache m_cache;
    std::vector<uint64_t> m_root;
    std::vector<held> m_held;
    std::vector<uint8_t> m_line;
    std::vector<std::vector<uint8_t>> m_path; // fetched lines of a walk, per level
    std::vector<uint64_t> m_arrival;
    std::vector<tree_node> m_nodes; // decoded nodes of a walk, per level
    std::vector<uint64_t> m_x;      // a walk's node index per level
    std::vector<uint8_t> m_scratch; // a node read outside a walk
    std::vector<uint64_t> m_old;
    tree_status m_fail = tree_status::ok; // why the last write-back path failed
    tree_stats m_counts;
};

} // namespace trvp
