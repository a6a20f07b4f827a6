#pragma once
// Typed look-ups of components named by another component's parameters (TR wiring).

#include "registry.h"

#include "tr/attribute_bank.h"

namespace trvp::platform {

/** The attribute_bank named `name` (parameter `key` of ctx's component); user_error if none. */
attribute_bank& find_attribute_bank(build_context& ctx, const std::string& key,
                                    const std::string& name);

} // namespace trvp::platform
