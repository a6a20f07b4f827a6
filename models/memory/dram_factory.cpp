// YAML factory of the DRAM.

#include "platform/builder/registry.h"

#include "memory/dram.h"

#include <cmath>

namespace trvp::platform {
namespace {

dram_params read_dram(param_reader& r) {
    dram_params p;
    p.size = r.size("size", p.size, "capacity");
    p.dmi = r.boolean("dmi", p.dmi, "grant DMI pointers to initiators (fixed timing only)");
    p.timing = r.choice("timing", p.timing, {"fixed", "banked"},
                        "timing model: fixed latency, or banks with row buffers and a channel");
    p.latency = r.time("latency", p.latency, "fixed: latency of every access");
    p.banks = unsigned(r.integer("banks", p.banks, "", "banked: number of banks", 1, 1024));
    p.row_size = r.size("row_size", p.row_size, "banked: bytes per row");
    p.t_row_hit = r.time("t_row_hit", p.t_row_hit, "banked: access to the open row");
    p.t_row_miss = r.time("t_row_miss", p.t_row_miss, "banked: access with the bank's row closed");
    p.t_row_conflict =
        r.time("t_row_conflict", p.t_row_conflict, "banked: access while another row is open");
    p.bandwidth = r.real("bandwidth", p.bandwidth, "bytes/s",
                         "banked: channel bandwidth; a transfer takes bytes / bandwidth");
    p.page_policy = r.choice("page_policy", p.page_policy, {"open", "closed"},
                             "banked: keep the row open after an access, or close it");
    if (r.describing()) return p;
    if (p.size == 0) r.fail("size", "the size must be larger than 0");
    if (!(p.bandwidth > 0) || !std::isfinite(p.bandwidth))
        r.fail("bandwidth", "the bandwidth must be larger than 0");
    if (p.timing == "banked" && p.row_size == 0)
        r.fail("row_size", "the row size must be larger than 0");
    return p;
}

const component_factory<dram_params> dram_type{
    "dram",
    "DRAM backing store with a timing model, DMI and a probe port (target 'mem')",
    read_dram,
    [](build_context& c, const dram_params& p) {
        auto d = std::make_unique<dram>(c.name.c_str(), c.env, p);
        dram* raw = d.get();
        if (c.info.dram_dump)
            c.at_end_of_run(
                [raw, path = c.output_path(c.name + ".bin")] { raw->probe_dump(path); });
        c.offer_watch([raw](uint64_t offset, uint64_t len, write_watcher fn) {
            raw->watch_writes(offset, len,
                              [raw, offset, len, fn](uint64_t, const uint8_t*, unsigned) {
                                  const auto now = raw->probe_read(offset, len);
                                  fn(now.data(), now.size());
                              });
        });
        return d;
    },
    nullptr,
    component_traits{/*needs_firmware=*/false, /*memory=*/true}};

} // namespace

void register_dram(component_registry& registry) {
    registry.add(dram_type);
}

} // namespace trvp::platform
