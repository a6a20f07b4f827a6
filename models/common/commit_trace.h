#pragma once
// The instruction trace file (outputs.trace, trvp run --trace): a commit log in the format
// of Spike's --log-commits, one line per retired instruction, written by every core's
// commit log (models/core/commit_log.h) and streamed to disk through a fixed-size buffer.
// docs/core.md#instruction-trace describes the lines.

#include <cstdint>
#include <cstdio>
#include <string>
#include <systemc>

namespace trvp {

/** What the trace records (the outputs.trace_* keys). */
struct commit_trace_options {
    /** Instructions that start at a local time in [start, end) ... */
    sc_core::sc_time start = sc_core::SC_ZERO_TIME, end = sc_core::sc_max_time();
    /** ... and whose index (the core's instret before it) is in [first, first + count). */
    uint64_t first = 0, count = 0; // count 0: no limit
    bool disasm = false;           // append the disassembly to each line
    /** Protected (TR) contexts: false shows only pc and privilege; true shows everything. */
    bool protected_full = false;
};

class commit_trace {
public:
    /** Creates the file now (see ok()). */
    commit_trace(std::string path, const commit_trace_options& o);
    ~commit_trace();
    commit_trace(const commit_trace&) = delete;
    commit_trace& operator=(const commit_trace&) = delete;

    const commit_trace_options& options() const { return m_opts; }
    /** True when an instruction with this index starting at time t is recorded. */
    bool wanted(uint64_t index, const sc_core::sc_time& t) const {
        return t >= m_opts.start && t < m_opts.end && index >= m_opts.first &&
               (m_opts.count == 0 || index - m_opts.first < m_opts.count);
    }
    /** Appends one line (without its newline). */
    void line(const std::string& text);
    uint64_t lines() const { return m_lines; }
    /** Writes what is buffered and closes the file; false (and error()) if it failed. Later
     *  calls return the first answer; lines after it are dropped. */
    bool close();
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    const std::string& path() const { return m_path; }

private:
    void drain();
    std::string m_path;
    commit_trace_options m_opts;
    std::FILE* m_file = nullptr;
    std::string m_text; // lines not yet handed to the file (bounded)
    uint64_t m_lines = 0;
    bool m_closed = false;
    std::string m_error;
};

} // namespace trvp
