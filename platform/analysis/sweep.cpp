// Over 400 lines: one command's whole flow (identity, checks, runs, CSV, failures, export).
#include "sweep.h"

#include "models/common/user_error.h"
#include "sweep_check.h"
#include "sweep_exec.h"
#include "sweep_plot.h"
#include "sweep_spec.h"
#include "sweep_table.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace trvp::platform::sweep {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

std::string abs_path(const std::string& p) {
    return fs::absolute(p).lexically_normal().string();
}

std::string run_dir(const std::string& out, const run_point& p) {
    return out + "/runs/" + p.id;
}

std::vector<std::string> run_argv(const sweep_spec& s, const run_point& p, const std::string& dir) {
    std::vector<std::string> a = {self_binary(), "run", abs_path(s.base)};
    for (const auto& set : p.sets(s)) {
        a.push_back("--set");
        a.push_back(set);
    }
    a.insert(a.end(), {"--out", dir, "--quiet"});
    return a;
}

std::string shell_command(const std::vector<std::string>& argv) {
    std::string c;
    for (const auto& a : argv) c += (c.empty() ? "" : " ") + shell_quote(a);
    return c;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream os(path);
    if (!os || !(os << text)) throw user_error(path + ": cannot write");
}

// What a stored run is, against the identity it would have now (docs/sweeps.md):
//  done: its stats.json parses, it was not interrupted and its identity.txt is current;
//  stale: it ran with other inputs (configuration, input files, simulator build);
//  missing / interrupted / timeout: it did not finish (it runs again).
enum class state { done, missing, stale, interrupted, timeout };

struct run_info {
    state st = state::missing;
    std::string why; // stale: the first identity line that differs ("config", "build", ...)
    flat_stats stats;
};

run_info inspect(const std::string& dir, const std::string& identity) {
    run_info r;
    const std::string marker = read_text(dir + "/exit_status");
    if (marker.rfind("interrupted", 0) == 0) r.st = state::interrupted;
    if (marker.rfind("timeout", 0) == 0) r.st = state::timeout;
    if (r.st != state::missing) return r;
    const bool stored = fs::exists(dir + "/identity.txt");
    const std::string had = stored ? read_text(dir + "/identity.txt") : "";
    if (stored && had != identity) {
        r.st = state::stale;
        std::istringstream a(had), b(identity);
        for (std::string la, lb; std::getline(b, lb);)
            if (!std::getline(a, la) || la != lb) {
                r.why = lb.substr(0, lb.find(' '));
                break;
            }
        return r;
    }
    if (!fs::exists(dir + "/stats.json")) return r;
    try {
        r.stats = read_stats_json(dir + "/stats.json");
    } catch (const user_error&) {
        return r; // killed while writing it
    }
    auto it = r.stats.find("sim.interrupted");
    if (it != r.stats.end() && it->second != "0") {
        r.st = state::interrupted;
    } else if (!stored) {
        r.st = state::stale; // ran without an identity (an older trvp): its inputs are unknown
        r.why = "identity";
    } else {
        r.st = state::done;
    }
    if (r.st != state::done) r.stats.clear();
    return r;
}

std::string format_eta(double s) {
    const long t = long(s + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    return buf;
}

struct progress {
    size_t total = 0, done = 0, skipped = 0, failed = 0, running = 0;
    clock_type::time_point start = clock_type::now();
    bool tty = isatty(2);
    bool quiet = false;

    void show(bool final = false) const {
        if (quiet || (!tty && !final)) return;
        const size_t ran = done - skipped, left = total - done;
        const double el = std::chrono::duration<double>(clock_type::now() - start).count();
        std::string eta = "?";
        if (ran > 0) eta = format_eta(el / double(ran) * double(left) / 1.0);
        if (left == 0) eta = format_eta(0);
        std::cerr << (tty ? "\r\033[K" : "") << "sweep: " << done << "/" << total << " done";
        if (skipped) std::cerr << " (" << skipped << " already there)";
        std::cerr << ", " << running << " running, " << failed << " failed, ETA " << eta
                  << (final ? ", took " + format_eta(el) + "\n" : "") << std::flush;
    }
};

std::string last_line(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

// The status column: sim.exit_status of a finished run, else the `exit_status` file the
// sweep (or a job line) wrote, else what is missing.
std::string run_status(const std::string& dir, const run_info& r) {
    switch (r.st) {
    case state::stale:
        return "stale";
    case state::interrupted:
        return "interrupted";
    case state::timeout:
        return "timeout";
    case state::done: {
        auto it = r.stats.find("sim.exit_status");
        if (it != r.stats.end()) return it->second;
        break;
    }
    case state::missing:
        break;
    }
    std::ifstream in(dir + "/exit_status");
    std::string s;
    if (in >> s) return s;
    return "missing";
}

csv_table collect(const sweep_spec& s, const std::vector<run_point>& pts,
                  const std::vector<std::string>& ids, const std::string& out) {
    csv_table t;
    t.header = {"index", "run"};
    for (const auto& c : point_columns(s)) t.header.push_back(c);
    for (const auto& m : s.metrics) t.header.push_back(m);
    t.header.push_back("status");
    for (size_t i = 0; i < pts.size(); ++i) {
        const run_point& p = pts[i];
        const std::string dir = run_dir(out, p);
        std::vector<std::string> row = {std::to_string(p.index), p.id};
        if (!s.workloads.empty()) row.push_back(p.workload);
        row.insert(row.end(), p.values.begin(), p.values.end());
        const run_info r = inspect(dir, ids[i]);
        for (const auto& m : s.metrics) {
            auto it = r.stats.find(m);
            row.push_back(it == r.stats.end() ? "" : it->second);
        }
        row.push_back(run_status(dir, r));
        t.rows.push_back(row);
    }
    return t;
}

// One shell line per run: skip it if it is done with the current identity (identity.expected,
// written by the export), else run trvp, keep its exit status and, unless it was interrupted,
// its identity.
std::string job_line(const sweep_spec& s, const run_point& p, const std::string& out) {
    const std::string dir = run_dir(out, p), q = shell_quote(dir);
    const std::string exp = shell_quote(dir + "/identity.expected"),
                      id = shell_quote(dir + "/identity.txt");
    return "{ cmp -s " + exp + " " + id + " && test -s " + shell_quote(dir + "/stats.json") +
           "; } || { mkdir -p " + q + " && rm -f " + id + " && " +
           shell_command(run_argv(s, p, dir)) + " >" + shell_quote(dir + "/stdout.txt") + " 2>" +
           shell_quote(dir + "/stderr.txt") + "; st=$?; echo $st >" +
           shell_quote(dir + "/exit_status") + "; if [ $st -lt 128 ]; then cp " + exp + " " + id +
           "; fi; exit $st; }";
}

void export_jobs(const sweep_spec& s, const std::vector<run_point>& pts,
                 const std::vector<std::string>& ids, const std::string& out,
                 const std::string& kind, const std::string& sweep_file) {
    std::string jobs;
    for (size_t i = 0; i < pts.size(); ++i) {
        fs::create_directories(run_dir(out, pts[i]));
        write_text(run_dir(out, pts[i]) + "/identity.expected", ids[i]);
        jobs += job_line(s, pts[i], out) + "\n";
    }
    write_text(out + "/jobs.txt", jobs);
    const std::string collect =
        shell_command({self_binary(), "sweep", abs_path(sweep_file), "--out", out, "--collect"});
    if (kind == "parallel") {
        std::cout << "wrote " << out << "/jobs.txt (" << pts.size() << " jobs); run them with\n"
                  << "  parallel --joblog " << shell_quote(out + "/joblog.txt") << " -j N < "
                  << shell_quote(out + "/jobs.txt") << "\n"
                  << "(add --sshloginfile FILE to spread them over machines sharing this "
                     "folder), then\n  "
                  << collect << "\n";
        return;
    }
    fs::create_directories(out + "/slurm");
    std::ostringstream sb;
    sb << "#!/bin/bash\n"
       << "# Slurm job array for the sweep " << abs_path(sweep_file) << ": task i runs line i+1\n"
       << "# of jobs.txt. Submit: sbatch " << out << "/sweep.sbatch\n"
       << "# then gather: " << collect << "\n"
       << "#SBATCH --job-name=trvp-" << s.name << "\n"
       << "#SBATCH --array=0-" << (pts.empty() ? 0 : pts.size() - 1) << "\n"
       << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
       << "#SBATCH --output=" << out << "/slurm/%A_%a.out\n"
       << "set -u\n"
       << "line=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" " << shell_quote(out + "/jobs.txt")
       << ")\n"
       << "exec /bin/sh -c \"$line\"\n";
    write_text(out + "/sweep.sbatch", sb.str());
    fs::permissions(out + "/sweep.sbatch", fs::perms::owner_exec, fs::perm_options::add);
    std::cout << "wrote " << out << "/sweep.sbatch (array 0-" << pts.size() - 1 << ") and " << out
              << "/jobs.txt; submit with\n  sbatch " << shell_quote(out + "/sweep.sbatch")
              << "\nthen\n  " << collect << "\n";
}

// Runs the points still to run, `jobs` at a time; returns the signal that interrupted it.
int execute(const sweep_spec& s, const std::vector<run_point>& pts,
            const std::vector<std::string>& ids, const std::vector<bool>& pending,
            const std::string& out, unsigned jobs, bool quiet) {
    progress pr;
    pr.total = pts.size();
    pr.quiet = quiet;
    std::vector<job> todo;
    std::vector<size_t> which;
    for (size_t i = 0; i < pts.size(); ++i) {
        if (!pending[i]) {
            ++pr.done;
            ++pr.skipped;
            continue;
        }
        const std::string dir = run_dir(out, pts[i]);
        todo.push_back({run_argv(s, pts[i], dir), dir});
        which.push_back(i);
        // What a previous attempt left goes before the run starts.
        fs::create_directories(dir);
        for (const char* f :
             {"/exit_status", "/identity.txt", "/stats.json", "/stdout.txt", "/stderr.txt"})
            fs::remove(dir + f);
        write_text(dir + "/command.txt", shell_command(todo.back().argv) + "\n");
    }
    pr.show();
    const int sig = run_jobs(
        todo, jobs, s.limits.host_seconds,
        [&](size_t) {
            ++pr.running;
            pr.show();
        },
        [&](size_t k, const job_result& r) {
            const std::string& dir = todo[k].dir;
            // A child stopped by the sweep that ended on its own first finished normally.
            const bool stopped = r.end != job_end::exited && r.status >= 128;
            write_text(dir + "/exit_status",
                       !stopped ? std::to_string(r.status) + "\n"
                       : r.end == job_end::timeout
                           ? "timeout (host_time " + s.limits.host_text + ")\n"
                           : "interrupted\n");
            if (!stopped && r.status < 128) write_text(dir + "/identity.txt", ids[which[k]]);
            --pr.running;
            if (stopped) return; // neither done nor failed: it runs again
            ++pr.done;
            if (r.status != 0) ++pr.failed;
            pr.show();
        },
        [&] { pr.show(); });
    pr.show(true);
    return sig;
}

// Names every run that did not pass: its id, status, command and the last line it printed.
size_t report_failures(const sweep_spec& s, const std::vector<run_point>& pts, const csv_table& t,
                       const std::string& out) {
    const int col = t.column("status");
    std::string report;
    size_t n = 0;
    for (size_t i = 0; i < pts.size(); ++i) {
        const std::string st = t.rows[i][size_t(col)];
        if (st == "0") continue;
        ++n;
        const std::string dir = run_dir(out, pts[i]);
        std::string what = "exited with status " + st;
        if (st == "missing") what = "has no results";
        if (st == "stale") what = "is stale (its inputs changed since it ran; run the sweep)";
        if (st == "interrupted") what = "was interrupted (the next sweep runs it again)";
        if (st == "timeout")
            what = "passed its host_time limit " + s.limits.host_text + " and was stopped";
        report += "run " + pts[i].id + " (index " + std::to_string(i) + ") " + what + "\n  " +
                  shell_command(run_argv(s, pts[i], dir)) + "\n";
        const std::string why = last_line(dir + "/stderr.txt");
        if (!why.empty() && st != "stale") report += "  " + why + "\n";
    }
    write_text(out + "/failures.txt", report);
    if (n) std::cerr << "sweep: " << n << " of " << pts.size() << " runs did not pass:\n" << report;
    return n;
}

} // namespace

std::string self_binary() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("/proc/self/exe") : p.string();
}

int run_sweep(const sweep_options& o) {
    const sweep_spec s = load_sweep(o.file);
    const std::vector<run_point> pts = expand(s);
    const std::string out = abs_path(o.out.empty() ? s.out : o.out);
    const unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());

    // Each run's identity (docs/sweeps.md); a bad --set is an error here, once.
    std::vector<std::string> ids;
    for (const auto& p : pts) {
        std::string id = "sweep-run 1\nworkload " + p.workload + "\n";
        if (o.inputs) id += o.inputs(s.base, p.sets(s));
        ids.push_back(id);
    }
    std::vector<bool> pending(pts.size()), done(pts.size());
    std::map<std::string, size_t> stale;
    size_t n_pending = 0;
    if (o.collect_only || !o.export_kind.empty()) {
        // nothing to inspect before running
    } else {
        for (size_t i = 0; i < pts.size(); ++i) {
            const run_info r = inspect(run_dir(out, pts[i]), ids[i]);
            done[i] = r.st == state::done;
            pending[i] = !done[i];
            n_pending += pending[i];
            if (r.st == state::stale) ++stale[r.why];
        }
    }
    auto say_stale = [&](std::ostream& os) {
        for (const auto& [why, n] : stale)
            os << "sweep: " << n << " stored run" << (n == 1 ? "" : "s") << " out of date ("
               << (why == "build"    ? "simulator build changed"
                   : why == "config" ? "resolved configuration changed"
                   : why == "input"  ? "an input file changed"
                                     : why + " changed")
               << "): run again\n";
    };
    if (!o.collect_only) {
        std::error_code ec;
        fs::create_directories(out + "/runs", ec);
        if (ec) throw user_error(out + ": cannot create the output folder: " + ec.message());
        if (o.export_kind.empty() && (n_pending || o.dry_run)) {
            const int sig = check_sweep(
                s, pts, pending, done, out, jobs,
                [&](const run_point& p, const std::string& dir) { return run_argv(s, p, dir); });
            if (sig) return sig;
        }
    }
    if (o.dry_run) {
        for (size_t i = 0; i < pts.size(); ++i)
            if (pending[i])
                std::cout << shell_command(run_argv(s, pts[i], run_dir(out, pts[i]))) << '\n';
        say_stale(std::cout);
        std::cout << "# " << pts.size() << " runs, " << pts.size() - n_pending << " already done, "
                  << n_pending << " to run, into " << out << " (parameters and metrics checked)\n";
        return 0;
    }
    if (!o.export_kind.empty()) {
        export_jobs(s, pts, ids, out, o.export_kind, o.file);
        return 0;
    }
    int sig = 0;
    if (!o.collect_only) {
        if (!o.quiet) say_stale(std::cerr);
        sig = execute(s, pts, ids, pending, out, jobs, o.quiet);
    }
    const csv_table t = collect(s, pts, ids, out);
    write_csv(out + "/results.csv", t);
    if (!sig && !o.no_plots && !s.plots.empty()) {
        fs::create_directories(out + "/plots");
        render_plots(s, t, out + "/plots", std::cerr);
    }
    const size_t failed = report_failures(s, pts, t, out);
    if (sig) {
        const int col = t.column("status");
        size_t finished = 0;
        for (const auto& row : t.rows) {
            const std::string& st = row[size_t(col)];
            finished += st != "missing" && st != "interrupted" && st != "stale" && st != "timeout";
        }
        std::cerr << "sweep: interrupted (" << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                  << "): " << out << "/results.csv holds the " << finished << " of " << pts.size()
                  << " runs that finished; run the sweep again to resume\n";
        return 128 + sig;
    }
    if (!o.quiet)
        std::cerr << "sweep: " << pts.size() - failed << "/" << pts.size() << " runs passed; "
                  << out << "/results.csv\n";
    return failed ? 1 : 0;
}

} // namespace trvp::platform::sweep
