#include "sweep_spec.h"

#include "models/common/user_error.h"
#include "value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <yaml-cpp/yaml.h>

namespace trvp::platform::sweep {

namespace fs = std::filesystem;

namespace {

struct reader {
    std::string file;
    [[noreturn]] void fail(const YAML::Node& n, const std::string& key,
                           const std::string& msg) const {
        const YAML::Mark m = n.Mark();
        throw user_error(file + (m.line >= 0 ? ":" + std::to_string(m.line + 1) : "") + ": " + key +
                         ": " + msg);
    }
    std::string scalar(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, key, "expected a single value");
        return n.Scalar();
    }
    // A value as `--set` text: scalars as written, lists and maps in YAML flow style.
    std::string value_text(const YAML::Node& n) const {
        if (n.IsScalar()) return n.Scalar();
        YAML::Emitter em;
        em << YAML::Flow << n;
        return em.c_str();
    }
    std::vector<std::string> strings(const YAML::Node& n, const std::string& key) const {
        std::vector<std::string> out;
        if (n.IsScalar()) return {n.Scalar()};
        if (!n.IsSequence()) fail(n, key, "expected a list");
        for (size_t i = 0; i < n.size(); ++i)
            out.push_back(scalar(n[i], key + "." + std::to_string(i)));
        return out;
    }
    void only(const YAML::Node& n, const std::string& key, std::set<std::string> allowed) const {
        if (!n.IsMap()) fail(n, key, "expected a map");
        for (const auto& kv : n)
            if (!allowed.count(kv.first.Scalar()))
                fail(kv.first, key.empty() ? kv.first.Scalar() : key + "." + kv.first.Scalar(),
                     "unknown key");
    }
};

double number(const reader& r, const YAML::Node& n, const std::string& key) {
    try {
        return n.as<double>();
    } catch (const YAML::Exception&) {
        r.fail(n, key, "expected a number, got '" + r.value_text(n) + "'");
    }
}

std::string format_number(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(int64_t(v));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

// {from, to, step[, unit]}: from, from+step, ... up to `to` inclusive (i x step, no drift).
std::vector<std::string> range(const reader& r, const YAML::Node& n, const std::string& key) {
    r.only(n, key, {"from", "to", "step", "unit"});
    for (const char* k : {"from", "to", "step"})
        if (!n[k]) r.fail(n, key, std::string("a range needs '") + k + "'");
    const double from = number(r, n["from"], key + ".from"), to = number(r, n["to"], key + ".to"),
                 step = number(r, n["step"], key + ".step");
    if (step == 0 || (to - from) / step < 0)
        r.fail(n["step"], key + ".step", "the step must move from 'from' towards 'to'");
    const std::string unit = n["unit"] ? " " + r.scalar(n["unit"], key + ".unit") : "";
    std::vector<std::string> out;
    const double steps = std::floor((to - from) / step + 1e-9);
    if (!(steps < 100000)) r.fail(n, key, "more than 100000 values");
    const long count = long(steps) + 1;
    for (long i = 0; i < count; ++i) out.push_back(format_number(from + double(i) * step) + unit);
    return out;
}

std::vector<std::string> values(const reader& r, const YAML::Node& n, const std::string& key) {
    std::vector<std::string> out;
    if (n.IsSequence()) {
        for (const auto& v : n) out.push_back(r.value_text(v));
    } else if (n.IsMap() && n["values"]) {
        r.only(n, key, {"values"});
        if (!n["values"].IsSequence()) r.fail(n["values"], key + ".values", "expected a list");
        for (const auto& v : n["values"]) out.push_back(r.value_text(v));
    } else if (n.IsMap()) {
        out = range(r, n, key);
    } else {
        out.push_back(r.value_text(n));
    }
    if (out.empty()) r.fail(n, key, "no values");
    return out;
}

plot_spec read_plot(const reader& r, const YAML::Node& n, const std::string& key) {
    r.only(n, key,
           {"name", "x", "y", "series", "where", "title", "xlabel", "ylabel", "logx", "logy"});
    plot_spec p;
    for (const char* k : {"name", "x", "y"})
        if (!n[k]) r.fail(n, key, std::string("a plot needs '") + k + "'");
    p.name = r.scalar(n["name"], key + ".name");
    if (p.name.find('/') != std::string::npos || p.name.empty())
        r.fail(n["name"], key + ".name", "a plot name is a file stem (no '/')");
    p.x = r.scalar(n["x"], key + ".x");
    p.y = r.strings(n["y"], key + ".y");
    if (n["series"]) p.series = r.scalar(n["series"], key + ".series");
    if (n["where"]) {
        if (!n["where"].IsMap()) r.fail(n["where"], key + ".where", "expected a map");
        for (const auto& kv : n["where"])
            p.where.emplace_back(kv.first.Scalar(), r.value_text(kv.second));
    }
    p.title = n["title"] ? r.scalar(n["title"], key + ".title") : p.name;
    p.xlabel = n["xlabel"] ? r.scalar(n["xlabel"], key + ".xlabel") : p.x;
    p.ylabel = n["ylabel"] ? r.scalar(n["ylabel"], key + ".ylabel") : p.y[0];
    p.logx = n["logx"] && n["logx"].as<bool>();
    p.logy = n["logy"] && n["logy"].as<bool>();
    return p;
}

// FNV-1a, 64 bits: stable across hosts and compilers (std::hash is not).
std::string hash_id(const std::string& text) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    char buf[20];
    std::snprintf(buf, sizeof buf, "%012llx", (unsigned long long)(h >> 16));
    return buf;
}

run_limits read_limits(const reader& r, const YAML::Node& n) {
    r.only(n, "limits", {"sim_time", "instructions", "host_time"});
    run_limits l;
    if (n["sim_time"]) {
        l.sim_time = r.scalar(n["sim_time"], "limits.sim_time");
        if (!parse_time_ps(l.sim_time))
            r.fail(n["sim_time"], "limits.sim_time",
                   "expected a simulated time such as '10 ms', got '" + l.sim_time + "'");
    }
    if (n["instructions"]) {
        l.instructions = r.scalar(n["instructions"], "limits.instructions");
        if (!parse_integer(l.instructions))
            r.fail(n["instructions"], "limits.instructions",
                   "expected a count of instructions, got '" + l.instructions + "'");
    }
    if (n["host_time"]) {
        l.host_text = r.scalar(n["host_time"], "limits.host_time");
        const auto ps = parse_time_ps(l.host_text);
        if (!ps || *ps == 0)
            r.fail(n["host_time"], "limits.host_time",
                   "expected a wall-clock time such as '120 s', got '" + l.host_text + "'");
        l.host_seconds = double(*ps) * 1e-12;
    }
    return l;
}

// The values of a point column: a workload name or a parameter value text.
std::vector<std::string> column_values(const sweep_spec& s, const std::string& col) {
    std::vector<std::string> v;
    if (col == "workload")
        for (const auto& w : s.workloads) v.push_back(w.name);
    for (const auto& p : s.params)
        if (p.key == col) v = p.values;
    return v;
}

// A plot draws one line per series value over x: every other dimension that varies must be
// held at one value by `where`, or the plot would silently superimpose its values.
void check_plot_dimensions(const reader& r, const YAML::Node& n, const std::string& key,
                           const sweep_spec& s, const plot_spec& p) {
    for (const auto& w : p.where) {
        const auto values = column_values(s, w.first);
        if (std::find(values.begin(), values.end(), w.second) == values.end())
            r.fail(n["where"], key + ".where." + w.first,
                   "'" + w.second + "' is not one of the values of " + w.first);
    }
    for (const auto& col : point_columns(s)) {
        const size_t count = column_values(s, col).size();
        bool held = col == p.x || col == p.series;
        for (const auto& w : p.where) held = held || w.first == col;
        if (count > 1 && !held)
            r.fail(n, key,
                   "'" + col + "' takes " + std::to_string(count) +
                       " values but is neither the plot's x, its series nor held by 'where': "
                       "the plot would superimpose them (add where: {" +
                       col + ": VALUE}, or make it the series)");
    }
}

// The number of runs of the cross product, checked against the cap before anything is
// expanded (10^15 points would exhaust memory).
void check_size(const reader& r, const YAML::Node& root, const sweep_spec& s) {
    size_t n = std::max<size_t>(1, s.workloads.size());
    std::string factors =
        s.workloads.empty() ? "" : std::to_string(s.workloads.size()) + " workloads";
    bool over = false;
    for (const auto& p : s.params) {
        factors += (factors.empty() ? "" : " x ") + std::to_string(p.values.size());
        if (n > s.max_runs / p.values.size())
            over = true;
        else
            n *= p.values.size();
    }
    if (over || n > s.max_runs)
        r.fail(root["parameters"] ? root["parameters"] : root, "parameters",
               "the axes multiply to more than max_runs = " + std::to_string(s.max_runs) +
                   " runs (" + factors + "); narrow the axes or raise max_runs (at most " +
                   std::to_string(hard_max_runs) + ")");
}

} // namespace

sweep_spec load_sweep(const std::string& path) {
    reader r{path};
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw user_error(path + ": cannot read the sweep file");
    } catch (const YAML::Exception& e) {
        throw user_error(path + ": " + e.what());
    }
    if (!root.IsMap()) throw user_error(path + ": a sweep file is a YAML map (see docs/sweeps.md)");
    r.only(root, "",
           {"base", "out", "set", "parameters", "workloads", "metrics", "plots", "limits",
            "max_runs"});
    sweep_spec s;
    s.file = path;
    s.name = fs::path(path).stem().string();
    if (!root["base"])
        throw user_error(path + ": 'base' (the configuration to start from) is missing");
    const fs::path base = r.scalar(root["base"], "base");
    s.base = (base.is_absolute() ? base : fs::path(path).parent_path() / base)
                 .lexically_normal()
                 .string();
    if (!fs::exists(s.base)) r.fail(root["base"], "base", "no such file: " + s.base);
    s.out = root["out"] ? r.scalar(root["out"], "out") : "out/sweeps/" + s.name;
    if (root["set"]) s.sets = r.strings(root["set"], "set");
    if (root["parameters"]) {
        const YAML::Node ps = root["parameters"];
        if (!ps.IsMap()) r.fail(ps, "parameters", "expected a map of key path -> values");
        for (const auto& kv : ps) {
            const std::string key = kv.first.Scalar();
            if (key == "workload") r.fail(kv.first, key, "'workload' is reserved");
            s.params.push_back({key, values(r, kv.second, "parameters." + key)});
        }
    }
    if (root["workloads"]) {
        const YAML::Node ws = root["workloads"];
        if (!ws.IsSequence()) r.fail(ws, "workloads", "expected a list of {name, set}");
        std::set<std::string> names;
        for (size_t i = 0; i < ws.size(); ++i) {
            const std::string key = "workloads." + std::to_string(i);
            r.only(ws[i], key, {"name", "set"});
            if (!ws[i]["name"]) r.fail(ws[i], key, "a workload needs a 'name'");
            workload w{r.scalar(ws[i]["name"], key + ".name"), {}};
            if (ws[i]["set"]) w.sets = r.strings(ws[i]["set"], key + ".set");
            if (!names.insert(w.name).second)
                r.fail(ws[i], key, "duplicate workload '" + w.name + "'");
            s.workloads.push_back(w);
        }
    }
    if (root["limits"]) s.limits = read_limits(r, root["limits"]);
    if (root["max_runs"]) {
        const auto n = parse_integer(r.scalar(root["max_runs"], "max_runs"));
        if (!n || *n == 0 || *n > hard_max_runs)
            r.fail(root["max_runs"], "max_runs",
                   "expected a number of runs from 1 to " + std::to_string(hard_max_runs));
        s.max_runs = size_t(*n);
    }
    check_size(r, root, s);
    if (!root["metrics"]) throw user_error(path + ": 'metrics' (statistics to collect) is missing");
    s.metrics = r.strings(root["metrics"], "metrics");
    for (size_t i = 0; i < s.metrics.size(); ++i) {
        const YAML::Node m = root["metrics"].IsSequence() ? root["metrics"][i] : root["metrics"];
        s.metric_lines.push_back(m.Mark().line >= 0 ? m.Mark().line + 1 : 0);
    }
    if (root["plots"]) {
        const YAML::Node ps = root["plots"];
        if (!ps.IsSequence()) r.fail(ps, "plots", "expected a list");
        const std::vector<std::string> cols = point_columns(s);
        auto is_col = [&](const std::string& c) {
            for (const auto& k : cols)
                if (k == c) return true;
            return false;
        };
        for (size_t i = 0; i < ps.size(); ++i) {
            const std::string key = "plots." + std::to_string(i);
            plot_spec p = read_plot(r, ps[i], key);
            if (!is_col(p.x))
                r.fail(ps[i]["x"], key + ".x", "'" + p.x + "' is not a swept parameter");
            if (!p.series.empty() && !is_col(p.series))
                r.fail(ps[i]["series"], key + ".series",
                       "'" + p.series + "' is not a swept parameter");
            for (const auto& y : p.y) {
                bool ok = false;
                for (const auto& m : s.metrics) ok = ok || m == y;
                if (!ok) r.fail(ps[i]["y"], key + ".y", "'" + y + "' is not in 'metrics'");
            }
            for (const auto& w : p.where)
                if (!is_col(w.first))
                    r.fail(ps[i]["where"], key + ".where",
                           "'" + w.first + "' is not a swept parameter");
            check_plot_dimensions(r, ps[i], key, s, p);
            s.plots.push_back(p);
        }
    }
    return s;
}

std::vector<std::string> point_columns(const sweep_spec& s) {
    std::vector<std::string> cols;
    if (!s.workloads.empty()) cols.push_back("workload");
    for (const auto& p : s.params) cols.push_back(p.key);
    return cols;
}

std::vector<run_point> expand(const sweep_spec& s) {
    std::vector<run_point> out;
    const std::vector<workload> ws =
        s.workloads.empty() ? std::vector<workload>{{"", {}}} : s.workloads;
    for (const auto& w : ws) {
        std::vector<size_t> idx(s.params.size(), 0);
        for (;;) {
            run_point p;
            p.index = out.size();
            p.workload = w.name;
            std::string key = "workload=" + w.name + "\n";
            for (size_t i = 0; i < s.params.size(); ++i) {
                p.values.push_back(s.params[i].values[idx[i]]);
                key += s.params[i].key + "=" + p.values.back() + "\n";
            }
            p.id = hash_id(key);
            out.push_back(p);
            // Odometer: the last parameter varies fastest.
            size_t i = s.params.size();
            while (i > 0 && ++idx[i - 1] == s.params[i - 1].values.size()) idx[--i] = 0;
            if (i == 0) break;
        }
    }
    return out;
}

std::vector<std::string> run_point::sets(const sweep_spec& s) const {
    std::vector<std::string> out;
    if (!s.limits.sim_time.empty()) out.push_back("simulation.max_time=" + s.limits.sim_time);
    if (!s.limits.instructions.empty())
        out.push_back("simulation.max_instructions=" + s.limits.instructions);
    out.insert(out.end(), s.sets.begin(), s.sets.end());
    for (const auto& w : s.workloads)
        if (w.name == workload) out.insert(out.end(), w.sets.begin(), w.sets.end());
    for (size_t i = 0; i < s.params.size(); ++i) out.push_back(s.params[i].key + "=" + values[i]);
    return out;
}

} // namespace trvp::platform::sweep
