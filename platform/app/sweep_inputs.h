#pragma once
// What a sweep run's results depend on besides the sweep file (docs/sweeps.md, "Run
// identity"): the simulator build, the configuration the run resolves to and its input files.

#include <string>
#include <vector>

namespace trvp::platform {

/**
 * "label value" lines: `build <build id>`, `config <sha256 of the configuration document
 * after every --set>` and `input <key> <sha256>` per input file (firmware.elf, each
 * firmware.images file; "missing" when it cannot be found: the run will say why). Throws
 * config_error on a --set the document refuses.
 */
std::string sweep_run_inputs(const std::string& base, const std::vector<std::string>& sets);

} // namespace trvp::platform
