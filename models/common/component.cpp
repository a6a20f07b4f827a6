#include "component.h"

#include "errors.h"

namespace trvp {

void run_control::request_exit(int code, const std::string& reason) {
    if (m_exit_requested) return;
    m_exit_requested = true;
    m_exit_code = code;
    m_reason = reason;
    notify();
}

void run_control::request_stop(const std::string& reason, int status) {
    if (m_exit_requested || m_stop_status) return;
    m_stop_status = status;
    m_reason = reason;
    notify();
}

void run_control::notify() {
    for (auto& fn : m_listeners) fn();
}

component::component(const sc_core::sc_module_name& nm, sim_env& env)
    : sc_core::sc_module(nm), m_env(env) {}

void component::bind(const std::string& socket, target_socket_base& target) {
    auto it = m_initiators.find(socket);
    if (it == m_initiators.end())
        throw user_error(std::string(name()) + " has no initiator socket '" + socket + "'");
    it->second(target);
}

target_socket_base& component::target(const std::string& socket) {
    auto it = m_targets.find(socket);
    if (it == m_targets.end())
        throw user_error(std::string(name()) + " has no target socket '" + socket + "'");
    return *it->second;
}

void component::connect_irq(const std::string& source, irq_sink& sink) {
    auto it = m_irq_outputs.find(source);
    if (it == m_irq_outputs.end())
        throw user_error(std::string(name()) + " has no interrupt output '" + source + "'");
    *it->second = &sink;
}

irq_sink& component::irq_input(const std::string& n) {
    auto it = m_irq_inputs.find(n);
    if (it == m_irq_inputs.end())
        throw user_error(std::string(name()) + " has no interrupt input '" + n + "'");
    return *it->second;
}

std::vector<std::string> component::initiator_names() const {
    std::vector<std::string> v;
    for (auto& [n, _] : m_initiators) v.push_back(n);
    return v;
}

std::vector<std::string> component::target_names() const {
    std::vector<std::string> v;
    for (auto& [n, _] : m_targets) v.push_back(n);
    return v;
}

} // namespace trvp
