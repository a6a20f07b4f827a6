#include "registry.h"

#include <stdexcept>

namespace trvp::platform {

std::string build_context::output_path(const std::string& p) const {
    if (p.empty() || p[0] == '/' || info.out_dir.empty()) return p;
    return info.out_dir + "/" + p;
}

void component_registry::add(const component_type& t) {
    const std::string& name = t.type();
    if (!m_types.emplace(name, &t).second)
        throw std::logic_error("component type '" + name + "' registered twice");
}

const component_type* component_registry::find(const std::string& type) const {
    auto it = m_types.find(type);
    return it == m_types.end() ? nullptr : it->second;
}

std::vector<std::string> component_registry::types() const {
    std::vector<std::string> v;
    for (auto& [n, _] : m_types) v.push_back(n);
    return v;
}

} // namespace trvp::platform
