#pragma once
// The same-line memo (docs/memory.md#same-line-memo): an L1 cache publishes the line it last
// served through its direct path, and the core serves the next accesses to that line itself,
// without a call into the cache. Plain C++ (the instruction-set simulator uses it).
#include "stats.h"

#include <cstdint>

namespace trvp {

/**
 * The lines an L1 cache served last (at most `entries`), owned by the cache (its address
 * never changes). While an entry's `size` is non-zero its line is resident under `key_id`: an
 * access through the memo costs `cycles` and counts the hit in the cache's own counters, as
 * the cache's hit path does. The one thing it defers is the replacement touch: it numbers the
 * use (`last`), and the cache replays the touches of the entries used since its last replay,
 * in the order of their last use, before anything else changes its state (docs/memory.md).
 * `writable`: a write changes nothing else either (write-back, the line already dirty, and no
 * ownership check that could refuse it).
 */
struct line_memo {
    struct entry {
        uint8_t* host = nullptr; // host address of the line's first byte
        uint64_t base = 0;       // the line's physical address
        uint64_t last = 0;       // number of its last use (or of its grant)
        uint32_t size = 0;       // line size; 0: no line granted
        uint32_t set = 0, way = 0;
        uint16_t key_id = 0;
        bool writable = false;
        stats::counter* key_hits = nullptr; // the cache's hit counter of key_id
    };
    static constexpr unsigned entries = 4; // a loop's code lines, or its source and destination
    entry e[entries];
    uint64_t uses = 0;     // numbers the uses
    uint64_t replayed = 0; // uses up to this one have their touches applied
    uint32_t cycles = 0;   // hit latency
    // The cache's counters a hit adds to (plain integers, no call).
    stats::counter* accesses = nullptr;
    stats::counter* hits = nullptr;
    stats::counter* read_hits = nullptr;
    stats::counter* write_hits = nullptr;

    void revoke() {
        for (entry& x : e) x.size = 0;
    }
    /** Serves [pa, pa + len) if it lies in a granted line under `key`: charges and counts the
     *  hit, returns the host address; else nullptr, with no side effect. */
    uint8_t* access(uint64_t pa, uint32_t len, uint16_t key, bool write, uint64_t& clock) {
        for (entry& x : e) {
            const uint64_t off = pa - x.base;
            if (off >= x.size || x.size - off < len || key != x.key_id || (write && !x.writable))
                continue;
            clock += cycles;
            x.last = ++uses;
            ++*accesses;
            ++*hits;
            ++*(write ? write_hits : read_hits);
            ++*x.key_hits;
            return x.host + off;
        }
        return nullptr;
    }
};

} // namespace trvp
