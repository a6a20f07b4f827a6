#pragma once
// The ctr mode's on-chip counter cache: set-associative, LRU, write-back. Pure C++; it holds
// the counters and says which counter lines to fetch and write back, and the encryption
// unit performs those as real transactions on its "counters" socket.
//
// Layout of the counter store: one 64-bit little-endian counter per data line, in data
// line order, so counter line n holds the counters of data lines n * per_line ...
// (per_line = line_size / 8); its address in the counter memory is base + n * line_size.

#include <cstdint>
#include <vector>

namespace trvp {

struct counter_cache_params {
    unsigned entries = 64; // counter lines held on chip
    unsigned ways = 4;     // associativity (entries % ways == 0)
};

class counter_cache {
public:
    /** A counter line to write back. */
    struct victim {
        bool valid = false;
        uint64_t index = 0; // counter line number
    };

    counter_cache(const counter_cache_params& p, unsigned line_size);
    counter_cache(const counter_cache&) = delete; // m_last points into m_entries
    counter_cache& operator=(const counter_cache&) = delete;

    unsigned counters_per_line() const { return m_per_line; }
    /** The counter line that holds data line `data_line`'s counter. */
    uint64_t line_of(uint64_t data_line) const {
        return m_per_line_shift >= 0 ? data_line >> m_per_line_shift : data_line / m_per_line;
    }

    /** True, and the line made most recently used, if the counter of data line is cached. */
    [[gnu::always_inline]] bool lookup(uint64_t data_line) {
        entry* e = find(line_of(data_line));
        if (!e) return false;
        e->lru = ++m_stamp;
        return true;
    }
    /** Fills counter line `index` with `bytes` (line_size), evicting LRU; returns a dirty
     *  victim to write back, its bytes copied to `victim_bytes` (line_size; valid == false
     *  when none). The line must not be cached. */
    victim fill(uint64_t index, const uint8_t* bytes, uint8_t* victim_bytes);
    /** The counter of a cached data line. */
    [[gnu::always_inline]] uint64_t get(uint64_t data_line) const {
        const entry* e = find(line_of(data_line));
        if (!e) uncached("get");
        return e->counters[slot_of(data_line)];
    }
    /** Increments a cached data line's counter, marks its line dirty; returns the new value. */
    [[gnu::always_inline]] uint64_t increment(uint64_t data_line) {
        entry* e = find(line_of(data_line));
        if (!e) uncached("increment");
        e->dirty = true;
        return ++e->counters[slot_of(data_line)];
    }
    /** The counter if cached, without touching LRU (debug accesses). */
    bool peek(uint64_t data_line, uint64_t& value) const;

private:
    struct entry {
        bool valid = false, dirty = false;
        uint64_t index = 0;
        uint64_t lru = 0; // last use stamp
        std::vector<uint64_t> counters;
    };

    uint64_t slot_of(uint64_t data_line) const {
        return m_per_line_shift >= 0 ? data_line & (m_per_line - 1) : data_line % m_per_line;
    }
    uint64_t set_of(uint64_t index) const {
        return m_sets_pow2 ? index & (m_sets - 1) : index % m_sets;
    }
    // Inline with lookup(), get() and increment(): the per-line path of the ctr mode. A line's
    // lookup is followed by its get() or increment(): the last entry found is tried first.
    [[gnu::always_inline]] const entry* find(uint64_t index) const {
        if (m_last->index == index && m_last->valid) return m_last;
        const entry* set = &m_entries[set_of(index) * m_ways];
        for (unsigned w = 0; w < m_ways; ++w)
            if (set[w].valid && set[w].index == index) return m_last = &set[w];
        return nullptr;
    }
    [[gnu::always_inline]] entry* find(uint64_t index) {
        return const_cast<entry*>(static_cast<const counter_cache*>(this)->find(index));
    }
    [[noreturn]] static void uncached(const char* what); // a model bug: std::logic_error

    const unsigned m_per_line;
    const unsigned m_ways;
    const uint64_t m_sets;
    // Divisions on the per-access path become shifts and masks for powers of two.
    const int m_per_line_shift; // log2(m_per_line), -1 if not a power of two
    const bool m_sets_pow2;
    std::vector<entry> m_entries;          // set s: [s * ways, (s + 1) * ways)
    mutable const entry* m_last = nullptr; // the entry find() returned last (or entry 0)
    uint64_t m_stamp = 0;
};

} // namespace trvp
