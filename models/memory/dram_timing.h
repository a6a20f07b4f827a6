#pragma once
// When a DRAM access completes, kept apart from what it stores (backing_store). For now a
// fixed latency; banks, row buffers and bandwidth will add state here, not in dram.

#include <cstdint>
#include <systemc>

namespace trvp {

class dram_timing {
public:
    explicit dram_timing(const sc_core::sc_time& latency) : m_latency(latency) {}

    /**
     * The latency of an access of `len` bytes at `offset` that starts at simulated time
     * `start` (the initiator's local time, sc_time_stamp() + delay).
     */
    sc_core::sc_time access(uint64_t offset, uint64_t len, bool write,
                            const sc_core::sc_time& start) {
        (void)offset, (void)len, (void)write, (void)start;
        return m_latency;
    }

    /**
     * True when every access costs the same whatever came before, so a DMI grant with a
     * fixed latency yields the same simulated time as b_transport. A stateful model
     * (row buffers, bandwidth) returns false and the DRAM stops granting DMI.
     */
    bool is_fixed() const { return true; }
    const sc_core::sc_time& fixed_latency() const { return m_latency; }

private:
    sc_core::sc_time m_latency;
};

} // namespace trvp
