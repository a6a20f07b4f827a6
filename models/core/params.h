#pragma once
#include "pmp.h"

#include <array>
#include <cstdint>

namespace trvp::core {

/** Timing classes: each instruction costs its class's cycles plus its data-access latency. */
enum class timing_class : uint8_t { alu, mul, div, load, store, branch, jump, csr, system, fence };
constexpr unsigned num_timing_classes = 10;
/** The classes' names, indexed by timing_class: statistics (insn.<name>) and config keys. */
constexpr const char* timing_class_names[num_timing_classes] = {
    "alu", "mul", "div", "load", "store", "branch", "jump", "csr", "system", "fence"};

/** Parameters of one hart (validated by the hart constructor, std::invalid_argument if bad). */
struct hart_params {
    uint32_t hart_id = 0;            // mhartid
    uint32_t reset_pc = 0x80000000u; // pc after reset, 4-byte aligned
    /** Cycles per timing class, indexed by timing_class. */
    std::array<uint32_t, num_timing_classes> class_cycles = {1, 3, 20, 1, 1, 1, 1, 1, 1, 1};
    uint32_t fetch_line = 64;  // bytes per timed instruction fetch, power of two, 4..4096
    uint32_t tlb_entries = 64; // power of two
    uint32_t tlb_ways = 1;     // power of two, <= tlb_entries (1 = direct mapped)
    bool fast_path = true;     // false: every access goes through hart_bus::read/write
    bool ext_a = true;         // RV32A (LR/SC, AMOs); misa bit A
    bool ext_c = true;         // RV32C (compressed, 2-byte instruction alignment); misa bit C
    /** Misaligned loads and stores: trap (address-misaligned exception) or split into two
     *  aligned accesses, each timed and counted (docs/core.md). */
    enum class misaligned_mode : uint8_t { trap, split } misaligned = misaligned_mode::trap;
    pmp_params pmp; // physical memory protection (none by default)
};

} // namespace trvp::core
