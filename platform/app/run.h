#pragma once
// `trvp run`: builds the platform, simulates until the guest exits or a limit is reached,
// and writes the resolved configuration and the statistics.

#include "cli.h"

namespace trvp::platform {

/** Runs one simulation; returns the exit status. Throws user_error on bad inputs. */
int run(const cli_options& opts);

/** The output folder used when --out is not given: out/<config basename without .yaml>. */
std::string default_out_dir(const std::string& config);

} // namespace trvp::platform
