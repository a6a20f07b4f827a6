#pragma once
// CLINT in the SiFive layout, one hart: msip at 0x0, mtimecmp at 0x4000, mtime at 0xBFF8.
//
// mtime is not stored: it is floor(t / tick) + offset, where t is the requester's local
// time (sc_time_stamp() + delay), so a read gives the same value whatever the quantum.
// mtimecmp is handed to the interrupt output as the exact simulated time at which mtime
// reaches it (MTIP, line 7); all-ones means never. msip drives MSIP (line 3).
// mtime is writable: a write sets the offset so mtime reads the written value at the
// writer's local time (32-bit halves merge with the current value, as on hardware).
// mtime does not wrap (2^64 ticks are 58,000 years at 10 MHz).

#include "common/component.h"
#include "reg_bank.h"

#include <tlm_utils/simple_target_socket.h>

namespace trvp {

struct clint_params {
    double timebase_hz = 10e6; // mtime frequency; a whole number of Hz
};

class clint : public component {
public:
    static constexpr uint64_t msip_offset = 0x0;
    static constexpr uint64_t mtimecmp_offset = 0x4000;
    static constexpr uint64_t mtime_offset = 0xbff8;
    static constexpr unsigned msip_line = 3, mtip_line = 7;

    tlm_utils::simple_target_socket<clint, 32> regs;

    clint(const sc_core::sc_module_name& nm, sim_env& env, const clint_params& p);

    /** mtime at simulated time t. */
    uint64_t mtime_at(const sc_core::sc_time& t) const;
    /** The earliest simulated time at which mtime >= value; sc_max_time() if never. */
    sc_core::sc_time time_of(uint64_t value) const;
    /** When MTIP becomes pending under the current mtimecmp. */
    sc_core::sc_time deadline() const { return time_of(m_mtimecmp->get()); }

private:
    const clint_params m_params;
    uint64_t m_hz;         // ticks per second
    uint64_t m_units;      // time-resolution units per second
    __int128 m_offset = 0; // mtime minus ticks since time zero
    irq_sink* m_irq = nullptr;
    reg_bank m_regs;
    reg_bank::reg* m_msip;
    reg_bank::reg* m_mtimecmp;

    uint64_t ticks(const sc_core::sc_time& t) const;
    void start_of_simulation() override;
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        m_regs.b_transport(trans, delay);
    }
};

} // namespace trvp
