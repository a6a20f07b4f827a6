#include "span_stats.h"

namespace trvp {

const std::vector<std::string>& span_stats::default_names() {
    static const std::vector<std::string> names{"launch", "key_exchange", "region_setup",
                                                "data_exchange"};
    return names;
}

span_stats::span::span(stats::registry& reg, const std::string& p)
    : entries(reg, p + "entries", "count", "begin markers of processes entering the span"),
      busy(reg, p + "busy_cycles", "cycles",
           "cycles during which at least one process was inside the span (union)"),
      sum(reg, p + "sum_cycles", "cycles",
          "sum over processes of the cycles each spent inside the span"),
      first_begin(reg, p + "first_begin_cycle", "cycles",
                  "core cycle of the first begin marker of the span"),
      last_end(reg, p + "last_end_cycle", "cycles",
               "core cycle of the last end marker of the span") {
    // A point in time, not a cost (docs/sweeps.md: which way a statistic is better).
    last_end.set_better(stats::better::neither);
}

span_stats::span_stats(stats::registry& reg, const std::string& prefix,
                       const std::vector<std::string>& names) {
    for (const auto& n : names)
        m_spans.push_back(std::make_unique<span>(reg, prefix + "span." + n + "."));
}

span_stats::result span_stats::mark(unsigned pid, unsigned index, unsigned event, uint64_t cycle) {
    if (event != begin && event != end) return result::bad_event;
    if (index >= m_spans.size()) return result::unknown_span;
    span& s = *m_spans[index];
    auto it = s.open.find(pid);
    if (event == begin) {
        if (it != s.open.end()) return result::begin_while_inside;
        // entries restarts at 0 after a statistics reset, and so does first_begin.
        if (s.entries.value() == 0) s.first_begin.set(cycle);
        ++s.entries;
        if (s.open.empty()) s.busy_since = cycle;
        s.open.emplace(pid, cycle);
        return result::ok;
    }
    if (it == s.open.end()) return result::end_without_begin;
    s.sum += cycle - it->second;
    s.open.erase(it);
    if (s.open.empty()) s.busy += cycle - s.busy_since;
    s.last_end.set(cycle);
    return result::ok;
}

} // namespace trvp
