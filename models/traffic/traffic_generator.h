#pragma once
// A traffic generator: an initiator that issues whole-line requests with K in flight, so
// that bandwidth limits and several engines below can be seen at work (a single in-order
// core keeps one miss in flight). Timing and statistics: docs/memory.md.

#include "common/component.h"
#include "common/mem_ext.h"
#include "params.h"
#include "pattern.h"

#include <tlm_utils/simple_initiator_socket.h>

namespace trvp {

/**
 * Initiator socket "mem". An SC_THREAD issues `requests` whole-line b_transport requests
 * (mem_ext kind traffic; key_id from the params if trusted_key_source, else 0) at local times
 *   t_0 = start,  t_i = max(t_{i-1} + issue_interval cycles, c_{i-K})
 * where c_j = the completion time of request j (its arrival time plus the delay the
 * targets added) and K = in_flight: request i takes the slot that request i-K frees. The
 * targets see each request at t_i = sc_time_stamp() + delay and queue it on their
 * busy-until state. The thread keeps its own local time (tlm_quantumkeeper, global
 * quantum) and waits only at quantum boundaries and at the end, so results do not depend
 * on the quantum.
 */
class traffic_generator : public component {
public:
    traffic_generator(const sc_core::sc_module_name& nm, sim_env& env, const traffic_params& p);

    tlm_utils::simple_initiator_socket<traffic_generator> mem;

    const traffic_params& params() const { return m_params; }
    bool done() const { return m_done; }
    /** The completion time of the last request (valid once done()). */
    const sc_core::sc_time& end_time() const { return m_end; }
    /** Achieved bandwidth: bytes / (end_time - start), in bytes per second. */
    double bandwidth() const;

private:
    void run();

    const traffic_params m_params;
    traffic_pattern m_pattern;
    bool m_done = false;
    bool m_stop = false; // the run ends (another initiator's exit or a limit)
    sc_core::sc_time m_end;

    stats::counter m_requests{stats(), stat_name("requests"), "count", "requests issued"};
    stats::counter m_reads{stats(), stat_name("reads"), "count", "read requests issued"};
    stats::counter m_writes{stats(), stat_name("writes"), "count", "write requests issued"};
    stats::counter m_bytes{stats(), stat_name("bytes"), "bytes",
                           "bytes moved by requests that succeeded"};
    stats::counter m_errors{stats(), stat_name("errors"), "count",
                            "requests that got an error response"};
    stats::counter m_key_forced{stats(), stat_name("key_id_forced"), "count",
                                "requests sent under key id 0 instead of the configured key_id "
                                "(not a trusted key-id source)"};
    stats::histogram m_latency{
        stats(),  stat_name("latency"),
        "cycles", "issue to completion of each successful request, queueing included",
        1,        4096};
    stats::formula m_avg_latency{stats(), stat_name("avg_latency"), "cycles", "mean of latency",
                                 [this] { return m_latency.mean(); }};
    stats::formula m_bandwidth{stats(), stat_name("bandwidth"), "B/s",
                               "bytes / (completion of the last request - start)",
                               [this] { return bandwidth(); }};
    stats::formula m_elapsed{stats(), stat_name("elapsed"), "s",
                             "completion of the last request - start",
                             [this] { return (m_end - m_params.start).to_seconds(); }};
};

} // namespace trvp
