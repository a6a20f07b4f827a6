#pragma once
// Statistics phase device: the guest marks the phases of its run (firmware's
// trvp_marker(), the address in trvp_args[15]). One 32-bit register at offset 0:
//   write (phase << 8) | event   event 1 = begin phase (the platform resets all statistics),
//                                event 2 = end phase (the platform dumps snapshot phase<N>)
//   read                         the last value written
// A marker calls run_control::mark_phase(phase, event, t) with t = the write's local time
// (sc_time_stamp() + delay), after reporting t to run_control::report_time so that rates
// evaluated at the marker (bandwidth, utilisation) see the exact time despite temporal
// decoupling. Other events are ignored with a warning (id trvp/stats_device).
//
// A second 32-bit register at offset 4 marks named spans without resetting anything:
//   write (pid << 16) | (span << 8) | event   event 1 = process pid enters span, 2 = leaves it
//   read                                      the last value written
// The span index names an entry of the params' list (span_stats.h: entries, busy and summed
// cycles, first begin and last end). The time is the write's local time in cycles of
// env.clock_period. An unknown event or span index, an end without a begin or a second
// begin is counted in span_errors and ignored with a warning.

#include "common/component.h"
#include "reg_bank.h"
#include "span_stats.h"

#include <tlm_utils/simple_target_socket.h>

namespace trvp {

struct stats_device_params {
    /** Span names by index (register `span`); span_stats::default_names() by default. */
    std::vector<std::string> spans = span_stats::default_names();
};

class stats_device : public component {
public:
    static constexpr unsigned begin = 1, end = 2;

    tlm_utils::simple_target_socket<stats_device, 32> regs;

    stats_device(const sc_core::sc_module_name& nm, sim_env& env, const stats_device_params& p);

private:
    reg_bank m_regs;
    stats::counter m_markers;
    stats::counter m_span_markers;
    stats::counter m_span_errors;
    span_stats m_spans;

    void marker(uint32_t v);
    void span_marker(uint32_t v);
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        m_regs.b_transport(trans, delay);
    }
};

} // namespace trvp
