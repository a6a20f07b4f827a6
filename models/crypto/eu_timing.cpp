#include "eu_timing.h"

#include <algorithm>
#include <stdexcept>

namespace trvp {

eu_timing::eu_timing(const eu_timing_params& p, unsigned line_size, uint64_t cycle)
    : m_cycle(cycle), m_aes(p.aes_latency * cycle), m_switch(p.key_switch_penalty * cycle),
      m_xor(p.xor_latency * cycle),
      m_occupancy((p.blocks_per_cycle
                       ? (line_size / 16 + p.blocks_per_cycle - 1) / p.blocks_per_cycle
                       : 0) *
                  cycle),
      m_engines(p.engines) {
    if (cycle == 0 || p.engines == 0 || p.blocks_per_cycle == 0 || line_size < 16)
        throw std::invalid_argument("eu_timing: cycle, engines, blocks_per_cycle and "
                                    "line_size must be positive");
}

engine_grant eu_timing::reserve(uint64_t ready, uint16_t key_id) {
    // The engine free earliest; among engines already free at `ready`, one that holds the
    // key's schedule (then the lowest index).
    size_t best = 0;
    auto better = [&](const engine& a, const engine& b) {
        const uint64_t fa = std::max(a.busy_until, ready), fb = std::max(b.busy_until, ready);
        if (fa != fb) return fa < fb;
        return a.key == key_id && b.key != key_id;
    };
    for (size_t i = 1; i < m_engines.size(); ++i)
        if (better(m_engines[i], m_engines[best])) best = i;
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

uint64_t eu_timing::last_busy_until() const {
    uint64_t t = 0;
    for (const engine& e : m_engines) t = std::max(t, e.busy_until);
    return t;
}

exposed_split split_exposed(uint64_t exposed, uint64_t counter, uint64_t queue, uint64_t aes) {
    exposed_split s;
    s.aes = std::min(exposed, aes);
    exposed -= s.aes;
    s.queue = std::min(exposed, queue);
    exposed -= s.queue;
    s.counter = std::min(exposed, counter);
    return s;
}

} // namespace trvp
