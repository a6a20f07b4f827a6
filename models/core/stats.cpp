#include "stats.h"

#include <string>

namespace trvp::core {

namespace {

const char* exception_name(unsigned cause) {
    static const char* const names[16] = {
        "insn_misaligned", "insn_access_fault", "illegal_insn",     "breakpoint",
        "load_misaligned", "load_access_fault", "store_misaligned", "store_access_fault",
        "ecall_u",         "ecall_s",           "reserved10",       "ecall_m",
        "insn_page_fault", "load_page_fault",   "reserved14",       "store_page_fault"};
    return names[cause & 15];
}

const char* interrupt_name(unsigned cause) {
    static const char* const names[16] = {"irq0",  "ssi",   "irq2",  "msi",  "irq4",  "sti",
                                          "irq6",  "mti",   "irq8",  "sei",  "irq10", "mei",
                                          "irq12", "irq13", "irq14", "irq15"};
    return names[cause & 15];
}

std::string cause(unsigned c) {
    return ", cause " + std::to_string(c);
}

} // namespace

hart_stats::hart_stats(const stats::group& g, const uint64_t& instret_count,
                       const uint64_t& cycle_count)
    : instret(g, "instret", "count", "instructions retired", instret_count),
      cycles(g, "cycles", "cycles", "core clock cycles elapsed", cycle_count),
      cpi(g.reg(), g.name("cpi"), "cycles/insn", "cycles per instruction",
          [this] {
              return instret.value() ? double(cycles.value()) / double(instret.value()) : 0.0;
          }),
      tlb_hits(g, "tlb.hits", "count", "TLB hits"),
      tlb_misses(g, "tlb.misses", "count", "TLB misses"),
      page_walks(g, "tlb.walks", "count", "Sv32 page-table walks"),
      decode_fills(g, "host.decode_fills", "count",
                   "instructions decoded into the decode cache (host-side)"),
      decode_invalidations(g, "host.decode_invalidations", "count",
                           "stores, fence.i and other initiators' writes that dropped decoded "
                           "instructions (host-side)"),
      fetch_lines(g, "fetch_lines", "count", "timed instruction-line fetches"),
      fast_accesses(g, "host.fast_accesses", "count",
                    "accesses served by a granted fast path (host-side, not simulated)"),
      slow_accesses(g, "host.slow_accesses", "count",
                    "accesses through b_transport (host-side, not simulated)"),
      grants(g, "host.grants", "count", "fast-path grants obtained (host-side)"),
      memo_accesses(g, "host.memo_accesses", "count",
                    "accesses served by an L1 cache's same-line memo (host-side)"),
      idle_cycles(g, "idle_cycles", "cycles", "cycles spent waiting for an interrupt (wfi)"),
      satp_switches(g, "satp_switches", "count",
                    "satp writes that changed its value (address-space switches)"),
      misaligned_splits(g, "misaligned_splits", "count",
                        "misaligned loads and stores done as two accesses (cpu.misaligned: split)"),
      sc_failures(g, "sc_failures", "count", "SC.W that found no reservation and stored nothing"),
      class_stats(
          g, num_timing_classes + 1,
          [](unsigned c) {
              return c < num_timing_classes ? std::string("insn.") + timing_class_names[c]
                                            : std::string("host.decode_misses");
          },
          "count",
          [](unsigned c) {
              return c < num_timing_classes
                         ? std::string("instructions of timing class ") + timing_class_names[c]
                         : std::string("instructions that found their decode-cache slot empty "
                                       "and were decoded first (host-side)");
          },
          class_count.data()),
      exception_stats(
          g, 16, [](unsigned c) { return std::string("exceptions.") + exception_name(c); }, "count",
          [](unsigned c) { return "exceptions taken" + cause(c); }, exceptions.data()),
      interrupt_stats(
          g, 16, [](unsigned c) { return std::string("interrupts.") + interrupt_name(c); }, "count",
          [](unsigned c) { return "interrupts taken" + cause(c); }, interrupts.data()) {
    // Waiting for an interrupt is the guest's choice, not a cost (docs/sweeps.md).
    idle_cycles.set_better(stats::better::neither);
}

} // namespace trvp::core
