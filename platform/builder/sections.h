#pragma once
// The platform's own sections of the configuration (simulation, firmware, outputs), read
// through the same typed reader as components so `trvp describe` can list them.

#include "registry.h"

#include "models/common/commit_trace.h"

#include <string>
#include <vector>

namespace trvp::platform {

/** Output switches (the `outputs:` section). */
struct output_options {
    bool stats_json = true;
    bool stats_text = true;
    bool config = true;
    bool dram_dump = false; // each DRAM's raw contents to <out>/<name>.bin at the end
    std::string vcd;        // VCD waveform file (relative: in the output folder); empty: off
    sc_core::sc_time vcd_start = sc_core::SC_ZERO_TIME;
    sc_core::sc_time vcd_end = sc_core::SC_ZERO_TIME; // 0: until the end of the run
    std::string vcd_format = "vcd";                   // vcd, or fst (through vcd2fst)
    std::string trace; // instruction trace (commit log) file; empty: off
    commit_trace_options trace_opts;
};

/** Fills clock, quantum, limits and seed of `info`. */
void read_simulation_section(param_reader& r, platform_info& info);
/** Returns the `elf:` path as written (empty: no firmware); fills args and load_via. */
std::string read_firmware_section(param_reader& r, std::vector<uint64_t>& args,
                                  std::string& load_via);
void read_outputs_section(param_reader& r, output_options& out);

} // namespace trvp::platform
