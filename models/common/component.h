#pragma once
// Base of every platform component: a SystemC module that exposes its TLM sockets by
// name (so the platform binds "cpu.data -> bus.in" from YAML) and owns statistics.

#include "stats.h"

#include <functional>
#include <map>
#include <string>
#include <systemc>
#include <tlm>

namespace trvp {

class tracer;

/** How a guest run ended, as requested by exit devices, tohost or run limits. */
class run_control {
public:
    /** The guest asked to stop: code 0 = pass, otherwise its failure code. */
    void request_exit(int code, const std::string& reason);
    bool exit_requested() const { return m_exit_requested; }
    int exit_code() const { return m_exit_code; }
    const std::string& reason() const { return m_reason; }
    /**
     * Stops a guest that is still running, from outside it: a run limit (instructions, time,
     * a trap storm; `status` 3) or a signal (`status` 130/143). The first exit or stop request
     * wins; the simulation stops at the next quantum boundary and the normal end of the run
     * follows (docs/platform.md, Exit statuses).
     */
    void request_stop(const std::string& reason, int status);
    /** request_stop(reason, 3): a run limit reached. */
    void request_limit_stop(const std::string& reason) { request_stop(reason, 3); }
    bool limit_reached() const { return m_stop_status != 0; }
    /** trvp's exit status asked by request_stop(); 0 when nobody asked. */
    int stop_status() const { return m_stop_status; }
    /** Called on the first exit or limit request (cores leave their run loops). */
    void on_exit(std::function<void()> fn) { m_listeners.push_back(std::move(fn)); }
    /**
     * Temporally decoupled initiators report their local time when they stop, so the run's
     * simulated end time is exact even though sc_time_stamp() lags behind it.
     */
    void report_time(const sc_core::sc_time& t) {
        if (t > m_end_time) m_end_time = t;
    }
    /**
     * A guest marks a phase of its run (the statistics device): event 1 = begin (the
     * platform resets the statistics), 2 = end (it dumps them as phase `phase`).
     * `t` is the local time of the marking write.
     */
    void
    on_phase(std::function<void(unsigned phase, unsigned event, const sc_core::sc_time& t)> fn) {
        m_phase_listener = std::move(fn);
    }
    void mark_phase(unsigned phase, unsigned event, const sc_core::sc_time& t) {
        if (m_phase_listener) m_phase_listener(phase, event, t);
    }
    /** The latest simulated time reported (the platform takes max with sc_time_stamp()). */
    const sc_core::sc_time& end_time() const { return m_end_time; }

private:
    void notify();

    sc_core::sc_time m_end_time;
    int m_stop_status = 0;
    bool m_exit_requested = false;
    int m_exit_code = 0;
    std::string m_reason;
    std::vector<std::function<void()>> m_listeners;
    std::function<void(unsigned, unsigned, const sc_core::sc_time&)> m_phase_listener;
};

/** What the platform hands to every component it builds. */
struct sim_env {
    stats::registry& stats;
    run_control& control;
    tracer* trace = nullptr; // null when VCD tracing is off
    /** The platform clock: latencies given in cycles are cycles of this period. */
    sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS);
};

/**
 * Receives interrupt lines from interrupt controllers (CLINT, devices). Lines are mip bit
 * numbers (3 MSIP, 7 MTIP, 11 MEIP, 1 SSIP, 5 STIP, 9 SEIP). A timer line is given as a
 * deadline instead of a level so that a temporally decoupled core takes the interrupt at
 * the first instruction boundary where its own local time reaches it, whatever the quantum.
 */
class irq_sink {
public:
    virtual ~irq_sink() = default;
    virtual void set_irq(unsigned line, bool level) = 0;
    /** `line` is pending from simulated time `deadline` on; sc_max_time() means never. */
    virtual void set_irq_deadline(unsigned line, const sc_core::sc_time& deadline) = 0;
};

using target_socket_base =
    tlm::tlm_base_target_socket_b<32, tlm::tlm_fw_transport_if<>, tlm::tlm_bw_transport_if<>>;

class component : public sc_core::sc_module {
public:
    component(const sc_core::sc_module_name& nm, sim_env& env);

    /** Binds this component's initiator socket `socket` to `target`. */
    void bind(const std::string& socket, target_socket_base& target);
    /** This component's target socket `socket`. */
    target_socket_base& target(const std::string& socket);
    bool has_initiator(const std::string& socket) const { return m_initiators.count(socket); }
    bool has_target(const std::string& socket) const { return m_targets.count(socket); }
    std::vector<std::string> initiator_names() const;
    /** Connects this component's interrupt output `source` to `sink`. */
    void connect_irq(const std::string& source, irq_sink& sink);
    /** This component's interrupt input `name`. */
    irq_sink& irq_input(const std::string& name);
    bool has_irq_output(const std::string& n) const { return m_irq_outputs.count(n); }
    bool has_irq_input(const std::string& n) const { return m_irq_inputs.count(n); }
    std::vector<std::string> target_names() const;

    /** Called once after the simulation ends, before statistics are written. */
    virtual void end_of_run() {}

    sim_env& env() { return m_env; }
    stats::registry& stats() { return m_env.stats; }
    /** "<module name>.<leaf>": the dotted name of one of this component's statistics. */
    std::string stat_name(const std::string& leaf) const {
        return std::string(name()) + "." + leaf;
    }
    /** This component's statistics group: names "<module name>.<leaf>". */
    stats::group stat_group() { return stats::group(m_env.stats, std::string(name()) + "."); }

protected:
    template <class Socket>
    void expose_initiator(const std::string& name, Socket& s) {
        m_initiators[name] = [&s](target_socket_base& t) { s.bind(t); };
    }
    void expose_target(const std::string& name, target_socket_base& s) { m_targets[name] = &s; }
    /** `slot` receives the sink this output is connected to. */
    void expose_irq_output(const std::string& name, irq_sink*& slot) {
        m_irq_outputs[name] = &slot;
    }
    void expose_irq_input(const std::string& name, irq_sink& s) { m_irq_inputs[name] = &s; }

private:
    sim_env& m_env;
    std::map<std::string, std::function<void(target_socket_base&)>> m_initiators;
    std::map<std::string, target_socket_base*> m_targets;
    std::map<std::string, irq_sink**> m_irq_outputs;
    std::map<std::string, irq_sink*> m_irq_inputs;
};

} // namespace trvp
