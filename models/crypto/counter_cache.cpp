#include "counter_cache.h"

#include <stdexcept>

namespace trvp {

namespace {
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
}

counter_cache::entry* counter_cache::find(uint64_t index) {
    return const_cast<entry*>(static_cast<const counter_cache*>(this)->find(index));
}

const counter_cache::entry* counter_cache::find(uint64_t index) const {
    const entry* set = &m_entries[set_of(index) * m_ways];
    for (unsigned w = 0; w < m_ways; ++w)
        if (set[w].valid && set[w].index == index) return &set[w];
    return nullptr;
}

bool counter_cache::lookup(uint64_t data_line) {
    entry* e = find(line_of(data_line));
    if (!e) return false;
    e->lru = ++m_stamp;
    return true;
}

counter_cache::victim counter_cache::fill(uint64_t index, const uint8_t* bytes,
                                          uint8_t* victim_bytes) {
    entry* set = &m_entries[set_of(index) * m_ways];
    entry* v = &set[0];
    for (unsigned w = 0; w < m_ways; ++w) {
        if (!set[w].valid) {
            v = &set[w];
            break;
        }
        if (set[w].lru < v->lru) v = &set[w];
    }
    victim out;
    if (v->valid && v->dirty) {
        out.valid = true;
        out.index = v->index;
        for (unsigned i = 0; i < m_per_line; ++i)
            for (unsigned b = 0; b < 8; ++b)
                victim_bytes[i * 8 + b] = static_cast<uint8_t>(v->counters[i] >> (8 * b));
    }
    v->valid = true;
    v->dirty = false;
    v->index = index;
    v->lru = ++m_stamp;
    for (unsigned i = 0; i < m_per_line; ++i) {
        uint64_t c = 0;
        for (unsigned b = 0; b < 8; ++b) c |= uint64_t(bytes[i * 8 + b]) << (8 * b);
        v->counters[i] = c;
    }
    return out;
}

uint64_t counter_cache::get(uint64_t data_line) const {
    const entry* e = find(line_of(data_line));
    if (!e) throw std::logic_error("counter_cache::get of an uncached counter");
    return e->counters[slot_of(data_line)];
}

uint64_t counter_cache::increment(uint64_t data_line) {
    entry* e = find(line_of(data_line));
    if (!e) throw std::logic_error("counter_cache::increment of an uncached counter");
    e->dirty = true;
    return ++e->counters[slot_of(data_line)];
}

bool counter_cache::peek(uint64_t data_line, uint64_t& value) const {
    const entry* e = find(line_of(data_line));
    if (!e) return false;
    value = e->counters[slot_of(data_line)];
    return true;
}

} // namespace trvp
