#pragma once
// rv32_core: the hart wrapped as a loosely timed TLM-2.0 initiator with temporal decoupling.
//
// Sockets: "fetch" (instruction lines), "data" (loads, stores, page walks) and, optionally,
// "mmio": accesses to addresses outside the cacheable ranges go there when it is bound, so
// MMIO never passes through a cache or the encryption unit. Interrupt input "irq".
//
// Time: the hart counts cycles of env.clock_period. Only this module synchronises: it runs the
// hart up to the end of the current global quantum, then waits for the time it consumed
// (tlm_quantumkeeper). Every b_transport carries the hart's local offset as its delay, and a
// timer interrupt arrives as a deadline that the hart compares with its own cycle count, so
// results never depend on the quantum.

#include "common/component.h"
#include "common/dmi_ext.h"
#include "common/fast_path.h"
#include "common/mem_ext.h"
#include "core/extension.h"
#include "core/hart.h"

#include <memory>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace trvp {

struct pma_range {
    uint64_t base = 0;
    uint64_t size = 0;
};

struct rv32_core_params {
    core::hart_params hart;
    /** Ranges reached through "fetch"/"data"; everything else goes to "mmio" if bound. */
    std::vector<pma_range> cacheable;
    uint64_t max_instructions = 0; // 0: no limit
    /** Stop the run (exit status 3) once the hart has taken this many traps in a row without
     *  retiring an instruction (a trap with no working handler loops forever); 0: never. */
    uint64_t max_trap_storm = 1000;
    double timebase_hz = 10e6; // the `time` CSR's frequency (the CLINT's mtime)
    /** ISA extensions to build and attach (e.g. the TR extension, models/tr); none by
     *  default: plain platforms are unchanged. */
    std::vector<extension_factory> extensions;
};

class rv32_core : public component,
                  public irq_sink,
                  private core::hart_bus,
                  private extension_port {
public:
    rv32_core(const sc_core::sc_module_name& nm, sim_env& env, const rv32_core_params& p);
    ~rv32_core() override;

    core::hart& hart() { return *m_hart; }
    /** The hart's local time: the last synchronisation point plus its offset. */
    sc_core::sc_time local_time() const;
    void end_of_run() override;

    // irq_sink
    void set_irq(unsigned line, bool level) override;
    void set_irq_deadline(unsigned line, const sc_core::sc_time& deadline) override;

private:
    using socket_t = tlm_utils::simple_initiator_socket_optional<rv32_core>;

    void run();
    void sync();
    /** At a quantum boundary: true (and the run asked to stop) in a trap storm. */
    bool trap_storm();
    uint64_t to_cycles(const sc_core::sc_time& t) const; // rounded up
    sc_core::sc_time offset() const;
    socket_t& route(const core::mem_access& a);
    bool cacheable(uint32_t pa) const;
    /** What the model bound to "fetch" (0) or "data" (1) offers besides b_transport. */
    struct direct_path {
        fast_path_provider* provider = nullptr;      // its direct-call path (an L1 cache's hits)
        uint64_t refused_start = 1, refused_end = 0; // where it refused DMI; empty
    };
    /** Asks the model behind `side` for a DMI grant at a.pa (one get_direct_mem_ptr that also
     *  learns its direct-call provider); records a refusal's range. */
    bool ask_direct(direct_path& side, socket_t& s, const core::mem_access& a, tlm::tlm_dmi& dmi,
                    dmi_ext& accounts);
    bool transport(const core::mem_access& a, tlm::tlm_command cmd, void* data, uint64_t& cycles);
    /** VCD: pc, priv and access kind at the local time of a transaction (tracing on). */
    void trace_access(unsigned kind, unsigned priv, const sc_core::sc_time& delay);
    void invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end);

    // core::hart_bus
    bool read(const core::mem_access& a, void* data, uint64_t& cycles) override;
    bool write(const core::mem_access& a, const void* data, uint64_t& cycles) override;
    bool read_functional(const core::mem_access& a, void* data) override;
    bool grant(const core::mem_access& a, core::mem_grant& g) override;
    uint64_t mtime() override;
    uint8_t take_fault() override {
        const mem_fault f = m_fault;
        m_fault = mem_fault::none;
        return uint8_t(f);
    }

    /** False when an extension refuses the fetch (checked on every bus fetch). */
    bool fetch_allowed(const core::mem_access& a) const;

    // extension_port (an extension's timed transactions and cache maintenance)
    bool ext_access(bool write, uint32_t pa, void* data, uint32_t len, uint16_t key_id,
                    uint16_t context) override;
    void cache_maintain(cache_op_ext::op what, cache_op_ext::scope which, uint16_t key_id,
                        uint32_t base, uint32_t size, bool fetch_path, bool data_path) override;
    sc_core::sc_time ext_time() const override { return local_time(); }
    mem_fault ext_fault() const override { return m_ext_fault; }

    socket_t m_fetch{"fetch"};
    socket_t m_data{"data"};
    socket_t m_mmio{"mmio"};
    const rv32_core_params m_params;
    const sc_core::sc_time m_period;
    const sc_core::sc_time m_tick; // one mtime tick
    std::unique_ptr<core::hart> m_hart;
    std::vector<std::unique_ptr<core_extension>> m_extensions; // after m_hart: die first
    tracer* m_trace;                                           // null when VCD tracing is off
    uint32_t m_sig_pc = 0, m_sig_priv = 0, m_sig_access = 0;
    tlm_utils::tlm_quantumkeeper m_qk;
    uint64_t m_sync_cycle = 0; // hart cycle count at sc_time_stamp()
    sc_core::sc_event m_wakeup;
    tlm::tlm_generic_payload m_trans;
    mem_ext m_ext;
    mem_fault m_fault = mem_fault::none;     // of the hart's last failed read/write
    mem_fault m_ext_fault = mem_fault::none; // of the extension's last failed ext_access
    direct_path m_direct[2];                 // fetch, data
    bool m_stopped = false;
    uint64_t m_storm = 0;        // traps taken since an instruction last retired
    uint64_t m_seen_traps = 0;   // the hart's trap count at the last check
    uint64_t m_seen_instret = 0; // and its instret
    /** Remembers the first and the last trap since an instruction retired (for the trap
     *  storm message), then calls the hook it replaced (an extension's). */
    struct storm_watch : core::trap_hook {
        core::trap_hook* next = nullptr;
        core::trap_info first{}, last{};
        uint64_t first_instret = UINT64_MAX;
        void on_trap(core::hart& h, core::trap_info& t) override;
    } m_storm_watch;

    stats::counter m_bus_errors{stats(), stat_name("bus_errors"), "count",
                                "accesses answered with a TLM error (access faults)"};
    stats::counter m_provided{stats(), stat_name("host.provider_accesses"), "count",
                              "accesses served by the nearest model's direct-call path (an L1 "
                              "cache's hits; host-side)"};
};

} // namespace trvp
