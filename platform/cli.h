#pragma once
// The `trvp` command line: run, describe, --help, --version.

#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace trvp::platform {

/** Process exit statuses of `trvp run`. */
enum exit_status : int {
    exit_pass = 0,       // the guest passed
    exit_fail = 1,       // the guest reported a failure (or hung)
    exit_user_error = 2, // bad configuration, firmware or command line
    exit_limit = 3,      // max_instructions / max_time reached, guest still running
    exit_internal = 4,   // simulator bug
};

struct cli_options {
    enum class command { run, describe, help, version } cmd = command::help;
    std::string config;            // run: the YAML file
    std::vector<std::string> sets; // run: --set key.path=value, in order
    std::string out_dir;           // run: --out (default out/<config basename>)
    std::optional<std::string> max_instructions, max_time;
    bool quiet = false;
    std::string vcd;           // run: --vcd FILE (relative to the current folder)
    std::string describe_type; // describe: a type or section; empty: all
};

/**
 * Command-line option with a value, as "--opt value" or "--opt=value", for each spelling in
 * `names`: if args[i] is one, stores the value in `value`, advances i past a separate value
 * and returns true. A missing value throws user_error followed by `usage_text`.
 */
bool option_value(const std::vector<std::string>& args, size_t& i,
                  std::initializer_list<const char*> names, std::string& value,
                  const std::string& usage_text);

/** Parses argv; throws user_error with a usage hint on mistakes. */
cli_options parse_cli(int argc, char** argv);
std::string usage();
/** Prints the parameters of one component type or section (all when `which` is empty). */
void describe(std::ostream& os, const std::string& which);

} // namespace trvp::platform
