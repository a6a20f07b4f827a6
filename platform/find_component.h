#pragma once
// Typed look-ups of components named by another component's parameters (TR wiring).

#include "registry.h"

#include "common/ownership.h"
#include "tr/attribute_bank.h"

namespace trvp::platform {

/** The attribute_bank named `name` (parameter `key` of ctx's component); user_error if none. */
attribute_bank& find_attribute_bank(build_context& ctx, const std::string& key,
                                    const std::string& name);

/** The `ownership:` group of a cache or router (docs/attributes.md): the check's switches
 *  and the attribute bank whose frame bindings it enforces. */
struct ownership_config {
    ownership_params params;
    std::string attributes; // the bank; required when enabled
};
void read_ownership(param_reader& r, ownership_config& c);
/** The frame table of c's bank (null when the check is off). */
const frame_owners* find_frame_owners(build_context& ctx, const ownership_config& c);

} // namespace trvp::platform
