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

#include "common/component.h"
#include "reg_bank.h"

#include <tlm_utils/simple_target_socket.h>

namespace trvp {

struct stats_device_params {};

class stats_device : public component {
public:
    static constexpr unsigned begin = 1, end = 2;

    tlm_utils::simple_target_socket<stats_device, 32> regs;

    stats_device(const sc_core::sc_module_name& nm, sim_env& env, const stats_device_params& p);

private:
    reg_bank m_regs;
    stats::counter m_markers;

    void marker(uint32_t v);
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        m_regs.b_transport(trans, delay);
    }
};

} // namespace trvp
