#pragma once
// The cache's state without timing: sets x ways of lines, each tagged with (physical line
// address, key id), valid and dirty, with its data bytes. Plain C++; the TLM wrapper
// (cache.h) adds sockets, time and statistics.
//
// Key-id rule (docs/memory.md#behaviour): at most one line per physical address is resident. An
// access under another key id finds it as a key_mismatch, never as a hit; the wrapper
// writes it back under its own key id (if dirty), invalidates it and refills the same way.

#include "params.h"
#include "replacement/policy.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace trvp {

class tag_store {
public:
    enum class outcome : uint8_t { hit, miss, key_mismatch };
    /** Where an access lands: `way` is the hit or key-mismatching line (unused on a miss). */
    struct probe {
        outcome result;
        unsigned set;
        unsigned way;
    };
    struct line_info {
        uint64_t addr; // line address
        uint16_t key_id;
        bool valid;
        bool dirty;
    };

    /** Validates p's geometry (user_error naming the problem) and builds its policy. */
    explicit tag_store(const cache_params& p);

    unsigned sets() const { return m_sets; }
    unsigned ways() const { return m_ways; }
    unsigned line_size() const { return m_line_size; }
    bool write_back() const { return m_write_back; }
    const replacement_policy& policy() const { return *m_policy; }

    uint64_t line_addr(uint64_t addr) const { return addr & ~m_offset_mask; }
    unsigned offset(uint64_t addr) const { return unsigned(addr & m_offset_mask); }
    unsigned set_of(uint64_t addr) const { return unsigned(addr >> m_line_shift) & m_set_mask; }
    /** True if [addr, addr+len) leaves the line that holds addr. */
    bool crosses_line(uint64_t addr, unsigned len) const {
        return offset(addr) + uint64_t(len) > m_line_size;
    }

    /** The way holding (line_addr, key_id) in `set`, or -1. The hot path: no allocation. */
    int find(unsigned set, uint64_t line_addr, uint16_t key_id) const {
        const meta* m = &m_meta[size_t(set) * m_ways];
        const uint64_t tag = line_addr | valid_bit;
        for (unsigned w = 0; w < m_ways; ++w)
            if (m[w].tag == tag && m[w].key_id == key_id) return int(w);
        return -1;
    }
    probe lookup(uint64_t addr, uint16_t key_id) const;

    /** Records a hit on (set, way) with the replacement policy. */
    void touch(unsigned set, unsigned way) { m_policy->touch(set, way); }
    /**
     * The way a fill for `p` (a miss or key_mismatch) goes into: the key-mismatching line,
     * else the first invalid way, else the policy's victim. Changes no state but the
     * random policy's generator.
     */
    unsigned victim(const probe& p);
    /**
     * Installs a clean, valid line from `data` (line_size() bytes); with nullptr the caller
     * has already written the bytes into data(set, way) (a refill lands there directly).
     */
    void fill(unsigned set, unsigned way, uint64_t line_addr, uint16_t key_id,
              const uint8_t* data = nullptr);
    void invalidate(unsigned set, unsigned way);
    void clean(unsigned set, unsigned way) { at(set, way).dirty = false; }

    void read(unsigned set, unsigned way, unsigned off, uint8_t* dst, unsigned len) const {
        std::memcpy(dst, data(set, way) + off, len);
    }
    /** Writes into a resident line, marking it dirty under write-back (not write-through). */
    void write(unsigned set, unsigned way, unsigned off, const uint8_t* src, unsigned len) {
        std::memcpy(data(set, way) + off, src, len);
        at(set, way).dirty |= m_write_back;
    }
    /** As write(), but only bytes whose enable (be[i % be_len]) is 0xff are written. */
    void write_masked(unsigned set, unsigned way, unsigned off, const uint8_t* src, unsigned len,
                      const uint8_t* be, unsigned be_len);

    line_info line(unsigned set, unsigned way) const;
    bool dirty(unsigned set, unsigned way) const {
        return m_meta[size_t(set) * m_ways + way].dirty;
    }
    uint8_t* data(unsigned set, unsigned way) {
        return &m_data[(size_t(set) * m_ways + way) << m_line_shift];
    }
    const uint8_t* data(unsigned set, unsigned way) const {
        return &m_data[(size_t(set) * m_ways + way) << m_line_shift];
    }

private:
    static constexpr uint64_t valid_bit = 1; // line addresses are >= 4-byte aligned
    struct meta {
        uint64_t tag = 0; // line address | valid_bit, or 0 when invalid
        uint16_t key_id = 0;
        bool dirty = false;
    };
    meta& at(unsigned set, unsigned way) { return m_meta[size_t(set) * m_ways + way]; }

    unsigned m_sets = 0, m_ways = 0, m_line_size = 0;
    unsigned m_line_shift = 0, m_set_mask = 0;
    uint64_t m_offset_mask = 0;
    bool m_write_back = true;
    std::unique_ptr<replacement_policy> m_policy;
    std::vector<meta> m_meta;
    std::vector<uint8_t> m_data;
};

} // namespace trvp
