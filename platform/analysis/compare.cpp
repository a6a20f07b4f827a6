#include "compare.h"

#include "models/common/user_error.h"
#include "sweep_table.h"

#include <cmath>
#include <filesystem>
#include <fnmatch.h>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace trvp::platform::compare {

namespace fs = std::filesystem;
using sweep::flat_stats;

namespace {

struct tolerance_rule {
    std::string pattern; // fnmatch glob over the metric name
    double rel;
};

struct options {
    std::string baseline, current;
    std::vector<tolerance_rule> tols;
    double host_tol = 0.5;
    bool host_fail = false, all = false;
    std::vector<std::string> ignore;
};

// Metric name -> value text. A sweep CSV gives "<run>/<column>" per row (run = the `run`
// column, a hash of the row's parameters, else the row number).
flat_stats load(const std::string& path) {
    std::string file = path;
    if (fs::is_directory(path)) {
        if (fs::exists(path + "/stats.json"))
            file = path + "/stats.json";
        else if (fs::exists(path + "/results.csv"))
            file = path + "/results.csv";
        else
            throw user_error(path + ": a folder without stats.json or results.csv");
    }
    if (!fs::exists(file)) throw user_error(file + ": no such file");
    if (fs::path(file).extension() != ".csv") return sweep::read_stats_json(file);
    const sweep::csv_table t = sweep::read_csv(file);
    const int run = t.column("run"), index = t.column("index");
    flat_stats out;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const std::string key = run >= 0 ? t.rows[r][size_t(run)] : "row" + std::to_string(r + 1);
        for (size_t c = 0; c < t.header.size(); ++c)
            if (int(c) != run && int(c) != index) out[key + "/" + t.header[c]] = t.rows[r][c];
    }
    return out;
}

double parse_rel(const std::string& v, const std::string& what) {
    double d;
    if (!sweep::parse_number(v, d) || d < 0)
        throw user_error(what + " needs a non-negative relative tolerance (0.01 = 1%), got '" + v +
                         "'");
    return d;
}

options parse(const compare_options& in) {
    options o;
    for (const std::string& v : in.tols) {
        const auto eq = v.rfind('=');
        if (eq == std::string::npos || eq == 0)
            throw user_error("--tol takes METRIC=REL (a glob and a relative tolerance), got '" + v +
                             "'");
        o.tols.push_back({v.substr(0, eq), parse_rel(v.substr(eq + 1), "--tol " + v)});
    }
    if (!in.host_tol.empty()) o.host_tol = parse_rel(in.host_tol, "--host-tol");
    o.ignore = in.ignore;
    o.host_fail = in.host_fail;
    o.all = in.all;
    o.baseline = in.baseline;
    o.current = in.current;
    return o;
}

bool matches(const std::string& pattern, const std::string& name) {
    // A pattern also matches the metric part of "<run>/<metric>" (sweep CSVs).
    const auto slash = name.find('/');
    return fnmatch(pattern.c_str(), name.c_str(), 0) == 0 ||
           (slash != std::string::npos &&
            fnmatch(pattern.c_str(), name.c_str() + slash + 1, 0) == 0);
}

std::string leaf(const std::string& name) {
    const auto slash = name.find('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

struct row {
    std::string metric, base, cur, delta, verdict;
};

} // namespace

// The run's identity says what made the numbers (a rebuild changes sim.build_id, a --set
// sim.config_hash); it is no result, so it never fails a comparison, whatever the tolerances
// (docs/platform.md, "Run identity").
bool is_identity_metric(const std::string& name) {
    const std::string m = leaf(name);
    return m == "sim.version" || m == "sim.build_id" || m == "sim.config_hash" || m == "sim.host" ||
           m.rfind("sim.input.", 0) == 0;
}

bool is_host_metric(const std::string& name) {
    const std::string m = leaf(name);
    if (m.rfind("sim.host_", 0) == 0) return true;
    if (m.find(".host.") != std::string::npos || m.rfind("host.", 0) == 0) return true;
    const auto dot = m.rfind('.');
    return m.compare(dot == std::string::npos ? 0 : dot + 1, 5, "host_") == 0;
}

int run_compare(const compare_options& opts) {
    const options o = parse(opts);
    const flat_stats base = load(o.baseline), cur = load(o.current);
    std::vector<row> rows;
    size_t compared = 0, failures = 0, host_warnings = 0;
    auto ignored = [&](const std::string& m) {
        for (const auto& g : o.ignore)
            if (matches(g, m)) return true;
        return false;
    };
    for (const auto& [name, bv] : base) {
        if (ignored(name)) continue;
        if (is_identity_metric(name)) {
            auto it = cur.find(name);
            const std::string cv = it == cur.end() ? "-" : it->second;
            if (cv != bv || o.all) rows.push_back({name, bv, cv, "", "identity (not compared)"});
            continue;
        }
        ++compared;
        const bool host = is_host_metric(name);
        double tol = host ? o.host_tol : 0;
        bool explicit_tol = false;
        for (const auto& t : o.tols)
            if (matches(t.pattern, name)) {
                tol = t.rel;
                explicit_tol = true;
            }
        const bool can_fail = !host || o.host_fail || explicit_tol;
        auto it = cur.find(name);
        if (it == cur.end()) {
            rows.push_back({name, bv, "-", "", can_fail ? "MISSING" : "missing (host)"});
            if (can_fail) ++failures;
            continue;
        }
        const std::string& cv = it->second;
        double b, c;
        const bool numeric = sweep::parse_number(bv, b) && sweep::parse_number(cv, c);
        std::string verdict, delta;
        if (numeric) {
            const double d = c - b;
            const double rel = d == 0 ? 0 : std::fabs(d) / std::max(std::fabs(b), 1e-300);
            std::ostringstream ds;
            ds << std::showpos << std::setprecision(6) << d << std::noshowpos;
            if (b != 0)
                ds << " (" << std::showpos << std::fixed << std::setprecision(2) << 100 * d / b
                   << "%)";
            delta = ds.str();
            if (d == 0) {
                verdict = "same";
            } else if (rel <= tol) {
                verdict = host ? "host, within tol" : "within tol";
            } else {
                verdict = can_fail ? "REGRESSION" : "host, beyond tol";
            }
        } else {
            verdict = bv == cv ? "same" : (can_fail ? "REGRESSION" : "host, differs");
        }
        if (verdict == "REGRESSION") ++failures;
        if (verdict.rfind("host, beyond", 0) == 0 || verdict == "host, differs") ++host_warnings;
        if (verdict != "same" || o.all) rows.push_back({name, bv, cv, delta, verdict});
    }
    for (const auto& [name, cv] : cur)
        if (!base.count(name) && !ignored(name)) rows.push_back({name, "-", cv, "", "new"});

    if (!rows.empty()) {
        size_t w[4] = {6, 8, 7, 5};
        for (const auto& r : rows) {
            w[0] = std::max(w[0], r.metric.size());
            w[1] = std::max(w[1], r.base.size());
            w[2] = std::max(w[2], r.cur.size());
            w[3] = std::max(w[3], r.delta.size());
        }
        auto line = [&](const std::string& a, const std::string& b, const std::string& c,
                        const std::string& d, const std::string& e) {
            std::cout << std::left << std::setw(int(w[0])) << a << "  " << std::right
                      << std::setw(int(w[1])) << b << "  " << std::setw(int(w[2])) << c << "  "
                      << std::left << std::setw(int(w[3])) << d << "  " << e << '\n';
        };
        line("metric", "baseline", "current", "delta", "verdict");
        for (const auto& r : rows) line(r.metric, r.base, r.cur, r.delta, r.verdict);
    }
    std::cout << "compare: " << compared << " metrics compared, " << failures << " regression"
              << (failures == 1 ? "" : "s");
    if (host_warnings)
        std::cout << ", " << host_warnings << " host-speed differences (not failing)";
    std::cout << " (" << o.baseline << " -> " << o.current << ")\n";
    return failures ? regression : no_regression;
}

} // namespace trvp::platform::compare
