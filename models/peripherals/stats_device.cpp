#include "stats_device.h"

#include <cstdio>

namespace trvp {

stats_device::stats_device(const sc_core::sc_module_name& nm, sim_env& env,
                           const stats_device_params& p)
    : component(nm, env), regs("regs"), m_regs(name()),
      m_markers(stats(), stat_name("markers"), "count", "phase markers (begin or end) written"),
      m_span_markers(stats(), stat_name("span_markers"), "count",
                     "span markers (begin or end) accepted"),
      m_span_errors(stats(), stat_name("span_errors"), "count",
                    "span markers ignored: unknown event or span, end without begin, "
                    "begin while inside"),
      m_spans(stats(), stat_name(""), p.spans) {
    auto& r = m_regs.add("marker", 0, 4);
    r.on_write([this, &r](uint64_t v) {
        r.set(v);
        marker(static_cast<uint32_t>(v));
    });
    auto& sp = m_regs.add("span", 4, 4);
    sp.on_write([this, &sp](uint64_t v) {
        sp.set(v);
        span_marker(static_cast<uint32_t>(v));
    });
    regs.register_b_transport(this, &stats_device::b_transport);
    expose_target("regs", regs);
}

void stats_device::marker(uint32_t v) {
    const unsigned event = v & 0xff, phase = v >> 8;
    if (event != begin && event != end) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s: ignoring marker 0x%08x (event %u is not 1 or 2)",
                      name(), v, event);
        SC_REPORT_WARNING("trvp/stats_device", buf);
        return;
    }
    ++m_markers;
    const sc_core::sc_time t = m_regs.now();
    env().control.report_time(t);
    env().control.mark_phase(phase, event, t);
}

void stats_device::span_marker(uint32_t v) {
    const unsigned pid = v >> 16, span = (v >> 8) & 0xff, event = v & 0xff;
    const sc_core::sc_time t = m_regs.now();
    const auto cycle = static_cast<uint64_t>(t.value() / env().clock_period.value());
    const span_stats::result r = m_spans.mark(pid, span, event, cycle);
    if (r == span_stats::result::ok) {
        ++m_span_markers;
        return;
    }
    ++m_span_errors;
    const char* why = r == span_stats::result::bad_event      ? "event is not 1 or 2"
                      : r == span_stats::result::unknown_span ? "unknown span index"
                      : r == span_stats::result::end_without_begin
                          ? "end without a begin"
                          : "begin while the process is inside the span";
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s: ignoring span marker 0x%08x (pid %u, span %u): %s", name(),
                  v, pid, span, why);
    SC_REPORT_WARNING("trvp/stats_device", buf);
}

} // namespace trvp
