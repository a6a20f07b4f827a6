#include "tree_layout.h"

#include "common/user_error.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace trvp {

namespace {

bool pow2(uint64_t v) {
    return v && !(v & (v - 1));
}

// Bit fields packed little endian from bit `pos` of `p` (`end`: bytes of `p` that may be
// touched). A field within one 64-bit window is one load (and one store); others go a byte's
// worth at a time.
uint64_t load_le(const uint8_t* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
#else
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i) v |= uint64_t(p[i]) << (8 * i);
    return v;
#endif
}

void store_le(uint8_t* p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(p, &v, 8);
#else
    for (unsigned i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i));
#endif
}

uint64_t max_of(unsigned bits);

void put_bits(uint8_t* p, unsigned end, unsigned pos, unsigned bits, uint64_t v) {
    const unsigned off = pos & 7;
    if (off + bits <= 64 && (pos >> 3) + 8 <= end) {
        const uint64_t mask = max_of(bits) << off;
        const uint64_t w = load_le(p + (pos >> 3));
        store_le(p + (pos >> 3), (w & ~mask) | ((v << off) & mask));
        return;
    }
    for (unsigned done = 0; done < bits;) {
        const unsigned o = pos & 7, take = std::min(8 - o, bits - done);
        const unsigned mask = ((1u << take) - 1) << o;
        p[pos >> 3] = uint8_t((p[pos >> 3] & ~mask) | ((unsigned(v >> done) << o) & mask));
        done += take;
        pos += take;
    }
}

uint64_t get_bits(const uint8_t* p, unsigned end, unsigned pos, unsigned bits) {
    const unsigned off = pos & 7;
    if (off + bits <= 64 && (pos >> 3) + 8 <= end)
        return (load_le(p + (pos >> 3)) >> off) & max_of(bits);
    uint64_t v = 0;
    for (unsigned done = 0; done < bits;) {
        const unsigned o = pos & 7, take = std::min(8 - o, bits - done);
        v |= uint64_t((p[pos >> 3] >> o) & ((1u << take) - 1)) << done;
        done += take;
        pos += take;
    }
    return v;
}

uint64_t max_of(unsigned bits) {
    return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

} // namespace

counter_org parse_counter_org(const std::string& name) {
    if (name == "monolithic") return counter_org::monolithic;
    if (name == "split") return counter_org::split;
    throw user_error("unknown counter organisation '" + name +
                     "' (expected one of: split, monolithic)");
}

const char* to_string(counter_org o) {
    return o == counter_org::split ? "split" : "monolithic";
}

tree_layout::tree_layout(const tree_params& p, unsigned line_size, const std::string& who)
    : m_line_size(line_size), m_tag_bytes(p.tag_bits / 8), m_org(p.counters), m_arity(p.arity),
      m_minor_bits(p.minor_bits), m_base(p.base) {
    auto fail = [&](const std::string& what) { throw user_error(who + ": " + what); };
    if (line_size < 16 || line_size % 16 != 0)
        fail("line_size " + std::to_string(line_size) + " is not a multiple of 16");
    if (p.arity < 2 || p.arity > 64 || !pow2(p.arity))
        fail("arity " + std::to_string(p.arity) + " is not a power of two in 2..64");
    if (p.tag_bits < 32 || p.tag_bits > 128 || p.tag_bits % 8 != 0)
        fail("tag_bits " + std::to_string(p.tag_bits) + " is not a multiple of 8 in 32..128");
    const unsigned payload = line_size * 8 - p.tag_bits; // counter bits of a node
    m_counter_bits = std::min(64u, payload / p.arity);
    if (m_counter_bits < 32)
        fail("arity " + std::to_string(p.arity) + " leaves " + std::to_string(m_counter_bits) +
             "-bit counters in a " + std::to_string(line_size) +
             "-byte node (at least 32 bits needed)");
    if (p.counters == counter_org::split) {
        if (p.minor_bits < 3 || p.minor_bits > 16)
            fail("minor_bits " + std::to_string(p.minor_bits) + " is not in 3..16");
        m_leaf_arity = 1;
        while (64 + 2 * m_leaf_arity * p.minor_bits <= payload && m_leaf_arity < 256)
            m_leaf_arity *= 2;
        if (m_leaf_arity < 2) fail("no room for split counters in a node");
    } else {
        m_leaf_arity = p.arity;
    }
    if (p.protected_size == 0 || p.protected_size % line_size != 0)
        fail("protected.size " + std::to_string(p.protected_size) +
             " is not a positive multiple of the line size");
    if (p.base % line_size != 0) fail("tree_base is not line aligned");
    if (p.root_counters == 0 || p.root_counters > 4096)
        fail("root_counters " + std::to_string(p.root_counters) + " is not in 1..4096");
    if (p.max_levels == 0 || p.max_levels > 16)
        fail("max_levels " + std::to_string(p.max_levels) + " is not in 1..16");
    if (p.cache_ways == 0 || p.cache_entries == 0 || p.cache_entries % p.cache_ways != 0 ||
        p.cache_entries > (1u << 16))
        fail("node cache entries must be a positive multiple of ways, at most 65536");

    m_data_lines = p.protected_size / line_size;
    uint64_t n = (m_data_lines + m_leaf_arity - 1) / m_leaf_arity;
    uint64_t first = 0;
    for (;;) {
        m_count.push_back(n);
        m_first.push_back(first);
        first += n;
        if (n <= p.root_counters) break;
        if (m_count.size() == p.max_levels) {
            // The walker supports max_levels stored levels under a root of root_counters.
            uint64_t reach = p.root_counters;
            for (unsigned l = 1; l < p.max_levels; ++l) reach *= p.arity;
            fail("a tree over " + std::to_string(p.protected_size) +
                 " bytes is too deep for the root register: " + std::to_string(p.root_counters) +
                 " root counters and " + std::to_string(p.max_levels) + " levels of arity " +
                 std::to_string(p.arity) + " cover at most " + std::to_string(reach) +
                 " counter lines (" + std::to_string(reach * m_leaf_arity) + " data lines)");
        }
        n = (n + p.arity - 1) / p.arity;
    }
}

unsigned tree_layout::level_of(uint64_t id) const {
    unsigned l = 0;
    while (l + 1 < m_first.size() && id >= m_first[l + 1]) ++l;
    return l;
}

tree_node tree_layout::zero_node(unsigned level) const {
    tree_node n;
    n.ctr.assign(fanout(level), 0);
    return n;
}

uint64_t tree_layout::counter_max(unsigned level) const {
    return max_of(level == 0 && m_org == counter_org::split ? m_minor_bits : m_counter_bits);
}

void tree_layout::pack(unsigned level, const tree_node& n, uint8_t* line) const {
    // Fields may be loaded and stored as 64-bit windows up to the MAC (left alone).
    const unsigned end = m_line_size - m_tag_bytes;
    std::memset(line, 0, end);
    unsigned pos = 0, bits = m_counter_bits;
    if (level == 0 && m_org == counter_org::split) {
        put_bits(line, end, 0, 64, n.major);
        pos = 64;
        bits = m_minor_bits;
    }
    for (uint64_t c : n.ctr) {
        put_bits(line, end, pos, bits, c);
        pos += bits;
    }
}

void tree_layout::unpack(unsigned level, const uint8_t* line, tree_node& n) const {
    const unsigned end = m_line_size; // reading the MAC bytes too is harmless
    unsigned pos = 0, bits = m_counter_bits;
    n.major = 0;
    if (level == 0 && m_org == counter_org::split) {
        n.major = get_bits(line, end, 0, 64);
        pos = 64;
        bits = m_minor_bits;
    }
    n.ctr.resize(fanout(level));
    for (uint64_t& c : n.ctr) {
        c = get_bits(line, end, pos, bits);
        pos += bits;
    }
}

} // namespace trvp
