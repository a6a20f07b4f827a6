#pragma once
// The `trvp` command line (CLI11): run, describe, sweep, compare, vcd, --help, --version.
// Each command has its own `--help`; every mistake is a user_error (exit status 2).

#include "platform/analysis/compare.h"
#include "platform/analysis/sweep.h"
#include "platform/analysis/vcd.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace trvp::platform {

/** Process exit statuses of `trvp run` (and of trvp on errors). */
enum exit_status : int {
    exit_pass = 0,       // the guest passed
    exit_fail = 1,       // the guest reported a failure (or hung)
    exit_user_error = 2, // bad configuration, firmware or command line
    exit_limit = 3,      // a run limit (instructions, time, trap storm), guest still running
    exit_internal = 4,   // simulator bug
    exit_sigint = 130,   // stopped by SIGINT (outputs written, sim.interrupted 1)
    exit_sigterm = 143,  // stopped by SIGTERM
};

struct cli_options {
    enum class command { run, describe, help, version, sweep, compare, vcd } cmd = command::help;
    std::string help_text;         // help: what to print (the overview, or one command's)
    std::string config;            // run: the YAML file
    std::vector<std::string> sets; // run: --set key.path=value, in order (then --dump-dram)
    std::string out_dir;           // run: --out (default out/<config basename>)
    std::optional<std::string> max_instructions, max_time;
    bool quiet = false;
    std::string vcd;           // run: --vcd FILE (relative to the current folder)
    bool dry_run = false;      // run: --dry-run (resolve and check, print, run nothing)
    std::string describe_type; // describe: a type or section; empty: all
    bool schema = false;       // describe: --schema (JSON Schema of a configuration)
    sweep::sweep_options sweep_opts;
    compare::compare_options compare_opts;
    vcd::vcd_options vcd_opts;
};

/** Parses argv; throws user_error naming the mistake (and the command's --help) on errors. */
cli_options parse_cli(int argc, char** argv);
/** The overview printed by `trvp --help`. */
std::string usage();
/** Prints the parameters of one component type or section (all when `which` is empty). */
void describe(std::ostream& os, const std::string& which);

} // namespace trvp::platform
