#pragma once
// The attribute bank named by another component's parameter (the core's and the encryption
// unit's `attributes:`), for their factories.

#include "platform/builder/registry.h"

#include "tr/attribute_bank.h"

namespace trvp::platform {

/** The attribute_bank named `name` (parameter `key` of ctx's component); user_error if none. */
inline attribute_bank& find_attribute_bank(build_context& ctx, const std::string& key,
                                           const std::string& name) {
    component* c = ctx.find_component(name);
    auto* bank = dynamic_cast<attribute_bank*>(c);
    if (!bank)
        throw user_error("components." + ctx.name + "." + key + ": '" + name + "' is " +
                         (c ? "not an attribute_bank" : "not a component of this platform"));
    return *bank;
}

} // namespace trvp::platform
