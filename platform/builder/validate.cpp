// The rules the platform checks once every parameter is read and before anything is built
// (docs/platform.md, "Checks before the run"): each names the file, line and key to change.
// Parameter values and their own ranges are the factories' (params.h); these rules relate
// components to each other through the connections.

#include "platform.h"
#include "platform/analysis/value.h"
#include "platform_impl.h"

#include <functional>

namespace trvp::platform {

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : path) {
        if (c == '.') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// The deepest node of the document on `path` (a default value has no node of its own: its
// component's or section's line is reported).
YAML::Mark mark_of(const config_doc& doc, const std::string& path) {
    YAML::Node cur = doc.root();
    YAML::Mark mark = cur.Mark();
    for (const auto& seg : split_path(path)) {
        YAML::Node next;
        const YAML::Node& c = cur;
        if (c.IsMap() && c[seg])
            next = c[seg];
        else if (c.IsSequence() && !seg.empty() &&
                 seg.find_first_not_of("0123456789") == std::string::npos && seg.size() < 9 &&
                 std::stoul(seg) < c.size())
            next = c[std::stoul(seg)];
        else
            break;
        cur.reset(next);
        mark = cur.Mark();
    }
    return mark;
}

uint64_t integer_param(const YAML::Node& params, const std::string& key, uint64_t fallback) {
    const YAML::Node& n = params;
    if (!n[key] || !n[key].IsScalar()) return fallback;
    return parse_integer(n[key].Scalar()).value_or(fallback);
}

// The geometry of the types that move whole lines. A cache refills its lines from 'mem' and
// serves requests up to its line size at 'cpu'; a core fetches `fetch_line` bytes at a time
// through 'fetch'; an encryption unit takes exactly its `line_size` at 'cpu'.
struct line_use {
    uint64_t bytes = 0;
    std::string key; // the parameter that sets it
};

line_use request_size(const std::string& type, const YAML::Node& params,
                      const std::string& socket) {
    if (type == "cache" && socket == "mem")
        return {integer_param(params, "line_size", 0), "line_size"};
    if (type == "rv32_core" && socket == "fetch")
        return {integer_param(params, "fetch_line", 0), "fetch_line"};
    return {};
}

} // namespace

void platform::validate(config_doc& doc) const {
    auto fail_at = [&](const std::string& path, const std::string& message) {
        doc.fail(path, mark_of(doc, path), message);
    };
    // Where a related key's value came from; a default is said to be one.
    auto where = [&](const std::string& path) {
        YAML::Node n = doc.root();
        for (const auto& seg : split_path(path)) {
            const YAML::Node& c = n;
            if (!c.IsMap() || !c[seg]) return "its default; " + doc.where(path, mark_of(doc, path));
            n.reset(c[seg]);
        }
        return doc.where(path, mark_of(doc, path));
    };
    auto find = [&](const std::string& name) -> const instance* {
        for (auto& i : m_instances)
            if (i->name == name) return i.get();
        return nullptr;
    };

    // A core starts at the firmware's entry point: without firmware it would run from 0.
    if (m_info.elf.empty())
        for (const auto& i : m_instances)
            if (i->kind->traits().needs_firmware)
                fail_at("firmware.elf", "no firmware, but component '" + i->name + "' (type " +
                                            i->type + ") runs a program: set firmware.elf");
    if (m_elf && !find(m_load_via))
        fail_at("firmware.load_via", "no component '" + m_load_via +
                                         "' to load the firmware through (a router: its 'in' "
                                         "takes several initiators)");

    // Router ranges against the memories they reach directly.
    for (const auto& r : m_instances) {
        for (size_t e = 0; e < r->map.size(); ++e) {
            const map_entry& entry = r->map[e];
            for (const auto& l : m_links) {
                if (l.from != r->name || l.from_socket != entry.port) continue;
                const instance* mem = find(l.to);
                if (!mem || !mem->kind->traits().memory) continue;
                const uint64_t cap = integer_param(mem->params, "size", 0);
                if (entry.size > cap)
                    fail_at(r->path + ".map." + std::to_string(e) + ".size",
                            "the range of port '" + entry.port + "' is " + format_size(entry.size) +
                                " but '" + mem->name + "' holds only " + format_size(cap) + " (" +
                                mem->path + ".size, " + where(mem->path + ".size") +
                                "): addresses past its end would reach no memory");
            }
        }
    }

    // Routers connected in a cycle: a request could go round forever.
    std::function<void(const instance*, std::vector<const link*>&)> walk =
        [&](const instance* r, std::vector<const link*>& trail) {
            for (const auto& l : m_links) {
                if (l.from != r->name) continue;
                bool mapped = false;
                for (const auto& e : r->map) mapped |= e.port == l.from_socket;
                const instance* next = find(l.to);
                if (!mapped || !next || next->map.empty()) continue;
                bool seen = false;
                for (const link* t : trail) seen |= t == &l;
                if (seen) continue;
                trail.push_back(&l);
                if (trail.front()->from == next->name) {
                    std::string cycle = trail.front()->from;
                    for (const link* t : trail) cycle += " -> " + t->to;
                    fail_at(l.path, "routers connected in a cycle (" + cycle +
                                        "): a request to these ranges would go round forever");
                }
                walk(next, trail);
                trail.pop_back();
            }
        };
    for (const auto& r : m_instances)
        if (!r->map.empty()) {
            std::vector<const link*> trail;
            walk(r.get(), trail);
        }

    // Line sizes along the connections (docs/platform.md, "Line sizes").
    for (const auto& l : m_links) {
        const instance* from = find(l.from);
        const instance* to = find(l.to);
        if (!from || !to) continue;
        const line_use req = request_size(from->type, from->params, l.from_socket);
        if (!req.bytes) continue;
        const std::string key = from->path + "." + req.key;
        if (to->type == "cache" && l.to_socket == "cpu") {
            const uint64_t line = integer_param(to->params, "line_size", 0);
            if (req.bytes > line)
                fail_at(key, "'" + from->name + "' requests " + std::to_string(req.bytes) +
                                 "-byte lines from '" + to->name + "', whose lines are " +
                                 std::to_string(line) + " bytes (" + to->path + ".line_size, " +
                                 where(to->path + ".line_size") + ", " + l.path +
                                 "): a cache's lines must be at least as long as the requests "
                                 "it serves");
        } else if (to->type == "encryption_unit" && l.to_socket == "cpu") {
            const uint64_t line = integer_param(to->params, "line_size", 0);
            if (req.bytes != line)
                fail_at(key, "'" + from->name + "' sends " + std::to_string(req.bytes) +
                                 "-byte lines to '" + to->name + "', which encrypts " +
                                 std::to_string(line) + "-byte lines (" + to->path +
                                 ".line_size, " + where(to->path + ".line_size") + ", " + l.path +
                                 "): they must be equal");
        }
    }
}

} // namespace trvp::platform
