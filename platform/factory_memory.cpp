// YAML factory of the DRAM.

#include "registry.h"

#include "memory/dram.h"

namespace trvp::platform {
namespace {

const component_registrar<dram_params> dram_type{
    "dram", "DRAM backing store with a latency model, DMI and a probe port (target 'mem')",
    [](param_reader& r) {
        dram_params p;
        p.size = r.size("size", p.size, "capacity");
        p.latency = r.time("latency", p.latency, "latency of every access");
        p.dmi = r.boolean("dmi", p.dmi, "grant DMI pointers to initiators");
        if (p.size == 0 && !r.describing()) r.fail("size", "the size must be larger than 0");
        return p;
    },
    [](build_context& c, const dram_params& p) {
        auto d = std::make_unique<dram>(c.name.c_str(), c.env, p);
        dram* raw = d.get();
        c.offer_watch([raw](uint64_t offset, uint64_t len, write_watcher fn) {
            raw->watch_writes(offset, len,
                              [raw, offset, len, fn](uint64_t, const uint8_t*, unsigned) {
                                  const auto now = raw->probe_read(offset, len);
                                  fn(now.data(), now.size());
                              });
        });
        return d;
    }};

} // namespace
} // namespace trvp::platform
