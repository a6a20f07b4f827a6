#pragma once
// Parameters of one cache level (validated by tag_store / cache constructors: user_error).

#include "common/ownership.h"

#include <cstdint>
#include <string>

namespace trvp {

struct cache_params {
    uint64_t size = 32 * 1024; // bytes of data; size / (ways * line_size) sets, a power of two
    unsigned ways = 4;         // associativity, >= 1
    unsigned line_size = 64;   // bytes, a power of two, 4..4096
    unsigned hit_latency = 1;  // cycles of env.clock_period charged on every access (lookup)
    std::string replacement = "lru"; // "lru", "fifo" or "random"
    bool write_back = true;          // false: write-through (lines never dirty)
    bool write_allocate = true;      // false: a write miss goes downstream without a fill
    uint64_t seed = 1;               // seed of the "random" replacement policy
    unsigned key_stats = 16;         // key ids 0..N-1 get their own hit/miss counters, 1..65536
    std::string prefetch = "none";   // "none", "next_line" or "stride" (prefetch/prefetcher.h)
    unsigned prefetch_degree = 1;    // lines fetched ahead per trigger, 1..16
    /** Frame-ownership check of requests arriving at "cpu" (common/ownership.h); `owners`
     *  (the attribute bank's table) is required when it is enabled. */
    ownership_params ownership;
    const frame_owners* owners = nullptr;
};

} // namespace trvp
