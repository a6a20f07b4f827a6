#pragma once
// The counter tree's on-chip node cache: set-associative, LRU, write-back, holding decoded
// nodes of every level (leaves and inner nodes) by global node id. A cached node is trusted:
// it was verified when it came on chip (or created as a zero node), so a walk stops at the
// first cached ancestor. Pure C++.

#include "crypto/lru_victim.h"
#include "tree_layout.h"

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

namespace trvp {

class node_cache {
public:
    struct entry {
        bool valid = false, dirty = false;
        uint64_t id = 0;
        uint64_t lru = 0;
        tree_node node;
    };

    node_cache(unsigned entries, unsigned ways) : m_ways(ways), m_sets(entries / ways) {
        if (ways == 0 || entries == 0 || entries % ways != 0)
            throw std::invalid_argument("node_cache: entries must be a positive multiple of ways");
        m_entries.resize(entries);
    }

    /** The entry of node `id`, made most recently used, or nullptr. */
    entry* find(uint64_t id) {
        entry* set = &m_entries[(id % m_sets) * m_ways];
        for (unsigned w = 0; w < m_ways; ++w)
            if (set[w].valid && set[w].id == id) {
                set[w].lru = ++m_stamp;
                return &set[w];
            }
        return nullptr;
    }
    /** The entry of node `id` without touching LRU, or nullptr. */
    const entry* peek(uint64_t id) const {
        const entry* set = &m_entries[(id % m_sets) * m_ways];
        for (unsigned w = 0; w < m_ways; ++w)
            if (set[w].valid && set[w].id == id) return &set[w];
        return nullptr;
    }
    /**
     * Puts node `id` (not cached) in its set, evicting the LRU entry: a dirty victim is copied
     * to `victim` (victim.valid false when none). `n` is swapped in: it leaves with the
     * evicted entry's storage, for reuse. Returns the new, clean entry.
     */
    entry* insert(uint64_t id, tree_node& n, entry& victim) {
        entry* set = &m_entries[(id % m_sets) * m_ways];
        entry* v = lru_victim(set, m_ways);
        victim.valid = v->valid && v->dirty;
        if (victim.valid) {
            victim.id = v->id;
            victim.node = v->node;
        }
        v->valid = true;
        v->dirty = false;
        v->id = id;
        v->lru = ++m_stamp;
        std::swap(v->node, n);
        return v;
    }
    std::vector<entry>& entries() { return m_entries; }
    void invalidate_all() {
        for (entry& e : m_entries) e.valid = e.dirty = false;
    }

private:
    const unsigned m_ways;
    const uint64_t m_sets;
    std::vector<entry> m_entries;
    uint64_t m_stamp = 0;
};

} // namespace trvp
