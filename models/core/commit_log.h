#pragma once
// One core's commit log (docs/core.md#instruction-trace): a hart observer that writes a line
// per retired instruction into the platform's instruction trace (models/common/
// commit_trace.h) in the format of Spike's --log-commits, plus a line per trap. The core
// installs it only while its trace window may be reached (no cost outside it).

#include "hart.h"

#include "common/commit_trace.h"

#include <array>
#include <functional>
#include <vector>

namespace trvp::core {

class commit_log : public commit_observer {
public:
    /** `now` gives the hart's local time (the start time of the instruction about to run). */
    commit_log(commit_trace& out, uint32_t core_id, std::function<sc_core::sc_time()> now);

    void boundary(hart& h) override;
    void trapped(hart& h, uint32_t cause, uint32_t epc, uint32_t tval) override;
    /** Writes the line of the instruction executed since the last boundary, if any (before
     *  the log is removed from the hart, and at the end of the run). */
    void finish(hart& h);
    const commit_trace_options& options() const { return m_out.options(); }

private:
    struct trap_rec {
        uint32_t cause, epc, tval;
    };
    /** The instruction about to run, as seen at its boundary. */
    struct pending {
        bool valid = false;
        bool wanted = false;  // inside the window
        bool protect = false; // a protected context: pc and privilege only
        uint32_t pc = 0;
        unsigned priv = 3;
        uint64_t instret = 0;
        std::array<uint32_t, 32> x{};
    };
    void complete(hart& h);
    void write_commit(hart& h);
    void write_trap(const trap_rec& t, bool hide);

    commit_trace& m_out;
    uint32_t m_id;
    std::function<sc_core::sc_time()> m_now;
    pending m_p;
    std::vector<trap_rec> m_traps; // since the last boundary
    std::string m_line;
};

} // namespace trvp::core
