#pragma once
// What one access through a granted host pointer costs and counts (docs/core.md, fast path).
#include "stats.h"

#include <cstdint>

namespace trvp {

/**
 * The cost and the counts of one access of one direction through a grant: its latency in
 * cycles and the granting model's own request and byte statistics, so that an initiator using
 * the host pointer charges and counts exactly what the full path would. A model that grants a
 * host pointer names both statistics; an account without them is not usable.
 */
struct access_account {
    uint32_t cycles = 0;
    stats::counter* requests = nullptr;
    stats::counter* bytes = nullptr;

    bool valid() const { return requests && bytes; }
    void charge(uint64_t& clock, uint32_t len) const {
        clock += cycles;
        ++*requests;
        *bytes += len;
    }
};

} // namespace trvp
