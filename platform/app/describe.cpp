// `trvp describe [TYPE|SECTION]`: every parameter of the platform's own sections and of each
// registered component type, as the factories declare them.

#include "cli.h"

#include "platform/builder/boot.h"
#include "platform/builder/components.h"
#include "platform/builder/sections.h"

#include <functional>
#include <ostream>

namespace trvp::platform {

void describe(std::ostream& os, const std::string& which) {
    bool found = false;
    auto section = [&](const std::string& name, const std::function<void(param_reader&)>& read) {
        if (!which.empty() && which != name) return;
        found = true;
        param_reader r = param_reader::describing("section '" + name + "'");
        read(r);
        os << "section " << name << ":\n";
        print_schema(os, r.schema());
        os << '\n';
    };
    platform_info info;
    output_options out;
    std::vector<uint64_t> args;
    std::string load_via;
    section("simulation", [&](param_reader& r) { read_simulation_section(r, info); });
    section("firmware", [&](param_reader& r) {
        read_firmware_section(r, args, load_via);
        boot_config boot;
        read_boot_section(r, "", boot);
    });
    section("outputs", [&](param_reader& r) { read_outputs_section(r, out); });
    const component_registry& reg = component_types();
    for (const auto& name : reg.types()) {
        if (!which.empty() && which != name) continue;
        found = true;
        const component_type* t = reg.find(name);
        param_reader r = param_reader::describing("type " + name);
        t->describe(r);
        os << "type " << name << ": " << t->summary() << '\n';
        if (r.schema().empty())
            os << "  (no parameters)\n";
        else
            print_schema(os, r.schema());
        os << '\n';
    }
    if (!found) {
        std::string known;
        for (const auto& n : reg.types()) known += " " + n;
        throw user_error("describe: unknown component type or section '" + which +
                         "'; sections: simulation firmware outputs; types:" + known);
    }
}

} // namespace trvp::platform
