#include "banked_timing.h"

#include <algorithm>

namespace trvp {

using sc_core::sc_time;

namespace {

uint64_t to_ps(const sc_time& t) {
    return static_cast<uint64_t>(t.to_seconds() * 1e12 + 0.5);
}

} // namespace

banked_timing::banked_timing(const dram_timing_params& p, policy pol, const dram_timing_env& env)
    : m_row_size(p.row_size), m_hit(p.t_row_hit), m_miss(p.t_row_miss),
      m_conflict(p.t_row_conflict), m_precharge(p.t_row_conflict - p.t_row_miss),
      m_bandwidth(p.bandwidth), m_policy(pol), m_clock(env.clock_period), m_banks(p.banks),
      m_row_hits(env.stats, env.prefix + "row_hits", "count", "accesses to the open row"),
      m_row_misses(env.stats, env.prefix + "row_misses", "count",
                   "accesses to a bank with no open row (activate + access)"),
      m_row_conflicts(env.stats, env.prefix + "row_conflicts", "count",
                      "accesses to a bank with another row open (precharge + activate + access)"),
      m_channel_busy(env.stats, env.prefix + "channel_busy", "ps",
                     "time the channel spent transferring data"),
      m_utilisation(env.stats, env.prefix + "channel_utilisation", "ratio",
                    "channel_busy / simulated time of the statistics window",
                    [this, elapsed = env.elapsed] {
                        const uint64_t ps = to_ps(elapsed());
                        return ps ? double(m_channel_busy.value()) / double(ps) : 0.0;
                    }),
      m_queue(env.stats, env.prefix + "queue", "cycles",
              "time an access waited for its bank and the channel"),
      m_latency(env.stats, env.prefix + "latency", "cycles",
                "arrival to end of data transfer, queueing included") {
    for (unsigned b = 0; b < p.banks; ++b)
        m_bank_accesses.push_back(std::make_unique<stats::counter>(
            env.stats, env.prefix + "bank." + std::to_string(b) + ".accesses", "count",
            "accesses served by bank " + std::to_string(b)));
}

sc_time banked_timing::transfer_time(uint64_t bytes) const {
    return sc_time(double(bytes) / m_bandwidth, sc_core::SC_SEC);
}

uint64_t banked_timing::cycles(const sc_time& t) const {
    const uint64_t p = m_clock.value();
    return (t.value() + p - 1) / p; // a partial cycle counts as a cycle
}

dram_access banked_timing::access(uint64_t offset, uint64_t len, bool, const sc_time& start) {
    const unsigned b = bank_of(offset);
    const uint64_t row = row_of(offset);
    bank& bk = m_banks[b];

    const sc_time ready = std::max(start, bk.busy_until);
    sc_time row_access;
    if (bk.open_row == row) {
        row_access = m_hit;
        ++m_row_hits;
    } else if (bk.open_row == no_row) {
        row_access = m_miss;
        ++m_row_misses;
    } else {
        row_access = m_conflict;
        ++m_row_conflicts;
    }
    const sc_time xfer = transfer_time(len);
    const sc_time xfer_start = std::max(ready + row_access, m_channel_busy_until);
    const sc_time done = xfer_start + xfer;

    m_channel_busy_until = done;
    if (m_policy == policy::open) {
        bk.open_row = row;
        bk.busy_until = done;
    } else {
        bk.open_row = no_row; // auto-precharge after the transfer
        bk.busy_until = done + m_precharge;
    }

    dram_access a;
    a.bank = b;
    a.service = row_access + xfer;
    a.queue = (done - start) - a.service;
    a.transfer_start = xfer_start;
    a.transfer_end = done;

    ++*m_bank_accesses[b];
    m_channel_busy += to_ps(xfer);
    m_queue.sample(cycles(a.queue));
    m_latency.sample(cycles(done - start));
    return a;
}

} // namespace trvp
