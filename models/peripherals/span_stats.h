#pragma once
// Non-resetting "span" accounting of the statistics device: a guest (the kernel, on behalf
// of a process) marks begin and end of a named span for a process id. Spans of different
// processes may overlap; nothing is reset. Per span name it keeps, in core cycles:
//   entries            begin markers accepted
//   busy_cycles        cycles during which at least one process was inside (union)
//   sum_cycles         sum over processes of the cycles each spent inside
//   first_begin_cycle  cycle of the first begin (since the last statistics reset)
//   last_end_cycle     cycle of the last end
// Markers must come in time order (one core marks them). Plain C++: the device converts
// the marker's local time to cycles.

#include "common/stats.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace trvp {

class span_stats {
public:
    enum class result { ok, bad_event, unknown_span, end_without_begin, begin_while_inside };
    static constexpr unsigned begin = 1, end = 2;

    /** Statistics "<prefix>span.<name>.*" for every name; names must be distinct. */
    span_stats(stats::registry& reg, const std::string& prefix,
               const std::vector<std::string>& names);

    /** Process `pid` begins (event 1) or ends (event 2) span index `span` at `cycle`. */
    result mark(unsigned pid, unsigned span, unsigned event, uint64_t cycle);

    size_t size() const { return m_spans.size(); }
    /** Processes inside span `i` now. */
    size_t inside(size_t i) const { return m_spans.at(i)->open.size(); }

    /** The default span names (docs/stats.md). */
    static const std::vector<std::string>& default_names();

private:
    struct span {
        span(stats::registry& reg, const std::string& p);
        std::map<unsigned, uint64_t> open; // pid -> begin cycle
        uint64_t busy_since = 0;           // while open is not empty
        stats::counter entries, busy, sum, first_begin, last_end;
    };
    std::vector<std::unique_ptr<span>> m_spans;
};

} // namespace trvp
