// `trvp describe [TYPE|SECTION]`: every parameter of the platform's own sections and of each
// registered component type, as the factories declare them.

#include "describe.h"

#include "cli.h"

#include "platform/builder/boot.h"
#include "platform/builder/components.h"
#include "platform/builder/sections.h"

#include <functional>
#include <ostream>

namespace trvp::platform {

std::vector<described> describe_all() {
    std::vector<described> out;
    auto section = [&](const std::string& name, const std::function<void(param_reader&)>& read) {
        param_reader r = param_reader::describing("section '" + name + "'");
        read(r);
        out.push_back({true, name, "", r.schema()});
    };
    platform_info info;
    output_options outputs;
    std::vector<uint64_t> args;
    std::string load_via;
    section("simulation", [&](param_reader& r) { read_simulation_section(r, info); });
    section("firmware", [&](param_reader& r) {
        read_firmware_section(r, args, load_via);
        boot_config boot;
        read_boot_section(r, "", boot);
    });
    section("outputs", [&](param_reader& r) { read_outputs_section(r, outputs); });
    const component_registry& reg = component_types();
    for (const auto& name : reg.types()) {
        const component_type* t = reg.find(name);
        param_reader r = param_reader::describing("type " + name);
        t->describe(r);
        out.push_back({false, name, t->summary(), r.schema()});
    }
    return out;
}

void describe(std::ostream& os, const std::string& which) {
    bool found = false;
    std::string known;
    for (const described& d : describe_all()) {
        if (!d.section) known += " " + d.name;
        if (!which.empty() && which != d.name) continue;
        found = true;
        if (d.section) {
            os << "section " << d.name << ":\n";
            print_schema(os, d.schema);
        } else {
            os << "type " << d.name << ": " << d.summary << '\n';
            if (d.schema.empty())
                os << "  (no parameters)\n";
            else
                print_schema(os, d.schema);
        }
        os << '\n';
    }
    if (!found)
        throw user_error("describe: unknown component type or section '" + which +
                         "'; sections: simulation firmware outputs; types:" + known);
}

} // namespace trvp::platform
