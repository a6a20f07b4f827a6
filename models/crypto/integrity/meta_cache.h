#pragma once
// An on-chip cache of metadata lines (tags, counters, tree nodes): set-associative, LRU,
// write-back. Pure C++: it holds the bytes and says what to fetch and write back; the
// integrity engine performs those as timed transactions through its meta_port.

#include "common/divider.h"

#include <cstdint>
#include <vector>

namespace trvp {

struct meta_cache_params {
    unsigned entries = 64;    // metadata lines held on chip
    unsigned ways = 4;        // associativity (entries % ways == 0)
    unsigned hit_latency = 1; // cycles to read or update a resident line
};

class meta_cache {
public:
    /** A dirty line pushed out by fill(): its address and a copy of its bytes. */
    struct victim {
        bool valid = false;
        uint64_t addr = 0;
    };

    /** Throws std::invalid_argument when entries is not a positive multiple of ways. */
    meta_cache(const meta_cache_params& p, unsigned line_size);

    unsigned line_size() const { return m_line_size; }
    /** The resident line at metadata address `addr` (line aligned), made most recently used
     *  (and dirty if `dirty`); null on a miss. */
    uint8_t* lookup(uint64_t addr, bool dirty = false);
    /** The resident line without touching LRU (debug accesses); null on a miss. */
    uint8_t* peek(uint64_t addr);
    /** Installs line `addr` (not resident) with `bytes`, evicting the LRU way; a dirty victim
     *  is copied to `victim_bytes` (line_size). Returns the installed line's bytes. */
    uint8_t* fill(uint64_t addr, const uint8_t* bytes, uint8_t* victim_bytes, victim& v);
    /** Marks the resident line `addr` dirty. */
    void mark_dirty(uint64_t addr);

private:
    struct entry {
        bool valid = false, dirty = false;
        uint64_t addr = 0;
        uint64_t lru = 0;
    };
    entry* find(uint64_t addr);
    uint64_t set_of(uint64_t addr) const { return m_sets.rem(m_line(addr)); }

    const unsigned m_line_size;
    const unsigned m_ways;
    const divider m_line, m_sets; // address -> line number, line number -> set
    std::vector<entry> m_entries; // set s: [s * ways, (s + 1) * ways)
    std::vector<uint8_t> m_data;  // entry i: [i * line_size, (i + 1) * line_size)
    uint64_t m_stamp = 0;
};

} // namespace trvp
