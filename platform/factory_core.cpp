// YAML factory of the RV32 core.

#include "registry.h"

#include "core/core.h"

namespace trvp::platform {
namespace {

const char* const class_keys[] = {"alu",    "mul",  "div", "load",   "store",
                                  "branch", "jump", "csr", "system", "fence"};

const component_registrar<rv32_core_params> core_type{
    "rv32_core",
    "RV32IM+Zicsr+Zifencei hart, M/S/U, Sv32 (initiators 'fetch', 'data', optional 'mmio'; "
    "interrupt input 'irq')",
    [](param_reader& r) {
        rv32_core_params p;
        p.hart.reset_pc = static_cast<uint32_t>(
            r.address("reset_pc", p.hart.reset_pc,
                      "pc after reset (a loaded ELF's entry point overrides it)"));
        p.hart.hart_id = static_cast<uint32_t>(
            r.integer("hart_id", p.hart.hart_id, "", "mhartid", 0, UINT32_MAX));
        for (unsigned c = 0; c < core::num_timing_classes; ++c)
            p.hart.class_cycles[c] = static_cast<uint32_t>(
                r.integer(std::string(class_keys[c]) + "_cycles", p.hart.class_cycles[c], "cycles",
                          std::string("cost of a ") + class_keys[c] + " instruction", 0, 1u << 20));
        p.hart.fetch_line = static_cast<uint32_t>(
            r.integer("fetch_line", p.hart.fetch_line, "bytes",
                      "bytes per timed instruction fetch (set it to the L1I line size)", 4, 4096));
        p.hart.tlb_entries = static_cast<uint32_t>(r.integer(
            "tlb_entries", p.hart.tlb_entries, "", "TLB entries (power of two)", 1, 4096));
        p.hart.tlb_ways = static_cast<uint32_t>(
            r.integer("tlb_ways", p.hart.tlb_ways, "", "TLB ways (power of two)", 1, 4096));
        p.hart.fast_path = r.boolean(
            "fast_path", p.hart.fast_path,
            "use fast paths granted by the nearest model (false: every access through TLM)");
        p.timebase_hz =
            r.frequency("timebase", p.timebase_hz, "frequency of the time CSR (the CLINT's mtime)");
        r.list("cacheable", false,
               "physical ranges reached through 'fetch'/'data' (PMA); others go to 'mmio' when "
               "it is bound",
               [&p](param_reader& item) {
                   pma_range range;
                   range.base = item.address("base", std::nullopt, "first address");
                   range.size = item.size("size", std::nullopt, "length in bytes");
                   p.cacheable.push_back(range);
               });
        return p;
    },
    [](build_context& c, const rv32_core_params& read) {
        rv32_core_params p = read;
        if (!c.info.elf.empty()) p.hart.reset_pc = c.info.entry;
        p.max_instructions = c.info.max_instructions;
        return std::make_unique<rv32_core>(c.name.c_str(), c.env, p);
    }};

} // namespace
} // namespace trvp::platform
