#pragma once
// When a DRAM access completes, kept apart from what it stores (backing_store). Two models
// behind one small interface: `fixed` (every access costs `latency`) and `banked` (banks
// with row buffers and a bandwidth-limited channel, banked_timing.h). docs/memory.md has
// the equations.

#include "common/stats.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <systemc>

namespace trvp {

/** The timing part of dram_params; the defaults keep the fixed model. */
struct dram_timing_params {
    std::string timing = "fixed";                                    // fixed | banked
    sc_core::sc_time latency = sc_core::sc_time(50, sc_core::SC_NS); // fixed: per access
    // banked only:
    unsigned banks = 8;                                                     // 1..1024
    uint64_t row_size = 2048;                                               // bytes per row
    sc_core::sc_time t_row_hit = sc_core::sc_time(20, sc_core::SC_NS);      // row open
    sc_core::sc_time t_row_miss = sc_core::sc_time(40, sc_core::SC_NS);     // row closed
    sc_core::sc_time t_row_conflict = sc_core::sc_time(55, sc_core::SC_NS); // another row open
    double bandwidth = 12.8e9;        // channel, bytes/s; a transfer takes bytes / bandwidth
    std::string page_policy = "open"; // open | closed
};

/** Where one access's time went, in absolute simulated times. */
struct dram_access {
    sc_core::sc_time queue;   // waiting for its bank and for the channel
    sc_core::sc_time service; // row access and data transfer
    unsigned bank = 0;
    sc_core::sc_time transfer_start, transfer_end; // the channel's occupancy
    sc_core::sc_time total() const { return queue + service; }
};

/** What a timing model needs from its DRAM: statistics, clock, and the window's length. */
struct dram_timing_env {
    stats::registry& stats;
    std::string prefix; // "<dram name>."
    sc_core::sc_time clock_period;
    /** Simulated time since the statistics were last reset (for rates). */
    std::function<sc_core::sc_time()> elapsed;
};

class dram_timing {
public:
    virtual ~dram_timing() = default;

    /**
     * Serves an access of `len` bytes at `offset` arriving at simulated time `start` (the
     * initiator's local time, sc_time_stamp() + delay); the access ends at start + total().
     */
    virtual dram_access access(uint64_t offset, uint64_t len, bool write,
                               const sc_core::sc_time& start) = 0;

    /**
     * True when every access costs the same whatever came before, so a DMI grant with a
     * fixed latency yields the same simulated time as b_transport. A stateful model
     * (row buffers, bandwidth) returns false and the DRAM stops granting DMI.
     */
    virtual bool is_fixed() const = 0;
    /** The latency of every access when is_fixed(). */
    virtual sc_core::sc_time fixed_latency() const = 0;
};

/** Every access costs `latency`; nothing queues. */
class fixed_timing : public dram_timing {
public:
    explicit fixed_timing(const sc_core::sc_time& latency) : m_latency(latency) {}
    dram_access access(uint64_t, uint64_t, bool, const sc_core::sc_time& start) override {
        dram_access a;
        a.service = m_latency;
        a.transfer_start = start;
        a.transfer_end = start + m_latency;
        return a;
    }
    bool is_fixed() const override { return true; }
    sc_core::sc_time fixed_latency() const override { return m_latency; }

private:
    const sc_core::sc_time m_latency;
};

/** Builds the model `p.timing` names; throws user_error (naming `who`) on bad params. */
std::unique_ptr<dram_timing> make_dram_timing(const std::string& who, const dram_timing_params& p,
                                              const dram_timing_env& env);

} // namespace trvp
