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

struct sweep_spec {
    std::string file; // the sweep file
    std::string name; // its stem
    std::string base; // the base configuration, resolved against the sweep file's folder
    std::string out;  // default output folder (out/sweeps/<name>)
    std::vector<std::string> sets; // applied to every run, before the workload and parameters
    std::vector<parameter> params;
    std::vector<workload> workloads; // empty: one run per parameter point
    std::vector<std::string> metrics;
    std::vector<plot_spec> plots;
};

/** One point of the cross product. */
struct run_point {
    size_t index = 0;
    std::string id;                  // stable: a hash of the workload name and the parameter values
    std::string workload;            // "" when the sweep has none
    std::vector<std::string> values; // one per sweep_spec::params
    /** Every `--set` of this run, in the order they apply. */
    std::vector<std::string> sets(const sweep_spec& s) const;
};

/** Reads and validates a sweep file; throws user_error naming the file, line and key. */
sweep_spec load_sweep(const std::string& path);

/** The cross product: workloads outermost, then the parameters in file order. */
std::vector<run_point> expand(const sweep_spec& s);

/** The CSV columns that name a point: "workload" (if any) and the parameter keys. */
std::vector<std::string> point_columns(const sweep_spec& s);

} // namespace trvp::platform::sweep
