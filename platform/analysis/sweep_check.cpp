#include "sweep_check.h"

#include "models/common/user_error.h"
#include "sweep_exec.h"
#include "sweep_table.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace trvp::platform::sweep {

namespace fs = std::filesystem;

namespace {

// The points of one workload block that use every value of every parameter: point k takes
// value k mod n of each axis of n values.
std::vector<size_t> covering(const sweep_spec& s, size_t block_start) {
    size_t longest = 1;
    for (const auto& p : s.params) longest = std::max(longest, p.values.size());
    std::vector<size_t> out;
    for (size_t k = 0; k < longest; ++k) {
        size_t index = 0;
        for (const auto& p : s.params) index = index * p.values.size() + k % p.values.size();
        out.push_back(block_start + index);
    }
    return out;
}

// What a refused run printed: its "error:" lines, else its last line.
std::string refusal(const std::string& dir) {
    std::ifstream in(dir + "/stderr.txt");
    std::string line, errors, last;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        last = line;
        if (line.find("error:") != std::string::npos) errors += "  " + line + "\n";
    }
    return errors.empty() ? "  " + last + "\n" : errors;
}

std::string describe_point(const sweep_spec& s, const run_point& p) {
    std::string d = p.workload.empty() ? "" : "workload " + p.workload;
    for (size_t i = 0; i < s.params.size(); ++i)
        d += (d.empty() ? "" : ", ") + s.params[i].key + "=" + p.values[i];
    return d.empty() ? "the base configuration" : d;
}

void add_stats(const std::string& dir, std::set<std::string>& names) {
    try {
        for (const auto& kv : read_stats_json(dir + "/stats.json")) names.insert(kv.first);
    } catch (const std::exception&) {
        // no statistics from this run
    }
}

} // namespace

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

int check_sweep(const sweep_spec& s, const std::vector<run_point>& pts,
                const std::vector<bool>& pending, const std::vector<bool>& done,
                const std::string& out, unsigned jobs, const argv_fn& argv_of) {
    const size_t blocks = std::max<size_t>(1, s.workloads.size()), block = pts.size() / blocks;
    std::vector<size_t> chosen;
    for (size_t w = 0; w < blocks; ++w)
        for (size_t i : covering(s, w * block))
            if (pending[i] && std::find(chosen.begin(), chosen.end(), i) == chosen.end())
                chosen.push_back(i);
    const std::string check_dir = out + "/check";
    std::vector<job> checks;
    for (size_t i : chosen) {
        const std::string dir = check_dir + "/" + pts[i].id;
        fs::create_directories(dir);
        auto argv = argv_of(pts[i], dir);
        argv.insert(argv.end(), {"--set", "simulation.max_instructions=1"});
        checks.push_back({argv, dir});
    }
    std::vector<job_result> results(checks.size());
    const int sig = run_jobs(
        checks, jobs, 0, [](size_t) {}, [&](size_t i, const job_result& r) { results[i] = r; },
        [] {});
    if (sig) return 128 + sig;

    size_t refused = 0;
    std::string first;
    std::set<std::string> names;
    for (size_t k = 0; k < checks.size(); ++k) {
        if (results[k].status == 2) {
            if (!refused++)
                first = s.file + ": the run of " + describe_point(s, pts[chosen[k]]) +
                        " is refused:\n" + refusal(checks[k].dir);
            continue;
        }
        add_stats(checks[k].dir, names);
    }
    if (refused) {
        if (refused > 1)
            first += "  (" + std::to_string(refused) + " of " + std::to_string(checks.size()) +
                     " check runs were refused; the first is shown)\n";
        throw user_error(first + "nothing was run (check runs in " + check_dir + ")");
    }
    for (size_t i = 0; i < pts.size(); ++i)
        if (done[i]) add_stats(out + "/runs/" + pts[i].id, names);
    std::error_code ec;
    fs::remove_all(check_dir, ec);
    if (names.empty()) return 0; // nothing ran far enough to publish statistics
    for (size_t m = 0; m < s.metrics.size(); ++m) {
        const std::string& metric = s.metrics[m];
        if (names.count(metric)) continue;
        std::string best;
        size_t best_d = SIZE_MAX;
        for (const auto& n : names) {
            const size_t d = edit_distance(metric, n);
            if (d < best_d) {
                best_d = d;
                best = n;
            }
        }
        throw user_error(
            s.file + (s.metric_lines[m] ? ":" + std::to_string(s.metric_lines[m]) : "") +
            ": metrics: '" + metric + "' is not a statistic of these runs" +
            (best_d <= std::max<size_t>(2, metric.size() / 4) ? " (did you mean '" + best + "'?)"
                                                              : "") +
            "; the names are those of a run's stats.json (histograms: .mean, "
            ".p99, ...)");
    }
    return 0;
}

} // namespace trvp::platform::sweep
