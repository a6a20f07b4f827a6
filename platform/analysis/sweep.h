#pragma once
// `trvp sweep FILE [-j N] [--out DIR] [--dry-run] [--collect] [--export parallel|slurm]`:
// runs the cross product of a sweep file as parallel trvp processes, one folder each,
// gathers every run's stats.json into one CSV and renders its plots (docs/sweeps.md).

#include <functional>
#include <string>
#include <vector>

namespace trvp::platform::sweep {

struct sweep_options {
    std::string file;
    std::string out;   // empty: the sweep file's `out` (default out/sweeps/<name>)
    unsigned jobs = 0; // 0: the host's cores
    bool dry_run = false, collect_only = false, no_plots = false, quiet = false;
    std::string export_kind; // "", "parallel" or "slurm"
    /**
     * What a run's results depend on besides the sweep: "label value" lines for the simulator
     * build, the resolved configuration of `base` with `sets` applied and each input file
     * (platform/app/sweep_inputs.cpp). Throws user_error on a bad --set. A stored run whose
     * lines differ is stale and runs again. Empty: the parameters only (tests).
     */
    std::function<std::string(const std::string& base, const std::vector<std::string>& sets)>
        inputs;
};

/**
 * Runs `trvp sweep`; returns 0 if every run passed, 1 if some failed or are missing, 128+N
 * when signal N (SIGINT, SIGTERM) interrupted it (results.csv then holds what finished).
 */
int run_sweep(const sweep_options& o);

/** The path of the running trvp binary (/proc/self/exe resolved). */
std::string self_binary();

} // namespace trvp::platform::sweep
