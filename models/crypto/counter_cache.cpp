#include "counter_cache.h"
#include "lru_victim.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace trvp {

namespace {
// The counter store is little endian; on a little-endian host a counter line is one copy.
void store_le64(uint8_t* p, const uint64_t* v, unsigned n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(p, v, size_t(n) * 8);
#else
    for (unsigned i = 0; i < n; ++i)
        for (unsigned b = 0; b < 8; ++b) p[i * 8 + b] = static_cast<uint8_t>(v[i] >> (8 * b));
#endif
}

void load_le64(uint64_t* v, const uint8_t* p, unsigned n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(v, p, size_t(n) * 8);
#else
    for (unsigned i = 0; i < n; ++i) {
        v[i] = 0;
        for (unsigned b = 0; b < 8; ++b) v[i] |= uint64_t(p[i * 8 + b]) << (8 * b);
    }
#endif
}

int log2_exact(uint64_t v) {
    if (v == 0 || (v & (v - 1))) return -1;
    int n = 0;
    while (v >>= 1) ++n;
    return n;
}
} // namespace

counter_cache::counter_cache(const counter_cache_params& p, unsigned line_size)
    : m_per_line(line_size / 8), m_ways(p.ways), m_sets(p.ways ? p.entries / p.ways : 0),
      m_per_line_shift(log2_exact(m_per_line)), m_sets_pow2(log2_exact(m_sets) >= 0),
      m_entries(p.entries) {
    if (p.ways == 0 || p.entries == 0 || p.entries % p.ways != 0 || m_per_line == 0)
        throw std::invalid_argument("counter_cache: entries must be a positive multiple of ways");
    for (entry& e : m_entries) e.counters.assign(m_per_line, 0);
    m_last = &m_entries[0];
}

void counter_cache::uncached(const char* what) {
    throw std::logic_error(std::string("counter_cache::") + what + " of an uncached counter");
}

counter_cache::victim counter_cache::fill(uint64_t index, const uint8_t* bytes,
                                          uint8_t* victim_bytes) {
    entry* set = &m_entries[set_of(index) * m_ways];
    entry* v = lru_victim(set, m_ways);
    victim out;
    if (v->valid && v->dirty) {
        out.valid = true;
        out.index = v->index;
        store_le64(victim_bytes, v->counters.data(), m_per_line);
    }
    v->valid = true;
    v->dirty = false;
    v->index = index;
    v->lru = ++m_stamp;
    load_le64(v->counters.data(), bytes, m_per_line);
    return out;
}

bool counter_cache::peek(uint64_t data_line, uint64_t& value) const {
    const entry* e = find(line_of(data_line));
    if (!e) return false;
    value = e->counters[slot_of(data_line)];
    return true;
}

} // namespace trvp
