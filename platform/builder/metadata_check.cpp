// Metadata kept outside the guest map (the encryption unit's tags, ctr counters and tree
// nodes, docs/crypto.md) must stay there: the builder follows the routers' maps from the
// metadata sockets and from every other initiator down to the memory components, and refuses
// a configuration where a metadata area overlaps memory another initiator reaches, or another
// metadata area (exit 2 naming both, the memory, the ranges and the key that places it).
#include "platform.h"

#include "platform_impl.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace trvp::platform {

namespace {

// Where a range of addresses sent on one socket lands: [lo, last] of a memory component's
// offsets, the sender's address of offset lo, and the routers passed.
struct landing {
    std::string memory;
    uint64_t lo = 0, last = 0;
    uint64_t from = 0;
    std::string via;
};

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

std::string span(uint64_t lo, uint64_t last) {
    return "[" + hex(lo) + ", " + hex(last) + "]";
}

} // namespace

void platform::check_metadata(config_doc& doc) const {
    auto find = [&](const std::string& n) -> const instance* {
        for (auto& i : m_instances)
            if (i->name == n) return i.get();
        return nullptr;
    };
    // Follows addresses [lo, last] sent on comp.socket through routers (which forward offsets)
    // to memories; stops at anything else (a cache or the unit forwards on sockets of its own,
    // which are followed from there).
    std::function<void(const std::string&, const std::string&, uint64_t, uint64_t, uint64_t,
                       const std::string&, unsigned, std::vector<landing>&)>
        follow = [&](const std::string& comp, const std::string& socket, uint64_t lo, uint64_t last,
                     uint64_t from, const std::string& via, unsigned depth,
                     std::vector<landing>& out) {
            if (depth > 32) return; // routers feeding each other in a loop
            for (const link& l : m_links) {
                if (l.irq || l.from != comp || l.from_socket != socket) continue;
                const instance* t = find(l.to);
                if (!t) continue;
                if (t->kind && t->kind->traits().memory) {
                    out.push_back({t->name, lo, last, from, via});
                } else if (!t->map.empty()) {
                    for (const map_entry& e : t->map) {
                        const uint64_t elast = e.base + (e.size - 1);
                        if (e.size == 0 || last < e.base || lo > elast) continue;
                        const uint64_t a = std::max(lo, e.base), b = std::min(last, elast);
                        follow(t->name, e.port, a - e.base, b - e.base, from + (a - lo),
                               via.empty() ? t->name : via + ", " + t->name, depth + 1, out);
                    }
                }
            }
        };

    // What every initiator that is not a metadata socket reaches (the guests, the caches,
    // DMA-like masters, the unit's data path).
    struct reached {
        landing at;
        std::string who;
    };
    std::vector<reached> visible;
    std::vector<std::string> started;
    for (const link& l : m_links) {
        const instance* i = find(l.from);
        if (l.irq || !i || !i->map.empty()) continue; // routers only forward
        bool meta = false;
        for (const metadata_region& r : i->metadata) meta |= r.socket == l.from_socket;
        const std::string who = i->name + "." + l.from_socket;
        if (meta || std::find(started.begin(), started.end(), who) != started.end()) continue;
        started.push_back(who);
        std::vector<landing> out;
        follow(i->name, l.from_socket, 0, UINT64_MAX, 0, "", 0, out);
        for (auto& o : out) visible.push_back({o, who});
    }

    struct area {
        landing at;
        const instance* owner;
        const metadata_region* region;
    };
    std::vector<area> areas;
    for (auto& i : m_instances) {
        for (const metadata_region& r : i->metadata) {
            if (r.what.empty()) continue; // a private socket holding nothing in this mode
            std::vector<std::pair<uint64_t, uint64_t>> ranges; // metadata addresses [lo, last]
            if (r.fixed_size) {
                ranges.push_back({r.base, r.base + (r.fixed_size - 1)});
            } else {
                std::vector<landing> data;
                follow(i->name, r.data, 0, UINT64_MAX, 0, "", 0, data);
                auto entry_at = [&](uint64_t n) {
                    return r.per_line ? r.base + n / r.per_line * r.line + n % r.per_line * r.entry
                                      : r.base + n * r.entry;
                };
                for (const landing& d : data) {
                    uint64_t n0 = d.from / r.data_line;
                    uint64_t n1 = (d.from + (d.last - d.lo)) / r.data_line;
                    if (r.lines) {
                        n0 = std::max(n0, r.first_line);
                        n1 = std::min(n1, r.first_line + (r.lines - 1));
                        if (n0 > n1) continue;
                    }
                    const uint64_t a = entry_at(n0), b = entry_at(n1) + (r.entry - 1);
                    if (b >= a) {
                        ranges.push_back({a, b});
                    } else { // wraps past 2^64
                        ranges.push_back({a, UINT64_MAX});
                        ranges.push_back({0, b});
                    }
                }
            }
            for (auto& [a, b] : ranges) {
                std::vector<landing> out;
                follow(i->name, r.socket, a, b, a, "", 0, out);
                for (auto& o : out) areas.push_back({o, i.get(), &r});
            }
        }
    }

    auto fail = [&](const area& x, const std::string& what) {
        const std::string path = x.owner->path + "." + x.region->key;
        YAML::Node n = static_cast<const YAML::Node&>(doc.root())["components"][x.owner->name];
        std::string rest = x.region->key;
        for (size_t dot; n && n.IsMap();) {
            dot = rest.find('.');
            const YAML::Node next = n[rest.substr(0, dot)];
            if (!next) break;
            n.reset(next);
            if (dot == std::string::npos) break;
            rest = rest.substr(dot + 1);
        }
        const std::string where = x.owner->name + "." + x.region->socket +
                                  (x.at.via.empty() ? "" : " through " + x.at.via);
        doc.fail(path, n ? n.Mark() : x.owner->mark,
                 "the " + x.region->what + " of '" + x.owner->name + "' (" + x.at.memory + " " +
                     span(x.at.lo, x.at.last) + ", reached from " + where + ") overlap " + what +
                     "; metadata must live outside the guest map, in memory only the unit "
                     "reaches (docs/crypto.md, Where tags live)");
    };
    for (const area& x : areas) {
        for (const reached& v : visible)
            if (v.at.memory == x.at.memory && v.at.lo <= x.at.last && x.at.lo <= v.at.last)
                fail(x, x.at.memory + " " + span(v.at.lo, v.at.last) + " that " + v.who +
                            " reaches" + (v.at.via.empty() ? "" : " through " + v.at.via));
        for (const area& y : areas)
            if (&y != &x && y.region != x.region && y.at.memory == x.at.memory &&
                y.at.lo <= x.at.last && x.at.lo <= y.at.last)
                fail(x, "the " + y.region->what + " of '" + y.owner->name + "' (" + y.at.memory +
                            " " + span(y.at.lo, y.at.last) + ", " + y.owner->path + "." +
                            y.region->key + ")");
    }
}

} // namespace trvp::platform
