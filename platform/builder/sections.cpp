#include "sections.h"

namespace trvp::platform {

void read_simulation_section(param_reader& r, platform_info& info) {
    using sc_core::sc_time;
    info.clock_hz = r.frequency("clock", 1e9, "core clock; one cycle lasts 1/clock");
    info.clock_period = sc_time(1.0 / info.clock_hz, sc_core::SC_SEC);
    info.quantum = r.time("quantum", sc_time(10, sc_core::SC_US),
                          "temporal-decoupling quantum of the cores (results never depend on it)");
    info.max_instructions =
        r.integer("max_instructions", 0, "instructions", "stop after this many (0: no limit)");
    // A generous default, so that a guest that never exits still ends (exit status 3).
    info.max_time = r.time("max_time", sc_time(10, sc_core::SC_SEC),
                           "stop at this simulated time (exit status 3); 0: no limit");
    info.seed = r.integer("seed", 1, "", "seed of every random number generator");
    if (info.quantum == sc_core::SC_ZERO_TIME && !r.describing())
        r.fail("quantum", "the quantum must be larger than 0");
}

std::string read_firmware_section(param_reader& r, std::vector<uint64_t>& args,
                                  std::string& load_via) {
    const std::string elf = r.string(
        "elf", "", "RV32 ELF to load; relative to the config's folder, then the firmware build");
    args = r.integer_list("args", "", "up to 16 words written into the ELF symbol trvp_args", 16,
                          0xffffffffu);
    load_via = r.string("load_via", "bus", "the component whose target socket loads the ELF");
    return elf;
}

void read_outputs_section(param_reader& r, output_options& out) {
    out.stats_json = r.boolean("stats_json", true, "write <out>/stats.json");
    out.stats_text = r.boolean("stats_text", true, "write <out>/stats.txt");
    out.config = r.boolean("config", true, "write the resolved configuration to <out>/config.yaml");
    out.dram_dump = r.boolean("dram_dump", false,
                              "write each DRAM's raw contents to <out>/<name>.bin at the end "
                              "(also: trvp run --dump-dram)");
    out.vcd = r.string("vcd", "",
                       "VCD waveform file, relative to the output folder (also: trvp run --vcd "
                       "FILE); empty: no waveforms. Tracing forces the cores' fast paths off: "
                       "identical simulated results, slower");
    out.vcd_start =
        r.time("vcd_start", sc_core::SC_ZERO_TIME, "first simulated time recorded in the VCD file");
    out.vcd_end =
        r.time("vcd_end", sc_core::SC_ZERO_TIME, "VCD recording stops here (0: end of the run)");
    if (!r.describing() && out.vcd_end != sc_core::SC_ZERO_TIME && out.vcd_end <= out.vcd_start)
        r.fail("vcd_end", "vcd_end must be after vcd_start (or 0: end of the run)");
}

} // namespace trvp::platform
