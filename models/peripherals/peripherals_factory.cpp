// YAML factories of the MMIO peripherals: UART, CLINT and the test finisher.

#include "platform/builder/registry.h"

#include "peripherals/clint.h"
#include "peripherals/stats_device.h"
#include "peripherals/test_finisher.h"
#include "peripherals/uart16550.h"

#include <algorithm>
#include <cmath>

namespace trvp::platform {
namespace {

const component_factory<uart_params> uart_type{
    "uart16550", "NS16550A UART, transmit only (target 'regs'); console and transcript",
    [](param_reader& r) {
        uart_params p;
        p.transcript = r.string("transcript", "<name>.txt",
                                "file receiving every transmitted byte, relative to the output "
                                "folder; '<name>' is the component's name; '' for none");
        p.echo = r.boolean("echo", p.echo, "copy transmitted bytes to stdout");
        return p;
    },
    [](build_context& c, const uart_params& params) {
        uart_params p = params;
        const auto at = p.transcript.find("<name>");
        if (at != std::string::npos) p.transcript.replace(at, 6, c.name);
        p.transcript = c.output_path(p.transcript);
        return std::make_unique<uart16550>(c.name.c_str(), c.env, p);
    }};

const component_factory<clint_params> clint_type{
    "clint", "CLINT timer: msip, mtimecmp, mtime (target 'regs', interrupt output 'irq')",
    [](param_reader& r) {
        clint_params p;
        p.timebase_hz = r.frequency("timebase", p.timebase_hz, "frequency of mtime");
        if (!r.describing() && p.timebase_hz != std::floor(p.timebase_hz))
            r.fail("timebase", "the timebase must be a whole number of Hz");
        return p;
    },
    [](build_context& c, const clint_params& p) {
        return std::make_unique<clint>(c.name.c_str(), c.env, p);
    }};

const component_factory<test_finisher_params> finisher_type{
    "test_finisher",
    "SiFive test finisher (target 'regs'): 0x5555 passes, (code << 16) | 0x3333 fails",
    [](param_reader&) { return test_finisher_params{}; },
    [](build_context& c, const test_finisher_params& p) {
        return std::make_unique<test_finisher>(c.name.c_str(), c.env, p);
    }};

const component_factory<stats_device_params> stats_device_type{
    "stats_device",
    "statistics phase marker (target 'regs'): (phase << 8) | 1 resets every statistic, "
    "| 2 dumps stats.phase<N>.*; at +4 (pid << 16) | (span << 8) | 1/2 begins/ends a named "
    "span without resetting; its address is passed to the guest in trvp_args[15]",
    [](param_reader& r) {
        stats_device_params p;
        auto spans = r.string_list("spans", "span names by index (default launch, key_exchange, "
                                            "region_setup, data_exchange)");
        if (r.describing()) return p;
        if (!spans.empty()) p.spans = std::move(spans);
        if (p.spans.size() > 256) r.fail("spans", "at most 256 span names (an 8-bit index)");
        for (size_t i = 0; i < p.spans.size(); ++i) {
            const std::string& n = p.spans[i];
            const bool ok = !n.empty() && std::all_of(n.begin(), n.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            });
            if (!ok)
                r.fail("spans", "span name '" + n + "' must be [a-z0-9_]+ (a statistic name part)");
            if (std::find(p.spans.begin(), p.spans.begin() + long(i), n) !=
                p.spans.begin() + long(i))
                r.fail("spans", "span name '" + n + "' appears twice");
        }
        return p;
    },
    [](build_context& c, const stats_device_params& p) {
        return std::make_unique<stats_device>(c.name.c_str(), c.env, p);
    }};

} // namespace

void register_peripherals(component_registry& registry) {
    registry.add(uart_type);
    registry.add(clint_type);
    registry.add(finisher_type);
    registry.add(stats_device_type);
}

} // namespace trvp::platform
