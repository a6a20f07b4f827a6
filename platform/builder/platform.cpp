#include "platform.h"

#include "components.h"

#include <tlm>

#include "models/common/tracer.h"
#include "platform_impl.h"

#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

namespace trvp::platform {

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return v.empty() ? "none" : s;
}

bool takes_several_initiators(target_socket_base& t) {
    const auto* s = dynamic_cast<const tlm::tlm_base_socket_if*>(&t);
    return s && s->get_socket_category() == tlm::TLM_MULTI_TARGET_SOCKET;
}

bool valid_name(const std::string& n) {
    if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
    for (char c : n)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// "comp.socket" -> {comp, socket}; false when malformed.
bool split_endpoint(const std::string& s, std::string& comp, std::string& socket) {
    const auto dot = s.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == s.size()) return false;
    comp = s.substr(0, dot);
    socket = s.substr(dot + 1);
    return true;
}

} // namespace

platform::platform(config_doc& doc, const std::string& out_dir, mode m) {
    m_info.out_dir = out_dir;
    m_info.config_dir = doc.folder();
    const YAML::Node& root = doc.root();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.Scalar();
        bool known = false;
        for (const char* s : top_level_sections) known |= key == s;
        if (!known)
            doc.fail(key, it->first.Mark(),
                     "unknown section '" + key +
                         "'; known: base, simulation, firmware, components, connections, "
                         "outputs");
    }
    read_settings(doc);
    m_env.clock_period = m_info.clock_period;
    build_components(doc);
    plan_connections(doc);
    validate(doc);
    check_metadata(doc); // metadata_check.cpp
    if (m == mode::check) return;

    if (!m_outputs.vcd.empty()) {
        // Created before the components, which declare their signals when built.
        const std::filesystem::path vcd(m_outputs.vcd);
        const std::string path =
            vcd.is_absolute() ? vcd.string() : (std::filesystem::path(out_dir) / vcd).string();
        m_trace = std::make_unique<tracer>(path, m_outputs.vcd_start,
                                           m_outputs.vcd_end == sc_core::SC_ZERO_TIME
                                               ? sc_core::sc_max_time()
                                               : m_outputs.vcd_end);
        m_env.trace = m_trace.get();
    }
    // Every parameter is read and checked; now the system map, then the modules.
    if (instance* bus = lookup(m_load_via)) m_info.address_map = bus->map;
    for (auto& i : m_instances) make_component(i->name);
    connect(doc);
    if (m_elf) {
        m_loader = std::make_unique<loader>("trvp_firmware_loader", *this);
        YAML::Node fw = doc.root()["firmware"];
        const YAML::Mark mark = fw && fw["load_via"] ? fw["load_via"].Mark() : fw.Mark();
        try {
            target_socket_base& t = load_socket();
            // A socket that takes one initiator and has one already: SystemC would only say
            // so at the end of elaboration (E109), without naming the configuration.
            if (!takes_several_initiators(t))
                for (auto& l : m_links)
                    if (!l.irq && l.to == m_load_via && l.to_socket == m_load_socket)
                        doc.fail("firmware.load_via", mark,
                                 "the loader cannot bind to '" + m_load_via + "." + m_load_socket +
                                     "': it takes one initiator and " + l.path + " binds '" +
                                     l.from + "." + l.from_socket +
                                     "' to it; name a router (its 'in' takes several)");
            m_loader->socket.bind(t);
        } catch (const config_error&) {
            throw;
        } catch (const user_error& e) {
            doc.fail("firmware.load_via", mark, e.what());
        } catch (const sc_core::sc_report& e) {
            doc.fail("firmware.load_via", mark,
                     "cannot bind the firmware loader to '" + m_load_via + "': " + e.what());
        }
        m_links.push_back({"", "", m_load_via, m_load_socket, false, "", YAML::Mark()});
    }
    check_unbound(doc);
}

YAML::Node check_config(config_doc& doc) {
    platform p(doc, "", platform::mode::check);
    return p.resolved();
}

std::string resolved_config_text(const YAML::Node& resolved, const std::string& config) {
    YAML::Emitter em;
    em << resolved;
    return "# Resolved configuration of " + config + " (every default filled in)\n" + em.c_str() +
           "\n";
}

platform::~platform() = default;

void platform::read_settings(config_doc& doc) {
    YAML::Node root = doc.root();
    {
        param_reader r(doc, root["simulation"], "simulation", "section 'simulation'");
        read_simulation_section(r, m_info);
        r.finish();
        // Every temporally decoupled initiator (cores, traffic generators) syncs on it.
        tlm::tlm_global_quantum::instance().set(m_info.quantum);
        m_resolved["simulation"] = r.resolved();
    }
    {
        param_reader r(doc, root["firmware"], "firmware", "section 'firmware'");
        const std::string elf = read_firmware_section(r, m_args, m_load_via);
        read_boot_section(r, doc.folder_of("firmware.images"), m_boot);
        if (!elf.empty()) {
            std::vector<std::string> tried;
            m_info.elf = find_firmware(elf, doc.folder_of("firmware.elf"), &tried);
            if (m_info.elf.empty())
                r.fail("elf",
                       "cannot find firmware '" + elf + "' (looked for " + join(tried) + ")");
            m_elf = elf_file::load(m_info.elf);
            m_info.entry = m_elf->entry();
            if (auto s = m_elf->symbol("tohost")) m_info.tohost = s->value;
            if (auto s = m_elf->symbol("fromhost")) m_info.fromhost = s->value;
            if (auto s = m_elf->symbol("trvp_args")) m_info.args = s->value;
        }
        r.finish();
        m_resolved["firmware"] = r.resolved();
        if (!m_info.elf.empty()) m_resolved["firmware"]["elf"] = m_info.elf;
    }
    {
        param_reader r(doc, root["outputs"], "outputs", "section 'outputs'");
        read_outputs_section(r, m_outputs);
        m_info.dram_dump = m_outputs.dram_dump;
        r.finish();
        m_resolved["outputs"] = r.resolved();
    }
}

void platform::build_components(config_doc& doc) {
    const YAML::Node& comps = static_cast<const YAML::Node&>(doc.root())["components"];
    if (!comps || comps.IsNull() || (comps.IsMap() && comps.size() == 0))
        doc.fail("components", comps ? comps.Mark() : doc.root().Mark(),
                 "no components; add a map 'components: {name: {type: ...}}'");
    if (!comps.IsMap())
        doc.fail("components", comps.Mark(),
                 "expected a map of component name -> {type: ..., parameters}, got " +
                     describe_node(comps));
    auto& registry = component_types();
    YAML::Node resolved(YAML::NodeType::Map);
    for (auto it = comps.begin(); it != comps.end(); ++it) {
        const std::string name = it->first.Scalar();
        const std::string path = "components." + name;
        if (!valid_name(name))
            doc.fail(path, it->first.Mark(),
                     "component names are identifiers (letters, digits, '_'), got '" + name + "'");
        const YAML::Node body = it->second; // a copy: yaml-cpp iterators hand out temporaries
        if (!body.IsMap() || !body["type"])
            doc.fail(path, body.Mark(),
                     "expected a map with a 'type:' key, got " + describe_node(body));
        const YAML::Node& type_node = body["type"];
        const std::string type = type_node.IsScalar() ? type_node.Scalar() : "";
        const component_type* t = registry.find(type);
        if (!t)
            doc.fail(path + ".type", type_node.Mark(),
                     "unknown component type " + describe_node(type_node) +
                         "; known types: " + join(registry.types()));

        auto inst = std::make_unique<instance>();
        inst->name = name;
        inst->type = type;
        inst->path = path;
        inst->mark = it->first.Mark();
        param_reader r(doc, body, path, "component '" + name + "' (type " + type + ")");
        r.accept("type");
        instance* raw = inst.get();
        inst->ctx.reset(new build_context{
            name, m_env, m_info, [raw](std::vector<map_entry> m) { raw->map = std::move(m); },
            [raw](watch_installer w) { raw->watch = std::move(w); },
            [this](const std::string& n) { return make_component(n); },
            [this](std::function<void()> fn) { m_end_hooks.push_back(std::move(fn)); },
            [raw](std::vector<metadata_region> m) { raw->metadata = std::move(m); }});
        inst->make = t->prepare(r, *inst->ctx);
        inst->kind = t;
        inst->params = r.resolved();
        YAML::Node res(YAML::NodeType::Map);
        res["type"] = type;
        for (auto p = r.resolved().begin(); p != r.resolved().end(); ++p) res[p->first] = p->second;
        resolved[name] = res;
        m_instances.push_back(std::move(inst));
    }
    m_resolved["components"] = resolved;
}

void platform::end_of_run() {
    for (component* c : components()) c->end_of_run();
    for (auto& fn : m_end_hooks) fn();
}

std::string platform::write_trace() {
    if (!m_trace || m_trace->write()) return "";
    return m_trace->error();
}

component* platform::make_component(const std::string& name) {
    instance* i = lookup(name);
    if (!i) return nullptr;
    if (!i->comp) {
        if (i->making) throw user_error(i->path + ": components refer to each other in a cycle");
        i->making = true;
        i->comp = i->make();
        i->making = false;
        i->make = nullptr;
    }
    return i->comp.get();
}

platform::instance* platform::lookup(const std::string& name) {
    for (auto& i : m_instances)
        if (i->name == name) return i.get();
    return nullptr;
}

// Parses the connections and checks that both ends name components; the sockets are
// checked when the components exist (connect).
void platform::plan_connections(config_doc& doc) {
    const YAML::Node& list = static_cast<const YAML::Node&>(doc.root())["connections"];
    YAML::Node resolved(YAML::NodeType::Sequence);
    if (list && !list.IsNull() && !list.IsSequence())
        doc.fail("connections", list.Mark(),
                 "expected a list of \"component.socket -> component.socket\", got " +
                     describe_node(list));
    std::vector<std::string> names;
    for (auto& i : m_instances) names.push_back(i->name);
    for (size_t k = 0; list && k < list.size(); ++k) {
        const YAML::Node& item = list[k];
        link l;
        l.path = "connections." + std::to_string(k);
        l.mark = item.Mark();
        const std::string text = item.IsScalar() ? item.Scalar() : "";
        const auto arrow = text.find("->");
        if (arrow == std::string::npos ||
            !split_endpoint(trim(text.substr(0, arrow)), l.from, l.from_socket) ||
            !split_endpoint(trim(text.substr(arrow + 2)), l.to, l.to_socket))
            doc.fail(l.path, l.mark,
                     "expected \"component.socket -> component.socket\", got " +
                         describe_node(item));
        if (!lookup(l.from) || !lookup(l.to))
            doc.fail(l.path, l.mark,
                     "no component '" + (lookup(l.from) ? l.to : l.from) +
                         "'; components: " + join(names));
        m_links.push_back(l);
        resolved.push_back(l.from + "." + l.from_socket + " -> " + l.to + "." + l.to_socket);
    }
    m_resolved["connections"] = resolved;
}

// Checks every connection's sockets before binding any (SystemC reports a socket bound
// twice only at the end of elaboration, as E109, naming no configuration), then binds.
void platform::connect(config_doc& doc) {
    for (size_t k = 0; k < m_links.size(); ++k) {
        link& l = m_links[k];
        component& a = *lookup(l.from)->comp;
        component& b = *lookup(l.to)->comp;
        if (a.has_irq_output(l.from_socket)) {
            l.irq = true;
            if (!b.has_irq_input(l.to_socket))
                doc.fail(l.path, l.mark,
                         "'" + l.to + "' has no interrupt input '" + l.to_socket + "'");
            continue;
        }
        if (!a.has_initiator(l.from_socket))
            doc.fail(l.path, l.mark,
                     "'" + l.from + "' has no initiator socket or interrupt output '" +
                         l.from_socket + "'; its initiator sockets: " + join(a.initiator_names()));
        if (!b.has_target(l.to_socket))
            doc.fail(l.path, l.mark,
                     "'" + l.to + "' has no target socket '" + l.to_socket +
                         "'; its target sockets: " + join(b.target_names()));
        const bool several = takes_several_initiators(b.target(l.to_socket));
        for (size_t j = 0; j < k; ++j) {
            const link& o = m_links[j];
            if (o.irq) continue;
            if (o.from == l.from && o.from_socket == l.from_socket)
                doc.fail(l.path, l.mark,
                         "'" + l.from + "." + l.from_socket + "' is already connected to '" + o.to +
                             "." + o.to_socket + "' (" + o.path + ")");
            if (!several && o.to == l.to && o.to_socket == l.to_socket)
                doc.fail(l.path, l.mark,
                         "'" + l.to + "." + l.to_socket + "' is already connected from '" + o.from +
                             "." + o.from_socket + "' (" + o.path +
                             ") and takes one initiator (a router's 'in' takes several)");
        }
    }
    for (const link& l : m_links) {
        component& a = *lookup(l.from)->comp;
        component& b = *lookup(l.to)->comp;
        try {
            if (l.irq)
                a.connect_irq(l.from_socket, b.irq_input(l.to_socket));
            else
                a.bind(l.from_socket, b.target(l.to_socket));
        } catch (const sc_core::sc_report& e) {
            doc.fail(l.path, l.mark, std::string("cannot bind: ") + e.what());
        }
    }
}

// Target sockets must be bound; initiator sockets may be optional (the core's "mmio"), so an
// unbound required initiator is reported by SystemC at elaboration and translated by the run.
void platform::check_unbound(config_doc& doc) const {
    for (auto& i : m_instances) {
        for (auto& s : i->comp->target_names()) {
            bool bound = false;
            for (auto& l : m_links) bound |= !l.irq && l.to == i->name && l.to_socket == s;
            if (!bound)
                doc.fail(i->path, i->mark,
                         "target socket '" + i->name + "." + s +
                             "' is not connected; add a connection \"<component>.<socket> -> " +
                             i->name + "." + s + "\"");
        }
    }
}

component* platform::find(const std::string& name) const {
    for (auto& i : m_instances)
        if (i->name == name) return i->comp.get();
    return nullptr;
}

std::vector<std::string> platform::components_of_type(const std::string& type) const {
    std::vector<std::string> v;
    for (auto& i : m_instances)
        if (i->type == type) v.push_back(i->name);
    return v;
}

std::vector<component*> platform::components() const {
    std::vector<component*> v;
    for (auto& i : m_instances) v.push_back(i->comp.get());
    return v;
}

} // namespace trvp::platform
