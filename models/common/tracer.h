#pragma once
// VCD waveforms with exact timestamps despite temporal decoupling, streamed to disk with
// bounded memory (docs/platform.md#waveforms). A model records each change stamped with the
// local time of the transaction that caused it (sc_time_stamp() + delay). Local times run
// ahead of the global time by at most a quantum but never behind it, so a change stamped
// before sc_time_stamp() can no longer be preceded by a new one: the tracer keeps recent
// changes in a reorder buffer and, whenever it fills, writes those older than
// sc_time_stamp() sorted by time (then by the order they were recorded in). The file is the
// one a writer that sorted everything at the end would write. A model holds a `tracer*`
// that is null when tracing is off, so tracing costs one pointer test when disabled.

#include <cstdint>
#include <cstdio>
#include <string>
#include <systemc>
#include <vector>

namespace trvp {

class tracer {
public:
    /** Records changes with start <= t < end into the VCD file `path`, which it creates now
     *  (see ok()). The reorder buffer is written out when it holds `flush_every` changes. */
    tracer(std::string path, sc_core::sc_time start, sc_core::sc_time end,
           size_t flush_every = size_t(1) << 16);
    ~tracer();
    tracer(const tracer&) = delete;
    tracer& operator=(const tracer&) = delete;

    using signal = uint32_t;
    /** Declares a signal `scope.name` of `width` bits (1 = a wire) with an initial value.
     *  Signals are declared before the first change is written (at elaboration). */
    signal add(const std::string& scope, const std::string& name, unsigned width,
               uint64_t initial = 0);
    /** Declares a level signal: the number of open intervals (busy engines, queued requests),
     *  driven by step() and shown as that count, clamped to [0, 2^width - 1]. At a time where
     *  several steps meet, only the resulting level is written. */
    signal add_level(const std::string& scope, const std::string& name, unsigned width);
    /** True when time t lies inside the window. */
    bool active(const sc_core::sc_time& t) const { return t >= m_start && t < m_end; }
    /** The window [start, end). */
    const sc_core::sc_time& start() const { return m_start; }
    const sc_core::sc_time& end() const { return m_end; }
    /** Sets signal s to value v at time t (ignored outside the window). */
    void change(signal s, const sc_core::sc_time& t, uint64_t v) {
        if (active(t)) record(t.value(), s, v);
    }
    /** A one-cycle-wide pulse: v at t, 0 at t + width. */
    void pulse(signal s, const sc_core::sc_time& t, const sc_core::sc_time& width, uint64_t v = 1) {
        change(s, t, v);
        change(s, t + width, 0);
    }
    /** Adds `delta` to level signal s at time t (an interval opens with +1, closes with -1). */
    void step(signal s, const sc_core::sc_time& t, int delta);
    /** Writes what is buffered and closes the file; returns false (and sets error()) if it
     *  cannot be written. The end-of-run path (also on an interrupted run) calls it once;
     *  later calls return the first answer. */
    bool write();
    /** False when the file could not be created (error() says why). */
    bool ok() const { return m_error.empty(); }
    const std::string& path() const { return m_path; }
    const std::string& error() const { return m_error; }
    /** Changes recorded inside the window (pulses count twice, level steps once each). */
    uint64_t changes() const { return m_recorded; }
    /** Changes that arrived stamped before a time already written (a model recording into
     *  the past); they are written at the earliest time still open. 0 in a correct model. */
    uint64_t late() const { return m_late; }
    /** Most changes held in memory at once (the reorder buffer's high-water mark). */
    size_t peak_buffered() const { return m_peak; }

private:
    struct signal_info {
        std::string scope, name, id;
        unsigned width;
        uint64_t initial;
        bool level;
        int64_t base; // a level signal: the sum of its steps before the window
    };
    struct change_rec {
        uint64_t t_ps;
        uint64_t seq; // keeps the order of changes at equal times
        signal s;
        uint64_t v; // a level signal: the step (as int64_t)
    };
    void record(uint64_t t_ps, signal s, uint64_t v);
    /** Writes the buffered changes stamped before `frontier` (ps), in order. */
    void flush_before(uint64_t frontier);
    void write_header();
    void write_value(unsigned width, uint64_t v, const std::string& id);
    void drain(bool force); // hands the text buffer to the file (always when force)

    std::string m_path;
    sc_core::sc_time m_start, m_end;
    std::FILE* m_file = nullptr;
    std::vector<signal_info> m_signals;
    std::vector<change_rec> m_changes; // the reorder buffer
    std::vector<uint64_t> m_value;     // each signal's value as last written
    std::vector<int64_t> m_level;      // each level signal's count as last summed
    std::string m_text;                // formatted output not yet handed to the file
    size_t m_flush_every, m_flush_at, m_peak = 0;
    uint64_t m_seq = 0, m_recorded = 0, m_late = 0;
    uint64_t m_written = 0; // every change before this time (ps) has been written
    uint64_t m_now = 0;     // the last timestamp written
    bool m_header = false, m_closed = false, m_result = false;
    std::string m_error;
};

} // namespace trvp
