#pragma once
// `trvp sweep`'s checks before anything runs (docs/sweeps.md): every parameter key and value
// through short check runs, every metric name against the statistics the runs publish.

#include "sweep_spec.h"

#include <functional>
#include <string>
#include <vector>

namespace trvp::platform::sweep {

/** The `trvp run` command line of a point, writing into `dir`. */
using argv_fn = std::function<std::vector<std::string>(const run_point&, const std::string& dir)>;

/**
 * Checks the points still to run (`pending[i]`): the points that together use every value of
 * every parameter (one per value of the longest axis, per workload) run for one instruction
 * in OUT/check/; a refusal (exit 2) is printed once with the point that showed it. Then every
 * metric must be a statistic of those runs or of a finished run (`done[i]`). Returns 0, or
 * 128+N if signal N interrupted the checks; throws user_error (one message) on a refusal.
 */
int check_sweep(const sweep_spec& s, const std::vector<run_point>& pts,
                const std::vector<bool>& pending, const std::vector<bool>& done,
                const std::string& out, unsigned jobs, const argv_fn& argv_of);

/** Edit distance (for "did you mean"). */
size_t edit_distance(const std::string& a, const std::string& b);

} // namespace trvp::platform::sweep
