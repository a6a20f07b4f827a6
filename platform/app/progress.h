#pragma once
// The progress line of `trvp run`: on a terminal, once a run has taken more than
// progress_line::delay of host time, one line on stderr rewritten in place (simulated time,
// speed in MIPS, the share of the time limit done and an estimate of the host time left).
// Silent when stderr is not a terminal or with --quiet. docs/platform.md, "Progress".

#include <chrono>
#include <cstdint>
#include <string>

namespace trvp::platform {

class progress_line {
public:
    using clock = std::chrono::steady_clock;
    /** Host time before the first line, and between two updates. */
    static constexpr double delay = 2.0, period = 0.5;

    /** `limit_s`: the simulated-time limit in seconds (0: none). Enabled only when
     *  `enabled` and stderr is a terminal. */
    progress_line(bool enabled, double limit_s);
    /** Erases the line (before the summary). */
    ~progress_line() { clear(); }
    progress_line(const progress_line&) = delete;
    progress_line& operator=(const progress_line&) = delete;

    /** Called between simulation slices: `sim_s` simulated seconds, `insns` retired. */
    void update(double sim_s, uint64_t insns);
    void clear();
    /** The text of the line (tested on its own). */
    static std::string text(double sim_s, uint64_t insns, double host_s, double limit_s);

private:
    bool m_enabled;
    double m_limit;
    clock::time_point m_start, m_next;
    bool m_shown = false;
};

} // namespace trvp::platform
