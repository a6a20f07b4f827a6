#pragma once
// The counter tree's geometry and node format (docs/crypto.md, Counter tree). Pure C++.
//
// Data lines 0 .. data_lines-1 of the protected range each have a version counter. Counters
// are grouped into counter lines (the leaves, level 0); every node of level i + 1 holds the
// counters of `arity` nodes of level i; the counters of the top stored level are the root
// register, on chip. A stored node is one metadata line: its counters bit-packed from byte 0
// (little endian) and its MAC in the last tag_bits / 8 bytes. Levels are stored one after
// the other from `base`, leaves first.
//
// Counter organisations of the leaves (inner nodes always hold `arity` full counters):
//  monolithic  one counter per data line, `arity` per leaf, of counter_bits() bits:
//              min(64, (line bits - tag_bits) / arity) (56 at arity 8, 64-B line, 64-bit tag:
//              SGX MEE's layout).
//  split       a 64-bit major counter per leaf and one minor counter of minor_bits per data
//              line (Yan et al., ISCA 2006); leaf_arity() = the largest power of two that fits
//              (32 at 7 bits, 64 at 6 bits). A data line's version = major * 2^minor_bits +
//              minor; a minor overflow increments the major, zeroes every minor and the leaf's
//              other lines are re-encrypted under their new versions.

#include <cstdint>
#include <string>
#include <vector>

namespace trvp {

enum class counter_org : uint8_t { monolithic, split };

/** "monolithic" or "split"; anything else: user_error. */
counter_org parse_counter_org(const std::string& name);
const char* to_string(counter_org o);

struct tree_params {
    unsigned arity = 8;                        // children per inner node: power of two, 2..64
    counter_org counters = counter_org::split; // organisation of the leaves
    unsigned minor_bits = 7;                   // split: bits of a minor counter, 3..16
    unsigned tag_bits = 64;                    // node MAC: 32..128, a multiple of 8
    unsigned root_counters = 64;               // on-chip root register: counters it holds
    unsigned max_levels = 8;                   // stored levels the walker supports
    unsigned cache_entries = 64;               // on-chip node cache (leaves and inner nodes)
    unsigned cache_ways = 4;
    unsigned mac_latency = 20;   // cycles: one node MAC (computed or checked)
    uint64_t base = 0;           // address of the first leaf in the metadata memory
    uint64_t protected_size = 0; // bytes of data covered, from data line 0
};

/** A node, decoded: `major` (split leaves only) and one counter per child. */
struct tree_node {
    uint64_t major = 0;
    std::vector<uint64_t> ctr;
};

class tree_layout {
public:
    /** Throws user_error naming `who` on an impossible configuration (docs/crypto.md). */
    tree_layout(const tree_params& p, unsigned line_size, const std::string& who);

    unsigned line_size() const { return m_line_size; }
    unsigned tag_bytes() const { return m_tag_bytes; }
    counter_org org() const { return m_org; }
    unsigned arity() const { return m_arity; }
    /** Data lines per leaf. */
    unsigned leaf_arity() const { return m_leaf_arity; }
    /** Bits of an inner-node counter (and of a monolithic leaf counter). */
    unsigned counter_bits() const { return m_counter_bits; }
    unsigned minor_bits() const { return m_minor_bits; }
    uint64_t data_lines() const { return m_data_lines; }
    /** Stored levels (leaves = level 0); the root register holds level levels()-1's counters. */
    unsigned levels() const { return unsigned(m_count.size()); }
    uint64_t nodes_at(unsigned level) const { return m_count[level]; }
    uint64_t total_nodes() const { return m_first.back() + m_count.back(); }
    /** Counters in the root register (= nodes of the top stored level). */
    uint64_t root_size() const { return m_count.back(); }
    /** Bytes of metadata memory the stored levels take from `base`. */
    uint64_t footprint() const { return total_nodes() * m_line_size; }

    /** Global node number (the order of storage) of node `index` of `level`. */
    uint64_t node_id(unsigned level, uint64_t index) const { return m_first[level] + index; }
    uint64_t address(uint64_t id) const { return m_base + id * m_line_size; }
    unsigned level_of(uint64_t id) const;
    uint64_t index_of(uint64_t id) const { return id - m_first[level_of(id)]; }
    /** Children a node of `level` has (leaf: data lines). */
    unsigned fanout(unsigned level) const { return level == 0 ? m_leaf_arity : m_arity; }

    /** A zero node of `level` (counters all 0). */
    tree_node zero_node(unsigned level) const;
    /** Packs the counters into line[0 .. line_size - tag_bytes); the MAC bytes are left alone. */
    void pack(unsigned level, const tree_node& n, uint8_t* line) const;
    void unpack(unsigned level, const uint8_t* line, tree_node& n) const;
    /** Largest value a counter of `level` holds (a leaf's minor under split). */
    uint64_t counter_max(unsigned level) const;

private:
    const unsigned m_line_size, m_tag_bytes;
    const counter_org m_org;
    const unsigned m_arity, m_minor_bits;
    unsigned m_leaf_arity = 0, m_counter_bits = 0;
    uint64_t m_data_lines = 0;
    const uint64_t m_base;
    std::vector<uint64_t> m_count, m_first; // per level: nodes, id of the first
};

} // namespace trvp
