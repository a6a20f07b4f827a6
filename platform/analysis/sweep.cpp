#include "sweep.h"

#include "models/common/user_error.h"
#include "sweep_plot.h"
#include "sweep_spec.h"
#include "sweep_table.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

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

// A run is done once its stats.json exists and parses (a run killed while writing it, or one
// that never got that far, runs again). Simulation is deterministic, so a finished run that
// failed is not retried either: it would fail the same way.
bool is_done(const std::string& dir) {
    if (!fs::exists(dir + "/stats.json")) return false;
    try {
        read_stats_json(dir + "/stats.json");
        return true;
    } catch (const user_error&) {
        return false;
    }
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& dir) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, (dir + "/stdout.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (dir + "/stderr.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> av;
    for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, av[0], &fa, nullptr, av.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw user_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    return pid;
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

// The exit status of a run: sim.exit_status from its stats.json, else the `exit_status`
// file the sweep (or a job line) wrote, else "missing".
std::string run_status(const std::string& dir, const flat_stats* st) {
    if (st) {
        auto it = st->find("sim.exit_status");
        if (it != st->end()) return it->second;
    }
    std::ifstream in(dir + "/exit_status");
    std::string s;
    if (in >> s) return s;
    return "missing";
}

csv_table collect(const sweep_spec& s, const std::vector<run_point>& pts, const std::string& out) {
    csv_table t;
    t.header = {"index", "run"};
    for (const auto& c : point_columns(s)) t.header.push_back(c);
    for (const auto& m : s.metrics) t.header.push_back(m);
    t.header.push_back("status");
    for (const auto& p : pts) {
        const std::string dir = run_dir(out, p);
        std::vector<std::string> row = {std::to_string(p.index), p.id};
        if (!s.workloads.empty()) row.push_back(p.workload);
        row.insert(row.end(), p.values.begin(), p.values.end());
        flat_stats st;
        const bool have = is_done(dir);
        if (have) st = read_stats_json(dir + "/stats.json");
        for (const auto& m : s.metrics) {
            auto it = st.find(m);
            row.push_back(it == st.end() ? "" : it->second);
        }
        row.push_back(run_status(dir, have ? &st : nullptr));
        t.rows.push_back(row);
    }
    return t;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream os(path);
    if (!os || !(os << text)) throw user_error(path + ": cannot write");
}

// One shell line per run: skip if done, else run trvp and keep its exit status.
std::string job_line(const sweep_spec& s, const run_point& p, const std::string& out) {
    const std::string dir = run_dir(out, p), q = shell_quote(dir);
    return "test -s " + shell_quote(dir + "/stats.json") + " || { mkdir -p " + q + " && " +
           shell_command(run_argv(s, p, dir)) + " >" + shell_quote(dir + "/stdout.txt") + " 2>" +
           shell_quote(dir + "/stderr.txt") + "; st=$?; echo $st >" +
           shell_quote(dir + "/exit_status") + "; exit $st; }";
}

void export_jobs(const sweep_spec& s, const std::vector<run_point>& pts, const std::string& out,
                 const std::string& kind, const std::string& sweep_file) {
    std::string jobs;
    for (const auto& p : pts) jobs += job_line(s, p, out) + "\n";
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

// Runs the pending points, `jobs` at a time; returns the points that failed.
void execute(const sweep_spec& s, const std::vector<run_point>& pts, const std::string& out,
             unsigned jobs, bool quiet) {
    progress pr;
    pr.total = pts.size();
    pr.quiet = quiet;
    std::vector<const run_point*> todo;
    for (const auto& p : pts) {
        if (is_done(run_dir(out, p))) {
            ++pr.done;
            ++pr.skipped;
        } else {
            todo.push_back(&p);
        }
    }
    std::map<pid_t, const run_point*> running;
    size_t next = 0;
    auto last_show = clock_type::now();
    pr.show();
    while (next < todo.size() || !running.empty()) {
        while (next < todo.size() && running.size() < jobs) {
            const run_point& p = *todo[next++];
            const std::string dir = run_dir(out, p);
            fs::create_directories(dir);
            fs::remove(dir + "/exit_status");
            const auto argv = run_argv(s, p, dir);
            write_text(dir + "/command.txt", shell_command(argv) + "\n");
            running[spawn(argv, dir)] = &p;
            pr.running = running.size();
            pr.show();
        }
        int ws = 0;
        const pid_t pid = waitpid(-1, &ws, WNOHANG);
        if (pid <= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (clock_type::now() - last_show > std::chrono::seconds(1)) {
                pr.show();
                last_show = clock_type::now();
            }
            continue;
        }
        auto it = running.find(pid);
        if (it == running.end()) continue;
        const int st = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        write_text(run_dir(out, *it->second) + "/exit_status", std::to_string(st) + "\n");
        running.erase(it);
        ++pr.done;
        if (st != 0) ++pr.failed;
        pr.running = running.size();
        pr.show();
    }
    pr.show(true);
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
        report += "run " + pts[i].id + " (index " + std::to_string(i) + ") " +
                  (st == "missing" ? std::string("has no results") : "exited with status " + st) +
                  "\n  " + shell_command(run_argv(s, pts[i], dir)) + "\n";
        const std::string why = last_line(dir + "/stderr.txt");
        if (!why.empty()) report += "  " + why + "\n";
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

    if (o.dry_run) {
        size_t done = 0;
        for (const auto& p : pts) {
            const std::string dir = run_dir(out, p);
            if (is_done(dir)) {
                ++done;
                continue;
            }
            std::cout << shell_command(run_argv(s, p, dir)) << '\n';
        }
        std::cout << "# " << pts.size() << " runs, " << done << " already done, "
                  << pts.size() - done << " to run, into " << out << "\n";
        return 0;
    }
    std::error_code ec;
    fs::create_directories(out + "/runs", ec);
    if (ec) throw user_error(out + ": cannot create the output folder: " + ec.message());
    if (!o.export_kind.empty()) {
        export_jobs(s, pts, out, o.export_kind, o.file);
        return 0;
    }
    if (!o.collect_only) execute(s, pts, out, jobs, o.quiet);
    const csv_table t = collect(s, pts, out);
    write_csv(out + "/results.csv", t);
    if (!o.no_plots && !s.plots.empty()) {
        fs::create_directories(out + "/plots");
        render_plots(s, t, out + "/plots", std::cerr);
    }
    const size_t failed = report_failures(s, pts, t, out);
    if (!o.quiet)
        std::cerr << "sweep: " << pts.size() - failed << "/" << pts.size() << " runs passed; "
                  << out << "/results.csv\n";
    return failed ? 1 : 0;
}

} // namespace trvp::platform::sweep
