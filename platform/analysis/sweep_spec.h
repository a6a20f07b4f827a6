#pragma once
// A sweep file (docs/sweeps.md): a base configuration, parameters to vary, optional
// workloads, the metrics to collect and the plots to draw; expanded to one run per point
// of the cross product.

#include <string>
#include <utility>
#include <vector>

namespace trvp::platform::sweep {

/** One varied key path and its values, as `--set` value texts. */
struct parameter {
    std::string key;
    std::vector<std::string> values;
};

/** A named bundle of `--set` overrides (firmware, traffic pattern, ...). */
struct workload {
    std::string name;
    std::vector<std::string> sets;
};

struct plot_spec {
    std::string name;           // file stem under plots/
    std::string x;              // a parameter key (or "workload")
    std::vector<std::string> y; // metrics
    std::string series;         // a parameter key (or "workload"): one line per value; may be empty
    std::vector<std::pair<std::string, std::string>> where; // other columns held fixed
    std::string title, xlabel, ylabel;
    bool logx = false, logy = false;
};

/** The largest sweep file `max_runs` (and the default): docs/sweeps.md. */
constexpr size_t default_max_runs = 10000, hard_max_runs = 1000000;

/** Per-run limits of a sweep file's `limits:` (docs/sweeps.md). */
struct run_limits {
    std::string sim_time;     // --set simulation.max_time (text as written); empty: none
    std::string instructions; // --set simulation.max_instructions; empty: none
    double host_seconds = 0;  // wall-clock per run, enforced by the sweep; 0: none
    std::string host_text;    // host_time as written
};

struct sweep_spec {
    std::string file; // the sweep file
    std::string name; // its stem
    std::string base; // the base configuration, resolved against the sweep file's folder
    std::string out;  // default output folder (out/sweeps/<name>)
    std::vector<std::string> sets; // applied to every run, before the workload and parameters
    std::vector<parameter> params;
    std::vector<workload> workloads; // empty: one run per parameter point
    std::vector<std::string> metrics;
    std::vector<int> metric_lines; // the line of each metric in the file (1-based; 0: unknown)
    std::vector<plot_spec> plots;
    run_limits limits;
    size_t max_runs = default_max_runs; // refuse a cross product larger than this
};

/** One point of the cross product. */
struct run_point {
    size_t index = 0;
    std::string id;                  // stable: a hash of the workload name and the parameter values
    std::string workload;            // "" when the sweep has none
    std::vector<std::string> values; // one per sweep_spec::params
    /** Every `--set` of this run, in the order they apply (limits first). */
    std::vector<std::string> sets(const sweep_spec& s) const;
};

/**
 * Reads and validates a sweep file, including that its cross product has at most `max_runs`
 * runs; throws user_error naming the file, line and key.
 */
sweep_spec load_sweep(const std::string& path);

/** The cross product: workloads outermost, then the parameters in file order. */
std::vector<run_point> expand(const sweep_spec& s);

/** The CSV columns that name a point: "workload" (if any) and the parameter keys. */
std::vector<std::string> point_columns(const sweep_spec& s);

} // namespace trvp::platform::sweep
