#pragma once
// VCD waveforms with exact timestamps despite temporal decoupling. A model records each
// change stamped with the local time of the transaction that caused it (sc_time_stamp() +
// delay); the tracer keeps the changes inside its window and writes them sorted by time at
// the end of the run. A model holds a `tracer*` that is null when tracing is off, so tracing
// costs one pointer test when disabled.

#include <cstdint>
#include <string>
#include <systemc>
#include <vector>

namespace trvp {

class tracer {
public:
    /** Records changes with start <= t < end. */
    tracer(std::string path, sc_core::sc_time start, sc_core::sc_time end);

    using signal = uint32_t;
    /** Declares a signal `scope.name` of `width` bits (1 = a wire) with an initial value. */
    signal add(const std::string& scope, const std::string& name, unsigned width,
               uint64_t initial = 0);
    /** True when time t lies inside the window. */
    bool active(const sc_core::sc_time& t) const { return t >= m_start && t < m_end; }
    /** Sets signal s to value v at time t (ignored outside the window). */
    void change(signal s, const sc_core::sc_time& t, uint64_t v) {
        if (active(t)) m_changes.push_back({t.value(), m_seq++, s, v});
    }
    /** A one-cycle-wide pulse: v at t, 0 at t + width. */
    void pulse(signal s, const sc_core::sc_time& t, const sc_core::sc_time& width, uint64_t v = 1) {
        change(s, t, v);
        change(s, t + width, 0);
    }
    /** Writes the VCD file; returns false (and sets error()) if it cannot be written. */
    bool write();
    const std::string& path() const { return m_path; }
    const std::string& error() const { return m_error; }
    size_t changes() const { return m_changes.size(); }

private:
    struct signal_info {
        std::string scope, name, id;
        unsigned width;
        uint64_t initial;
    };
    struct change_rec {
        uint64_t t_ps;
        uint64_t seq; // keeps the order of changes at equal times
        signal s;
        uint64_t v;
    };
    std::string m_path;
    sc_core::sc_time m_start, m_end;
    std::vector<signal_info> m_signals;
    std::vector<change_rec> m_changes;
    uint64_t m_seq = 0;
    std::string m_error;
};

} // namespace trvp
