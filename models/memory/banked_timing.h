#pragma once
// DRAM timing with banks, row buffers and one bandwidth-limited channel, as busy-until
// state: each bank is busy until a time and has at most one open row; the channel is busy
// until the end of its last transfer. An access never waits in SystemC (loosely timed): it
// computes when it would complete from the state and its arrival time.
//
// Address mapping (row-interleaved): bank = (offset / row_size) % banks,
// row = offset / (row_size * banks). An access is mapped by its first byte.

#include "dram_timing.h"

#include <memory>
#include <vector>

namespace trvp {

class banked_timing : public dram_timing {
public:
    enum class policy { open, closed };

    /** `p` must be valid (make_dram_timing checks it). */
    banked_timing(const dram_timing_params& p, policy pol, const dram_timing_env& env);

    dram_access access(uint64_t offset, uint64_t len, bool write,
                       const sc_core::sc_time& start) override;
    bool is_fixed() const override { return false; }
    sc_core::sc_time fixed_latency() const override { return sc_core::SC_ZERO_TIME; }

    unsigned bank_of(uint64_t offset) const {
        return static_cast<unsigned>((offset / m_row_size) % m_banks.size());
    }
    uint64_t row_of(uint64_t offset) const { return offset / (m_row_size * m_banks.size()); }
    /** The channel time of a transfer of `bytes` bytes. */
    sc_core::sc_time transfer_time(uint64_t bytes) const;

private:
    static constexpr uint64_t no_row = ~0ull;
    struct bank {
        sc_core::sc_time busy_until;
        uint64_t open_row = no_row;
    };

    const uint64_t m_row_size;
    const sc_core::sc_time m_hit, m_miss, m_conflict;
    const sc_core::sc_time m_precharge; // t_row_conflict - t_row_miss, after a closed-page access
    const double m_bandwidth;
    const policy m_policy;
    const sc_core::sc_time m_clock;
    std::vector<bank> m_banks;
    sc_core::sc_time m_channel_busy_until;

    stats::counter m_row_hits;
    stats::counter m_row_misses;
    stats::counter m_row_conflicts;
    std::vector<std::unique_ptr<stats::counter>> m_bank_accesses; // one per bank
    stats::counter m_channel_busy;                                // ps
    stats::formula m_utilisation;
    stats::histogram m_queue;   // cycles
    stats::histogram m_latency; // cycles

    uint64_t cycles(const sc_core::sc_time& t) const;
};

} // namespace trvp
