#pragma once
// The hart's statistics: the counters the hart increments ARE the published statistics
// (names and units in docs/core.md); nothing copies them.
#include "common/stats.h"
#include "params.h"

#include <array>
#include <cstdint>

namespace trvp::core {

/** Event counts of a hart, registered in the group given to the hart ("<core>."). */
struct hart_stats {
    /** `instret` and `cycles` are the hart's architectural counts (shown since the last reset). */
    hart_stats(const stats::group& g, const uint64_t& instret, const uint64_t& cycles);

    // Per-class and per-cause counts, incremented by the hart as plain arrays (the hottest
    // counts); the vectors further down register these arrays as statistics.
    /** Executed instructions per timing class (insn.<class>); the last element counts the
     *  runs of a slot that was not decoded yet (host.decode_misses). */
    std::array<uint64_t, num_timing_classes + 1> class_count{};
    std::array<uint64_t, 16> exceptions{}; // taken, per cause
    std::array<uint64_t, 16> interrupts{}; // taken, per cause

    stats::counter instret;
    stats::counter cycles;
    stats::formula cpi;
    stats::counter tlb_hits;
    stats::counter tlb_misses;
    stats::counter page_walks;
    stats::counter decode_fills;         // instructions decoded into the decode cache
    stats::counter decode_invalidations; // stores/fence.i/invalidate_code that hit decoded code
    stats::counter fetch_lines;          // timed line fetches
    stats::counter fast_accesses;        // accesses served through a grant
    stats::counter slow_accesses;        // accesses through hart_bus::read/write
    stats::counter grants;               // grants obtained
    stats::counter memo_accesses;        // accesses served by an L1's same-line memo
    stats::counter idle_cycles;          // cycles skipped while waiting (skip_to)
    stats::counter satp_switches;        // satp writes that changed its value
    stats::counter misaligned_splits;    // misaligned accesses split in two (params.misaligned)
    stats::counter sc_failures;          // SC.W without a reservation
    stats::vector class_stats, exception_stats, interrupt_stats; // over the arrays above
};

} // namespace trvp::core
