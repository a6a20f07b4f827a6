#pragma once
// `trvp compare BASELINE CURRENT [--tol PATTERN=REL]... [--host-tol REL] [--host-fail]
// [--all]`: compares two stats.json files, run folders or sweep CSVs metric by metric.
// Simulated metrics are deterministic, so their default tolerance is zero; host-speed
// metrics (sim.host_*, *.host.*) get a loose tolerance and never fail unless asked.

#include <string>
#include <vector>

namespace trvp::platform::compare {

/** Exit statuses of `trvp compare`. */
enum compare_status : int { no_regression = 0, regression = 1, compare_user_error = 2 };

std::string compare_usage();

/** Runs `trvp compare` with the arguments after the command; returns its exit status. */
int compare_main(const std::vector<std::string>& args);

/** True for host-speed metrics: sim.host_*, *.host.* and *.host_* leaves. */
bool is_host_metric(const std::string& name);

} // namespace trvp::platform::compare
