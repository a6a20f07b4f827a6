// YAML factory of the traffic generator.

#include "platform/builder/registry.h"

#include "traffic/traffic_generator.h"

namespace trvp::platform {
namespace {

const component_factory<traffic_params> traffic_type{
    "traffic_generator", "issues streams of line requests with K in flight (initiator 'mem')",
    [](param_reader& r) {
        traffic_params p;
        p.pattern =
            r.choice("pattern", p.pattern, {"sequential", "random", "stride"}, "address pattern");
        p.base = r.address("base", p.base, "first byte of the range, line-aligned");
        p.size = r.size("size", p.size, "bytes of the range, a multiple of line_size");
        p.stride = r.size("stride", p.stride, "bytes between requests (stride pattern)");
        p.line_size = unsigned(r.integer("line_size", p.line_size, "bytes",
                                         "bytes per request, a power of two", 4, 4096));
        p.write_fraction = r.real("write_fraction", p.write_fraction, "", "share of writes, 0..1");
        p.in_flight = unsigned(r.integer("in_flight", p.in_flight, "requests",
                                         "requests outstanding at once (K)", 1, 1u << 16));
        p.requests = r.integer("requests", p.requests, "requests", "requests to issue");
        p.issue_interval = unsigned(r.integer("issue_interval", p.issue_interval, "cycles",
                                              "cycles between issues at least", 0, 1u << 30));
        p.key_id = uint16_t(r.integer("key_id", p.key_id, "",
                                      "key id of every request (0: plaintext); forced to 0 "
                                      "unless trusted_key_source",
                                      0, 65535));
        p.trusted_key_source = r.boolean(
            "trusted_key_source", p.trusted_key_source,
            "the generator stands for trusted hardware (a fidelity bench) and may send key_id; "
            "false: only the core's secure unit puts key ids on requests, this one sends 0");
        p.seed = r.integer("seed", p.seed, "", "seed of the random pattern");
        p.start = r.time("start", p.start, "local time of the first issue");
        p.stop_when_done = r.boolean("stop_when_done", p.stop_when_done,
                                     "request exit 0 when done (the only initiator)");
        if (!r.describing() && (p.line_size & (p.line_size - 1)))
            r.fail("line_size", "expected a power of two, got " + std::to_string(p.line_size));
        if (!r.describing() && !(p.write_fraction >= 0 && p.write_fraction <= 1))
            r.fail("write_fraction", "expected a number from 0 to 1");
        return p;
    },
    [](build_context& c, const traffic_params& p) {
        return std::make_unique<traffic_generator>(c.name.c_str(), c.env, p);
    }};

} // namespace

void register_traffic(component_registry& registry) {
    registry.add(traffic_type);
}

} // namespace trvp::platform
