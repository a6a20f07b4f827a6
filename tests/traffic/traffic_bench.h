#pragma once
// Test bench parts for the traffic generator and the prefetcher: the shared test memory
// (tests/common/test_memory.h) behind a channel, latency L and one line per T, and the
// environment (1 ns clock, a quantum for the generators).

#include "common/test_env.h"
#include "common/test_memory.h"

#include <boost/test/unit_test.hpp>

namespace trvp::test {

/** A memory of `size` bytes at `base`: unloaded latency L, at most one line per T. */
inline test_memory_params channel(sc_core::sc_time latency, sc_core::sc_time transfer,
                                  uint64_t base, size_t size) {
    test_memory_params p;
    p.latency = latency;
    p.transfer = transfer;
    p.base = base;
    p.size = size;
    return p;
}

struct sim : test_env {
    explicit sim(sc_core::sc_time quantum = sc_core::sc_time(1, sc_core::SC_US))
        : test_env(sc_core::sc_time(1, sc_core::SC_NS), quantum) {}
};

} // namespace trvp::test
