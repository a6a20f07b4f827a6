#pragma once
// The cache's prefetch bookkeeping: which resident lines were brought in by a prefetch and
// not yet used by a demand access, when each one's data arrives, and the counters.
// Invariant: issued = useful + useless + unused_resident().

#include "common/stats.h"
#include "prefetcher.h"

#include <systemc>
#include <vector>

namespace trvp {

class prefetch_lines {
public:
    /** Registers "<prefix>.issued" etc. in `reg`. */
    prefetch_lines(stats::registry& reg, const std::string& prefix, unsigned sets, unsigned ways,
                   std::unique_ptr<prefetcher> policy);

    prefetcher& policy() { return *m_policy; }

    /** A prefetch filled (set, way); its data is there at `ready`. */
    void filled(unsigned set, unsigned way, const sc_core::sc_time& ready) {
        m_pending[idx(set, way)] = true;
        m_ready[idx(set, way)] = ready;
        ++m_issued;
    }
    /**
     * A b_transport demand hit on (set, way) that would complete at `done`: a first use of a
     * prefetched line counts as useful and, if the prefetch is still in flight, returns how
     * much later the hit completes (the wait is counted as late). Zero otherwise.
     */
    sc_core::sc_time demand_hit(unsigned set, unsigned way, const sc_core::sc_time& done) {
        const size_t i = idx(set, way);
        if (!m_pending[i]) return sc_core::SC_ZERO_TIME;
        m_pending[i] = false;
        ++m_useful;
        if (m_ready[i] <= done) return sc_core::SC_ZERO_TIME;
        ++m_late;
        return m_ready[i] - done;
    }
    /**
     * The fast path: false (no side effect) for a prefetched line whose data may not have
     * arrived by the initiator's local time (only sc_time_stamp(), a lower bound, is known
     * here); b_transport then times the wait. Otherwise counts a first use as useful.
     */
    bool fast_hit(unsigned set, unsigned way) {
        const size_t i = idx(set, way);
        if (!m_pending[i]) return true;
        if (m_ready[i] > sc_core::sc_time_stamp()) return false;
        m_pending[i] = false;
        ++m_useful;
        return true;
    }
    /** (set, way) leaves the cache (eviction or maintenance); unused prefetches are useless. */
    void dropped(unsigned set, unsigned way) {
        const size_t i = idx(set, way);
        if (!m_pending[i]) return;
        m_pending[i] = false;
        ++m_useless;
    }
    /** Prefetched lines still resident and not yet used. */
    uint64_t unused_resident() const;

private:
    size_t idx(unsigned set, unsigned way) const { return size_t(set) * m_ways + way; }

    const unsigned m_ways;
    std::unique_ptr<prefetcher> m_policy;
    std::vector<bool> m_pending;
    std::vector<sc_core::sc_time> m_ready;

    stats::counter m_issued;
    stats::counter m_useful;
    stats::counter m_useless;
    stats::counter m_late;
    stats::formula m_accuracy;
};

} // namespace trvp
