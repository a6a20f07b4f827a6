#include "stats_device.h"

#include <cstdio>

namespace trvp {

stats_device::stats_device(const sc_core::sc_module_name& nm, sim_env& env,
                           const stats_device_params&)
    : component(nm, env), regs("regs"), m_regs(name()),
      m_markers(stats(), stat_name("markers"), "count", "phase markers (begin or end) written") {
    auto& r = m_regs.add("marker", 0, 4);
    r.on_write([this, &r](uint64_t v) {
        r.set(v);
        marker(static_cast<uint32_t>(v));
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

} // namespace trvp
