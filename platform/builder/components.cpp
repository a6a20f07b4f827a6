// The one list of component types. Each factory sits beside its model and defines
// `void register_<name>(component_registry&)`, which adds its component_factory objects;
// one line here makes them known to the YAML builder and to `trvp describe`. Adding a component
// type: write its factory in the model's folder (models/<block>/<name>_factory.cpp) and add its
// line below.

#include "components.h"

// Declares register_<name> (in trvp::platform) and calls it on `registry`.
#define TRVP_REGISTER(name)                                                                        \
    void register_##name(component_registry&);                                                     \
    register_##name(registry)

namespace trvp::platform {

component_registry& component_types() {
    static component_registry all = [] {
        component_registry registry;
        TRVP_REGISTER(dram);            // models/memory/dram_factory.cpp
        TRVP_REGISTER(router);          // models/interconnect/router_factory.cpp
        TRVP_REGISTER(peripherals);     // models/peripherals/peripherals_factory.cpp
        TRVP_REGISTER(cache);           // models/cache/cache_factory.cpp
        TRVP_REGISTER(traffic);         // models/traffic/traffic_factory.cpp
        TRVP_REGISTER(core);            // models/core/core_factory.cpp
        TRVP_REGISTER(encryption_unit); // models/crypto/encryption_unit_factory.cpp
        TRVP_REGISTER(attribute_bank);  // models/tr/attribute_bank_factory.cpp
        TRVP_REGISTER(dram_attacker);   // models/attack/dram_attacker_factory.cpp
        return registry;
    }();
    return all;
}

} // namespace trvp::platform
