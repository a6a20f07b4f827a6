#pragma once
// The `ownership:` group of a cache's or a router's factory (docs/attributes.md#frame-
// ownership-at-the-memory-side): the check's switches and the component (an attribute bank)
// whose frame table it enforces. Included by factories only.

#include "platform/builder/registry.h"

#include "common/ownership.h"

#include <string>

namespace trvp::platform {

struct ownership_config {
    ownership_params params;
    std::string attributes; // the bank; required when enabled
};

inline void read_ownership(param_reader& r, ownership_config& c) {
    r.group("ownership",
            "frame ownership checked here: a request under a key id other than the one its "
            "frame is bound under (a protected context's) gets a bus error "
            "(docs/attributes.md)",
            [&](param_reader& g) {
                c.params.enabled = g.boolean("enabled", c.params.enabled, "check at all");
                c.params.reads =
                    g.boolean("reads", c.params.reads, "check reads too (writes always)");
                c.attributes = g.string("attributes", std::string(),
                                        "the attribute_bank whose frame bindings are enforced "
                                        "(required when enabled)");
                if (!g.describing() && c.params.enabled && c.attributes.empty())
                    g.fail("attributes", "an enabled ownership check needs the attribute_bank "
                                         "whose frame bindings it enforces");
            });
}

/** The frame table of c's bank; null when the check is off; user_error naming the key. */
inline const frame_owners* find_frame_owners(build_context& ctx, const ownership_config& c) {
    if (!c.params.enabled) return nullptr;
    component* comp = ctx.find_component(c.attributes);
    auto* src = dynamic_cast<frame_owner_source*>(comp);
    if (!src)
        throw user_error("components." + ctx.name + ".ownership.attributes: '" + c.attributes +
                         "' is " +
                         (comp ? "not an attribute_bank" : "not a component of this platform"));
    return &src->owners();
}

} // namespace trvp::platform
