#pragma once
// Private parts of trvp::platform shared by platform.cpp and firmware.cpp.

#include "platform.h"

#include <tlm_utils/simple_initiator_socket.h>

namespace trvp::platform {

struct platform::instance {
    std::string name;
    std::string type;
    std::string path; // "components.<name>"
    YAML::Mark mark;
    const component_type* kind = nullptr;
    YAML::Node params; // every parameter with its value or default (pass 1)
    std::unique_ptr<build_context> ctx;
    std::unique_ptr<component> comp;
    std::vector<map_entry> map;            // published by routers
    watch_installer watch;                 // offered by memories
    std::vector<metadata_region> metadata; // published by components with private memory
    component_type::maker make;            // pass 2, until it has run
    bool making = false;                   // inside make (reference cycles)
};

/** One connection "from.socket -> to.socket" (the loader's has no path). */
struct platform::link {
    std::string from, from_socket, to, to_socket;
    bool irq = false;
    std::string path; // "connections.<index>"
    YAML::Mark mark;
};

/**
 * Loads the firmware once ports are bound, before any process runs, through its own
 * initiator socket bound to the load router (a router's "in" takes any number of initiators).
 */
class platform::loader : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<loader> socket{"socket"};
    loader(const sc_core::sc_module_name& n, platform& p) : sc_module(n), m_platform(p) {}
    void start_of_simulation() override { m_platform.load_firmware(); }

private:
    platform& m_platform;
};

} // namespace trvp::platform
