#pragma once
// When the encryption unit's AES engines are free: busy-until resources in ticks (the
// wrapper passes SystemC time values, so DRAM latencies that are not whole cycles stay
// exact; unit tests use 1 tick = 1 cycle). Pure C++. The latency equation that the wrapper
// builds from these grants and the real downstream transactions is in docs/crypto.md.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace trvp {

struct eu_timing_params {
    unsigned aes_latency = 40;        // cycles from a line entering an engine to its result
    unsigned blocks_per_cycle = 1;    // 16-byte blocks an engine accepts per cycle
    unsigned engines = 1;             // independent AES engines
    unsigned key_switch_penalty = 10; // cycles to load another key id's schedule
    unsigned xor_latency = 1;         // ctr: cycles to XOR the pad with the data
};

/** One line's use of an engine; times in ticks. */
struct engine_grant {
    unsigned engine = 0;
    uint64_t start = 0;      // the engine starts (after queueing)
    uint64_t queue = 0;      // start - ready
    uint64_t key_switch = 0; // penalty paid (0 when the engine already held the key)
    uint64_t done = 0;       // start + key_switch + aes_latency: the result is ready
};

class eu_timing {
public:
    /** `cycle`: ticks per cycle (> 0). Throws std::invalid_argument on zero params. */
    eu_timing(const eu_timing_params& p, unsigned line_size, uint64_t cycle);

    /**
     * A line under `key_id` is ready for an engine at `ready`: takes the engine free earliest
     * (among engines already free, one holding `key_id`; then the lowest index), which is
     * then busy for key_switch + occupancy() from its start.
     */
    [[gnu::always_inline]] engine_grant reserve(uint64_t ready, uint16_t key_id) {
        // The engine free earliest; among engines already free at `ready`, one that holds
        // the key's schedule (then the lowest index). Inline: called once per line.
        size_t best = 0;
        for (size_t i = 1; i < m_engine_count; ++i) { // one engine (the default): no scan
            const engine& a = m_engines[i];
            const engine& b = m_engines[best];
            const uint64_t fa = std::max(a.busy_until, ready), fb = std::max(b.busy_until, ready);
            if (fa < fb || (fa == fb && a.key == key_id && b.key != key_id)) best = i;
        }
        engine& e = m_engines[best];

        engine_grant g;
        g.engine = static_cast<unsigned>(best);
        g.start = std::max(ready, e.busy_until);
        g.queue = g.start - ready;
        if (e.key != key_id) {
            g.key_switch = m_switch;
            e.key = key_id;
            ++m_switches;
        }
        g.done = g.start + g.key_switch + m_aes;
        e.busy_until = g.start + g.key_switch + m_occupancy;
        m_busy += g.key_switch + m_occupancy;
        return g;
    }

    /** Ticks an engine is occupied by one line: ceil(blocks / blocks_per_cycle) cycles. */
    uint64_t occupancy() const { return m_occupancy; }
    uint64_t aes() const { return m_aes; }
    uint64_t xor_time() const { return m_xor; }
    uint64_t cycle() const { return m_cycle; }

    uint64_t busy_ticks() const { return m_busy; }
    uint64_t key_switches() const { return m_switches; }
    /** The time the last engine becomes free. */
    uint64_t last_busy_until() const;

private:
    struct engine {
        uint64_t busy_until = 0;
        int32_t key = -1; // no schedule loaded yet: the first line pays the switch
    };

    const uint64_t m_cycle;
    const uint64_t m_aes, m_switch, m_xor, m_occupancy;
    std::vector<engine> m_engines;
    const size_t m_engine_count; // m_engines.size(), kept apart from the engines' stores
    uint64_t m_busy = 0;
    uint64_t m_switches = 0;
};

/**
 * Splits the part of a ctr read that the pad path leaves exposed after the data arrived
 * (`exposed` = max(0, pad ready - data ready)) over its stages, latest first: aes (switch +
 * pipeline), then queue, then counter fetch. The parts sum to `exposed`.
 */
struct exposed_split {
    uint64_t counter = 0, queue = 0, aes = 0;
};
exposed_split split_exposed(uint64_t exposed, uint64_t counter, uint64_t queue, uint64_t aes);

} // namespace trvp
