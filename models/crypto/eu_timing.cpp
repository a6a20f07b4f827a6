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
      m_engines(p.engines), m_engine_count(p.engines) {
    if (cycle == 0 || p.engines == 0 || p.blocks_per_cycle == 0 || line_size < 16)
        throw std::invalid_argument("eu_timing: cycle, engines, blocks_per_cycle and "
                                    "line_size must be positive");
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
