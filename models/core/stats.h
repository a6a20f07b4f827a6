#pragma once
#include "params.h"

#include <array>
#include <cstdint>

namespace trvp::core {

/** Event counts of a hart; the wrapper publishes them as statistics (names in docs/core.md). */
struct hart_stats {
    std::array<uint64_t, num_timing_classes + 1> class_count{}; // executed insns per class
    std::array<uint64_t, 16> exceptions{};                      // taken, per cause
    std::array<uint64_t, 16> interrupts{};                      // taken, per cause
    uint64_t tlb_hits = 0;
    uint64_t tlb_misses = 0;
    uint64_t page_walks = 0;
    uint64_t decode_fills = 0;         // instructions decoded into the decode cache
    uint64_t decode_invalidations = 0; // stores/fence.i/invalidate_code that hit decoded code
    uint64_t fetch_lines = 0;          // timed line fetches
    uint64_t fast_accesses = 0;        // accesses served through a grant
    uint64_t slow_accesses = 0;        // accesses through hart_bus::read/write
    uint64_t grants = 0;               // grants obtained
    uint64_t idle_cycles = 0;          // cycles skipped while waiting (skip_to)
    uint64_t satp_switches = 0;        // satp writes that changed its value (mode, ASID, root)
};

} // namespace trvp::core
