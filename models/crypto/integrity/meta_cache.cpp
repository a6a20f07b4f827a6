#include "meta_cache.h"
#include "crypto/lru_victim.h"

#include <cstring>
#include <stdexcept>

namespace trvp {

meta_cache::meta_cache(const meta_cache_params& p, unsigned line_size)
    : m_line_size(line_size), m_ways(p.ways), m_line(line_size),
      m_sets(p.ways ? p.entries / p.ways : 1), m_entries(p.entries),
      m_data(size_t(p.entries) * line_size) {
    if (p.ways == 0 || p.entries == 0 || p.entries % p.ways != 0 || line_size == 0)
        throw std::invalid_argument("meta_cache: entries must be a positive multiple of ways");
}

meta_cache::entry* meta_cache::find(uint64_t addr) {
    entry* set = &m_entries[set_of(addr) * m_ways];
    for (unsigned w = 0; w < m_ways; ++w)
        if (set[w].valid && set[w].addr == addr) return &set[w];
    return nullptr;
}

uint8_t* meta_cache::lookup(uint64_t addr, bool dirty) {
    entry* e = find(addr);
    if (!e) return nullptr;
    e->lru = ++m_stamp;
    e->dirty |= dirty;
    return &m_data[size_t(e - m_entries.data()) * m_line_size];
}

uint8_t* meta_cache::peek(uint64_t addr) {
    entry* e = find(addr);
    return e ? &m_data[size_t(e - m_entries.data()) * m_line_size] : nullptr;
}

uint8_t* meta_cache::fill(uint64_t addr, const uint8_t* bytes, uint8_t* victim_bytes, victim& v) {
    entry* set = &m_entries[set_of(addr) * m_ways];
    entry* e = lru_victim(set, m_ways);
    uint8_t* data = &m_data[size_t(e - m_entries.data()) * m_line_size];
    v = victim{};
    if (e->valid && e->dirty) {
        v.valid = true;
        v.addr = e->addr;
        std::memcpy(victim_bytes, data, m_line_size);
    }
    e->valid = true;
    e->dirty = false;
    e->addr = addr;
    e->lru = ++m_stamp;
    std::memcpy(data, bytes, m_line_size);
    return data;
}

void meta_cache::mark_dirty(uint64_t addr) {
    if (entry* e = find(addr)) e->dirty = true;
}

} // namespace trvp
