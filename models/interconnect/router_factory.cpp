// YAML factory of the router (the address map).

#include "platform/analysis/value.h"
#include "platform/builder/registry.h"

#include "common/ownership_factory.h"

#include "interconnect/router.h"

namespace trvp::platform {
namespace {

struct router_config {
    router_params router;
    ownership_config ownership;
};

const component_factory<router_config> router_type{
    "router",
    "address decoder: target 'in' (any number of initiators), one initiator socket per map "
    "entry named by its port",
    [](param_reader& r) {
        router_config c;
        router_params& p = c.router;
        r.list("map", true, "address ranges, one initiator socket each", [&](param_reader& e) {
            address_range a;
            a.port =
                e.string("port", std::nullopt, "name of the initiator socket serving the range");
            a.base = e.address("base", std::nullopt, "first address of the range");
            a.size = e.size("size", std::nullopt, "bytes in the range");
            a.cacheable = e.boolean("cacheable", false, "whether caches may hold the range");
            if (e.describing()) return;
            if (a.size == 0) e.fail("size", "a range must not be empty");
            if (a.base + a.size < a.base || a.base + a.size > (uint64_t(1) << 32))
                e.fail("size", "the range [" + format_hex(a.base) + ", +" + format_size(a.size) +
                                   ") extends past the 32-bit address space");
            for (auto& o : p.map) {
                if (o.port == a.port)
                    e.fail("port", "port '" + a.port + "' appears twice in the map");
                if (a.base < o.base + o.size && o.base < a.base + a.size)
                    e.fail("base", "range [" + format_hex(a.base) + ", " +
                                       format_hex(a.base + a.size) + ") of port '" + a.port +
                                       "' overlaps [" + format_hex(o.base) + ", " +
                                       format_hex(o.base + o.size) + ") of port '" + o.port + "'");
            }
            p.map.push_back(a);
        });
        p.latency = r.time("latency", p.latency, "added to every forwarded request");
        read_ownership(r, c.ownership);
        return c;
    },
    [](build_context& c, const router_config& rc) {
        router_params p = rc.router;
        p.ownership = rc.ownership.params;
        p.owners = find_frame_owners(c, rc.ownership);
        return std::make_unique<router>(c.name.c_str(), c.env, p);
    },
    [](build_context& c, const router_config& rc) {
        const router_params& p = rc.router;
        router::validate(c.name, p);
        std::vector<map_entry> m;
        for (auto& a : p.map) m.push_back({a.port, a.base, a.size, a.cacheable});
        c.publish_map(std::move(m));
    }};

} // namespace

void register_router(component_registry& registry) {
    registry.add(router_type);
}

} // namespace trvp::platform
