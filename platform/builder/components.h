#pragma once
// Every component type a configuration can name (`type:`), registered in components.cpp.

#include "registry.h"

namespace trvp::platform {

/**
 * The registry of every component type, filled on first use. Tests add their own types to
 * it (test initiators); the platform adds none.
 */
component_registry& component_types();

} // namespace trvp::platform
