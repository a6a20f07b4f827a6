#pragma once
// Parameters of a traffic generator. The limits of each parameter are declared once, by its
// factory (traffic_factory.cpp); the constructor checks the relations between them.

#include <cstdint>
#include <string>
#include <systemc>

namespace trvp {

struct traffic_params {
    std::string pattern = "sequential"; // "sequential", "random" or "stride"
    uint64_t base = 0x80000000;         // first byte of the range, line-aligned
    uint64_t size = 1 << 20;            // bytes of the range, a non-zero multiple of line_size
    uint64_t stride = 64;               // bytes between requests ("stride"), multiple of line
    unsigned line_size = 64;            // bytes per request, a power of two, 4..4096
    double write_fraction = 0.0;        // 0..1; writes are spread evenly (see pattern.h)
    unsigned in_flight = 1;             // K: requests outstanding at once, >= 1
    uint64_t requests = 10000;          // requests to issue
    unsigned issue_interval = 0;        // cycles between issues at least; 0 = as fast as allowed
    uint16_t key_id = 0;                // key id in every request's mem_ext (0 = plaintext)
    /** Only trusted hardware (the core's secure unit) may put a non-zero key id on a request:
     *  unless this is set (a fidelity bench standing in for such hardware), key_id is
     *  forced to 0 (docs/memory.md, traffic generator). */
    bool trusted_key_source = false;
    uint64_t seed = 1;                              // seed of the "random" pattern
    sc_core::sc_time start = sc_core::SC_ZERO_TIME; // local time of the first issue
    bool stop_when_done = true;                     // request exit 0 when done (the only initiator)
};

} // namespace trvp
