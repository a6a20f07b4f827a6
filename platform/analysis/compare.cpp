#include "compare.h"

#include "models/common/stats.h"
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
    bool host_fail = false, exact = false, all = false;
    std::vector<std::string> ignore, primary;
};

// One input: metric name -> value text, and statistic name -> which way it improves.
struct input {
    flat_stats values;
    std::map<std::string, std::string> better;
};

// The stats.json a sweep CSV's runs were read from (the first run folder holding one), for the
// statistics' directions; empty if there is none.
std::string sweep_stats_beside(const std::string& csv) {
    std::error_code ec;
    const fs::path runs = fs::path(csv).parent_path() / "runs";
    for (fs::directory_iterator it(runs, ec), end; !ec && it != end; it.increment(ec))
        if (fs::exists(it->path() / "stats.json")) return (it->path() / "stats.json").string();
    return "";
}

// A sweep CSV gives "<run>/<column>" per row (run = the `run` column, a hash of the row's
// parameters, else the row number).
input load(const std::string& path) {
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
    input in;
    if (fs::path(file).extension() != ".csv") {
        in.values = sweep::read_stats_json(file);
        in.better = sweep::read_stats_better(file);
        return in;
    }
    const sweep::csv_table t = sweep::read_csv(file);
    const int run = t.column("run"), index = t.column("index");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const std::string key = run >= 0 ? t.rows[r][size_t(run)] : "row" + std::to_string(r + 1);
        for (size_t c = 0; c < t.header.size(); ++c)
            if (int(c) != run && int(c) != index) in.values[key + "/" + t.header[c]] = t.rows[r][c];
    }
    const std::string beside = sweep_stats_beside(file);
    if (!beside.empty()) {
        try {
            in.better = sweep::read_stats_better(beside);
        } catch (const user_error&) {
            // A half-written run: the directions fall back to the defaults.
        }
    }
    return in;
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
    o.primary = in.primary;
    o.host_fail = in.host_fail;
    o.exact = in.exact;
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

bool matches_any(const std::vector<std::string>& patterns, const std::string& name) {
    for (const auto& g : patterns)
        if (matches(g, name)) return true;
    return false;
}

std::string leaf(const std::string& name) {
    const auto slash = name.find('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Which way a flattened metric improves: its statistic's direction (a histogram's mean, min,
// max and percentiles share it; its count and sum have none), else the default of its name.
stats::better direction(const input& base, const input& cur, const std::string& name) {
    const std::string m = leaf(name);
    auto lookup = [&](const std::string& stat, stats::better& b) {
        for (const input* in : {&cur, &base}) {
            auto it = in->better.find(stat);
            if (it != in->better.end() && stats::parse_better(it->second, b)) return true;
        }
        return false;
    };
    stats::better b = stats::better::neither;
    if (lookup(m, b)) return b;
    const auto dot = m.rfind('.');
    if (dot != std::string::npos && lookup(m.substr(0, dot), b)) {
        const std::string field = m.substr(dot + 1);
        return field == "count" || field == "sum" || field == "bucket_width"
                   ? stats::better::neither
                   : b;
    }
    return stats::default_better(m, "");
}

// The kinds of difference, in the order they are listed.
enum class kind { regression, missing, changed, improvement, host, identity, added, same };

const char* heading(kind k) {
    switch (k) {
    case kind::regression:
        return "regressions";
    case kind::missing:
        return "missing from CURRENT (regressions)";
    case kind::changed:
        return "changed, no better direction (regressions)";
    case kind::improvement:
        return "improvements";
    case kind::host:
        return "host speed";
    case kind::identity:
        return "run identity (notes)";
    case kind::added:
        return "new in CURRENT";
    case kind::same:
        return "within tolerance";
    }
    return "";
}

struct row {
    kind k;
    std::string metric, base, cur, delta, verdict;
};

void print_rows(const std::vector<row>& rows) {
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
    bool first = true;
    for (int k = int(kind::regression); k <= int(kind::same); ++k) {
        size_t n = 0;
        for (const auto& r : rows) n += int(r.k) == k;
        if (!n) continue;
        std::cout << (first ? "" : "\n") << heading(kind(k)) << " (" << n << "):\n";
        line("metric", "baseline", "current", "delta", "verdict");
        for (const auto& r : rows)
            if (int(r.k) == k) line(r.metric, r.base, r.cur, r.delta, r.verdict);
        first = false;
    }
}

std::string plural(size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

bool is_host_metric(const std::string& name) {
    const std::string m = leaf(name);
    if (m.rfind("sim.host_", 0) == 0) return true;
    if (m.find(".host.") != std::string::npos || m.rfind("host.", 0) == 0) return true;
    const auto dot = m.rfind('.');
    return m.compare(dot == std::string::npos ? 0 : dot + 1, 5, "host_") == 0;
}

// The run's identity says what made the numbers (a rebuild changes sim.build_id, a --set
// sim.config_hash); it is no result, so it never fails a comparison, whatever the tolerances
// (docs/platform.md, "Run identity").
bool is_identity_metric(const std::string& name) {
    const std::string m = leaf(name);
    return m == "sim.version" || m == "sim.build_id" || m == "sim.host" || m == "sim.config_hash" ||
           m.rfind("sim.input.", 0) == 0;
}

int run_compare(const compare_options& opts) {
    const options o = parse(opts);
    const input base = load(o.baseline), cur = load(o.current);
    for (const auto& g : o.primary) {
        bool any = false;
        for (const auto& kv : base.values) any = any || matches(g, kv.first);
        if (!any)
            throw user_error("--primary " + g + ": no metric of " + o.baseline +
                             " matches it (see its stats.json for the names)");
    }
    std::vector<row> rows;
    size_t compared = 0, failures = 0, counts[int(kind::same) + 1] = {};
    auto ignored = [&](const std::string& m) { return matches_any(o.ignore, m); };
    for (const auto& [name, bv] : base.values) {
        if (ignored(name)) continue;
        ++compared;
        const bool host = is_host_metric(name), identity = is_identity_metric(name);
        const bool gated = o.primary.empty() || matches_any(o.primary, name);
        double tol = host ? o.host_tol : 0;
        bool explicit_tol = false;
        for (const auto& t : o.tols)
            if (matches(t.pattern, name)) {
                tol = t.rel;
                explicit_tol = true;
            }
        const bool can_fail = gated && !identity && (!host || o.host_fail || explicit_tol);
        row r{kind::same, name, bv, "-", "", "same"};
        auto it = cur.values.find(name);
        if (it == cur.values.end()) {
            r.k = identity ? kind::identity : host && !can_fail ? kind::host : kind::missing;
            r.verdict = identity ? "identity (not compared)" : can_fail ? "MISSING" : "missing";
        } else {
            r.cur = it->second;
            double b, c;
            const bool numeric =
                sweep::parse_number(bv, b) && sweep::parse_number(r.cur, c) && !identity;
            bool beyond = r.cur != bv;
            int sign = 0; // +1: better, -1: worse, 0: no direction
            if (numeric) {
                const double d = c - b;
                const double rel = d == 0 ? 0 : std::fabs(d) / std::max(std::fabs(b), 1e-300);
                std::ostringstream ds;
                ds << std::showpos << std::setprecision(6) << d << std::noshowpos;
                if (b != 0)
                    ds << " (" << std::showpos << std::fixed << std::setprecision(2) << 100 * d / b
                       << "%)";
                r.delta = d == 0 ? "" : ds.str();
                beyond = rel > tol;
                const stats::better dir = direction(base, cur, name);
                if (d != 0 && dir != stats::better::neither)
                    sign = (d < 0) == (dir == stats::better::lower) ? 1 : -1;
                if (d != 0 && !beyond) r.verdict = host ? "host, within tol" : "within tol";
            }
            if (identity) {
                r.k = beyond ? kind::identity : kind::same;
                r.verdict = beyond ? "identity (not compared)" : "same";
            } else if (!beyond) {
                // same, or within tolerance: listed with --all only
            } else if (host && !can_fail) {
                r.k = kind::host;
                r.verdict = std::string("host, beyond tol") + (sign > 0   ? ", faster"
                                                               : sign < 0 ? ", slower"
                                                                          : "");
            } else if (sign > 0) {
                r.k = kind::improvement;
                r.verdict = o.exact && can_fail ? "IMPROVEMENT (--exact)" : "improvement";
            } else {
                r.k = sign < 0 ? kind::regression : kind::changed;
                r.verdict = sign < 0 ? "REGRESSION" : "CHANGED";
            }
        }
        const bool fails =
            can_fail && (r.k == kind::regression || r.k == kind::missing || r.k == kind::changed ||
                         (o.exact && r.k == kind::improvement));
        if (!fails && !gated && r.k != kind::same && r.k != kind::identity)
            r.verdict += " (not --primary)";
        failures += fails;
        ++counts[int(r.k)];
        if (r.k != kind::same || o.all || r.verdict != "same") rows.push_back(r);
    }
    for (const auto& [name, cv] : cur.values)
        if (!base.values.count(name) && !ignored(name)) {
            rows.push_back({kind::added, name, "-", cv, "", "new"});
            ++counts[int(kind::added)];
        }

    print_rows(rows);
    std::cout << (rows.empty() ? "" : "\n") << "compare: " << compared << " metrics compared, "
              << plural(counts[int(kind::regression)] + counts[int(kind::missing)], "regression",
                        "regressions")
              << ", " << plural(counts[int(kind::improvement)], "improvement", "improvements");
    if (counts[int(kind::changed)])
        std::cout << ", " << counts[int(kind::changed)] << " changed with no better direction";
    if (counts[int(kind::host)])
        std::cout << ", " << counts[int(kind::host)] << " host-speed differences"
                  << (o.host_fail ? "" : " (not failing)");
    std::cout << " (" << o.baseline << " -> " << o.current << ")\n";
    if (failures) {
        std::cout << "compare: FAILED on " << plural(failures, "metric", "metrics");
        if (!o.primary.empty()) {
            std::cout << " of --primary";
            for (const auto& g : o.primary) std::cout << ' ' << g;
        }
        std::cout << '\n';
    }
    return failures ? regression : no_regression;
}

} // namespace trvp::platform::compare
