// YAML factory of the attribute register bank (EAR table, key table, contexts, frame
// bindings). At the end of each run its host-side dump goes to <out>/<name>.json.

#include "platform/builder/registry.h"
#include "tr/attribute_bank_lookup.h"

#include "tr/attribute_bank.h"

#include "common/output_file.h"

#include <fstream>

namespace trvp::platform {
namespace {

attribute_params read_attributes(param_reader& r) {
    attribute_params p;
    p.ear_entries = unsigned(
        r.integer("ear_entries", p.ear_entries, "", "encrypted attribute registers", 1, 4096));
    p.keys = unsigned(
        r.integer("keys", p.keys, "", "allocatable key ids 1..keys (0 = plaintext)", 1, 65535));
    p.contexts =
        unsigned(r.integer("contexts", p.contexts, "", "context ids 1..contexts", 1, 65535));
    p.handles_per_context = unsigned(r.integer("handles_per_context", p.handles_per_context, "",
                                               "key handles a context may hold at once", 1, 65535));
    for (const std::string& hex : r.string_list(
             "preload_keys", "128-bit keys (32 hex digits) loaded into key ids 1..N at reset, "
                             "for traffic-generator experiments; empty for real programs")) {
        key128 k{};
        if (hex.size() != 32 ||
            hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
            r.fail("preload_keys", "expected 32 hex digits, got '" + hex + "'");
        for (size_t i = 0; i < 16; ++i)
            k[i] = uint8_t(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
        p.preload_keys.push_back(k);
    }
    if (!r.describing()) {
        try {
            p.validate(r.path());
        } catch (const user_error& e) {
            r.fail("", e.what());
        }
    }
    return p;
}

const component_factory<attribute_params> attribute_bank_type{
    "attribute_bank",
    "encrypted attribute registers, key table, contexts and frame bindings (no sockets; named "
    "by a core's 'attributes' and an encryption unit's 'keys'); dumps <out>/<name>.json",
    read_attributes, [](build_context& c, const attribute_params& p) {
        auto bank = std::make_unique<attribute_bank>(c.name.c_str(), c.env, p);
        attribute_bank* raw = bank.get();
        const std::string path = c.output_path(c.name + ".json");
        c.at_end_of_run(
            [raw, path] { write_output(path, [raw](std::ostream& os) { raw->dump_json(os); }); });
        return bank;
    }};

} // namespace

void register_attribute_bank(component_registry& registry) {
    registry.add(attribute_bank_type);
}

} // namespace trvp::platform
