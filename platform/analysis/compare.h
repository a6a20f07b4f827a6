#pragma once
// `trvp compare BASELINE CURRENT [--tol PATTERN=REL]... [--host-tol REL] [--host-fail]
// [--primary METRIC]... [--exact] [--all]`: compares two stats.json files, run folders or
// sweep CSVs metric by metric (docs/sweeps.md). Simulated metrics are deterministic, so their
// default tolerance is zero; each statistic says whether lower or higher is better (or
// neither), so a difference is a regression, an improvement or a change. Host-speed metrics
// (sim.host_*, *.host.*) get a loose tolerance and never fail unless asked.

#include <string>
#include <vector>

namespace trvp::platform::compare {

/** Exit statuses of `trvp compare`. */
enum compare_status : int { no_regression = 0, regression = 1, compare_user_error = 2 };

/** What `trvp compare` was asked, as given on the command line (checked by run_compare). */
struct compare_options {
    std::string baseline, current;    // stats.json files, run folders, sweep CSVs or folders
    std::vector<std::string> tols;    // "GLOB=REL", in order: the last matching one applies
    std::string host_tol;             // relative tolerance of host metrics; empty: 0.5
    std::vector<std::string> ignore;  // globs of metrics to leave out
    std::vector<std::string> primary; // globs: only these metrics can fail (others reported)
    bool host_fail = false;           // host metrics beyond tolerance fail too
    bool exact = false;               // improvements beyond tolerance fail too
    bool all = false;                 // list every metric, not only the differences
};

/** Runs `trvp compare`; returns its exit status. Throws user_error on bad options or inputs. */
int run_compare(const compare_options& o);

/** True for host-speed metrics: sim.host_*, *.host.* and *.host_* leaves. */
bool is_host_metric(const std::string& name);
/**
 * True for what identifies a run rather than measures it (sim.version, sim.build_id, sim.host,
 * sim.config_hash, sim.input.*): differences are listed as notes and never fail.
 */
bool is_identity_metric(const std::string& name);

} // namespace trvp::platform::compare
