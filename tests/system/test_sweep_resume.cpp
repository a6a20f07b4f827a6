#define BOOST_TEST_MODULE system_sweep_resume
// `trvp sweep` never serves a stale run and survives interruption (docs/sweeps.md, "Run
// identity" and "Interrupting"): a changed base configuration reruns exactly the runs whose
// resolved configuration it changes, a changed input file or simulator build reruns the runs
// that use it, Ctrl-C/SIGTERM leave results.csv for what finished and the next sweep resumes,
// and the per-run limits of a sweep file stop runs.
#include "sweep_helpers.h"

#include <chrono>
#include <csignal>
#include <thread>

using namespace trvp::systest;
namespace fs = std::filesystem;

namespace {

run_result sweep(const std::vector<std::string>& args, const std::string& binary = "") {
    std::vector<std::string> a = {"sweep"};
    a.insert(a.end(), args.begin(), args.end());
    if (binary.empty()) return run_trvp_args(a);
    // another simulator binary: a shell runs it (stdout and stderr kept)
    std::string cmd = "'" + binary + "'";
    for (const auto& x : a) cmd += " '" + x + "'";
    const std::string base = scratch_dir() + "/other";
    const int ws = std::system((cmd + " >" + base + ".out 2>" + base + ".err").c_str());
    run_result r;
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
    r.out = read_file(base + ".out");
    r.err = read_file(base + ".err");
    return r;
}

// A copy of configs/virt.yaml (DRAM latency 50 ns) and a sweep over it: workload `own` keeps
// the base's DRAM latency, workload `fast` overrides it; two quanta each.
std::string identity_sweep(const std::string& elf) {
    write_file("base.yaml", read_file(config_path("virt.yaml")));
    return write_file("s.yaml", "base: base.yaml\nset: [firmware.elf=" + elf +
                                    "]\nparameters:\n  simulation.quantum: [1 us, 10 us]\n"
                                    "workloads:\n  - {name: own, set: []}\n"
                                    "  - {name: fast, set: [components.dram.latency=40 ns]}\n"
                                    "metrics: [sim.time_ps, dram.reads]\n");
}

using stamp = fs::file_time_type;

std::vector<stamp> stamps(const std::string& out, const csv& c) {
    std::vector<stamp> v;
    for (const auto& row : c.rows)
        v.push_back(fs::last_write_time(out + "/runs/" + row[c.col("run")] + "/stats.json"));
    return v;
}

void wait_until(const std::function<bool()>& cond, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!cond() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    BOOST_REQUIRE_MESSAGE(cond(), "timed out waiting");
}

} // namespace

BOOST_AUTO_TEST_CASE(a_changed_base_config_reruns_exactly_the_affected_runs) {
    const std::string file = identity_sweep(firmware_path("hello.elf")),
                      out = scratch_dir() + "/sw";
    auto first = sweep({file, "-j", "2", "--out", out});
    BOOST_TEST_REQUIRE(first.status == 0, first);
    const csv before = read_csv(out + "/results.csv");
    const auto t0 = stamps(out, before);
    std::this_thread::sleep_for(std::chrono::milliseconds(20)); // distinct file times

    // DRAM latency 50 -> 100 ns in the base: only `own` resolves to another configuration.
    std::string base = read_file(scratch_dir() + "/base.yaml");
    base.replace(base.find("latency: 50 ns"), 14, "latency: 100 ns");
    write_file("base.yaml", base);
    auto dry = sweep({file, "--out", out, "--dry-run"});
    BOOST_TEST(dry.status == 0, dry);
    BOOST_TEST(dry.out_has("2 stored runs out of date (resolved configuration changed)"), dry.out);
    BOOST_TEST(dry.out_has("4 runs, 2 already done, 2 to run"), dry.out);
    auto second = sweep({file, "-j", "2", "--out", out});
    BOOST_TEST_REQUIRE(second.status == 0, second);
    BOOST_TEST(second.err_has("4/4 done (2 already there)"), second);
    const csv after = read_csv(out + "/results.csv");
    const auto t1 = stamps(out, after);
    for (size_t i = 0; i < 4; ++i) {
        const bool own = after.rows[i][after.col("workload")] == "own";
        BOOST_TEST((t1[i] != t0[i]) == own, "row " << i << " rerun: " << (t1[i] != t0[i]));
        const std::string a = before.rows[i][before.col("sim.time_ps")],
                          b = after.rows[i][after.col("sim.time_ps")];
        BOOST_TEST((a != b) == own, "row " << i << ": " << a << " -> " << b);
    }
    // the same result as a fresh sweep of the changed configuration
    auto fresh = sweep({file, "-j", "2", "--out", scratch_dir() + "/fresh"});
    BOOST_TEST_REQUIRE(fresh.status == 0, fresh);
    BOOST_TEST(read_file(out + "/results.csv") == read_file(scratch_dir() + "/fresh/results.csv"));
}

BOOST_AUTO_TEST_CASE(a_changed_input_file_or_simulator_build_reruns_its_runs) {
    // The firmware is a copy: changing its bytes changes every run's identity.
    const std::string elf = scratch_dir() + "/prog.elf";
    fs::copy_file(firmware_path("hello.elf"), elf);
    const std::string file = identity_sweep(elf), out = scratch_dir() + "/sw";
    BOOST_TEST_REQUIRE(sweep({file, "-j", "2", "--out", out}).status == 0);
    fs::copy_file(firmware_path("isa_test.elf"), elf, fs::copy_options::overwrite_existing);
    auto r = sweep({file, "--out", out, "--dry-run"});
    BOOST_TEST(r.out_has("4 stored runs out of date (an input file changed)"), r.out);
    BOOST_TEST_REQUIRE(sweep({file, "-j", "2", "--out", out}).status == 0);
    const csv c = read_csv(out + "/results.csv");
    auto isa = trvp_run(config_path("virt.yaml"))
                   .firmware("isa_test.elf")
                   .set("simulation.quantum=1 us")
                   .out(scratch_dir() + "/isa")
                   .arg("--quiet")
                   .run();
    BOOST_TEST_REQUIRE(isa.status == 0, isa);
    BOOST_TEST(c.rows[0][c.col("sim.time_ps")] == stat_text(isa.stats(), "sim.time_ps"));

    // Another simulator build (here: the same program without its GNU build id, so its
    // identity is the hash of the binary) reruns everything; the original build then does too.
    require_tool("objcopy");
    const std::string other = scratch_dir() + "/trvp-other";
    BOOST_TEST_REQUIRE(std::system(("objcopy --remove-section=.note.gnu.build-id '" +
                                    trvp_binary() + "' '" + other + "'")
                                       .c_str()) == 0);
    auto rebuilt = sweep({file, "-j", "2", "--out", out}, other);
    BOOST_TEST(rebuilt.status == 0, rebuilt.err);
    BOOST_TEST(rebuilt.err.find("4 stored runs out of date (simulator build changed)") !=
                   std::string::npos,
               rebuilt.err);
    BOOST_TEST(rebuilt.err.find("already there") == std::string::npos, rebuilt.err);
    auto back = sweep({file, "--out", out, "--dry-run"});
    BOOST_TEST(back.out_has("4 runs, 0 already done, 4 to run"), back.out);
}

// Ctrl-C (SIGINT) and SIGTERM stop the running children, write results.csv for the runs that
// finished and exit 130 / 143; the next sweep skips those runs and runs the others.
BOOST_AUTO_TEST_CASE(an_interrupted_sweep_keeps_what_finished_and_resumes) {
    const std::string out = scratch_dir() + "/sw";
    const std::string file =
        write_file("i.yaml", "base: " + config_path("virt.yaml") +
                                 "\nparameters:\n  simulation.quantum: [1 us, 10 us]\nworkloads:\n"
                                 "  - {name: quick, set: [firmware.elf=" +
                                 firmware_path("hello.elf") +
                                 "]}\n"
                                 "  - {name: long, set: [firmware.elf=" +
                                 firmware_path("bench_compute.elf") +
                                 ", \"firmware.args=[4000000000]\", simulation.max_time=0]}\n"
                                 "metrics: [sim.time_ps]\n");
    for (const int sig : {SIGINT, SIGTERM}) {
        const std::string log = scratch_dir() + "/sweep" + std::to_string(sig);
        const std::string cmd = "exec '" + trvp_binary() + "' sweep '" + file + "' -j 2 --out '" +
                                out + "' >" + log + ".out 2>" + log + ".err";
        pid_t pid = fork();
        if (pid == 0) {
            execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        BOOST_TEST_REQUIRE(pid > 0);
        // Both long runs are under way (the quick ones come first, so they finished).
        const std::string runs = out + "/runs";
        auto long_running = [&] {
            size_t n = 0;
            std::error_code ec;
            for (fs::directory_iterator it(runs, ec), end; !ec && it != end; it.increment(ec))
                n += read_file(it->path().string() + "/command.txt").find("bench_compute") !=
                         std::string::npos &&
                     fs::exists(it->path() / "stdout.txt");
            return n == 2;
        };
        wait_until(long_running, 240);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        kill(pid, sig);
        int ws = 0;
        waitpid(pid, &ws, 0);
        const std::string err = read_file(log + ".err");
        BOOST_TEST(WEXITSTATUS(ws) == 128 + sig, err);
        BOOST_TEST(err.find(sig == SIGINT ? "interrupted (SIGINT)" : "interrupted (SIGTERM)") !=
                       std::string::npos,
                   err);
        const csv c = read_csv(out + "/results.csv");
        BOOST_TEST_REQUIRE(c.rows.size() == 4u);
        for (size_t i = 0; i < 4; ++i) {
            const bool quick = i < 2;
            BOOST_TEST(c.rows[i][c.col("status")] == (quick ? "0" : "interrupted"), i);
            BOOST_TEST(c.rows[i][c.col("sim.time_ps")].empty() == !quick, i);
        }
        // resuming runs the long runs only
        auto d = sweep({file, "--out", out, "--dry-run"});
        BOOST_TEST(d.out_has("4 runs, 2 already done, 2 to run"), d.out);
        BOOST_TEST(d.out.find("hello.elf") == std::string::npos, d.out);
    }
}

// limits: sim_time and instructions become --set of every run (exit 3 when reached);
// host_time stops a run after that much wall-clock time (status "timeout", run again later).
BOOST_AUTO_TEST_CASE(per_run_limits) {
    const std::string head = "base: " + config_path("virt.yaml") +
                             "\nset: [firmware.elf=" + firmware_path("bench_compute.elf") +
                             ", \"firmware.args=[4000000000]\"]\n";
    const std::string out = scratch_dir() + "/sim";
    auto sim = sweep({write_file("sim.yaml", head + "limits: {sim_time: 2 ms}\n"
                                                    "parameters:\n  dram.latency: [40 ns]\n"
                                                    "metrics: [sim.time_ps, sim.exit_reason]\n"),
                      "--out", out});
    BOOST_TEST(sim.status == 1, sim);
    const csv c = read_csv(out + "/results.csv");
    BOOST_TEST(c.rows[0][c.col("status")] == "3");
    BOOST_TEST(c.rows[0][c.col("sim.time_ps")] == "2000000000");
    BOOST_TEST(read_file(out + "/runs/" + c.rows[0][c.col("run")] + "/command.txt")
                   .find("simulation.max_time=2 ms") != std::string::npos);

    const std::string hout = scratch_dir() + "/host";
    const auto t0 = std::chrono::steady_clock::now();
    auto host = sweep({write_file("host.yaml", head + "limits: {host_time: 2 s}\n"
                                                      "parameters:\n  dram.latency: [40 ns]\n"
                                                      "metrics: [sim.time_ps]\n"),
                       "--out", hout});
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(host.status == 1, host);
    BOOST_TEST(took < 60);
    BOOST_TEST(host.err_has("passed its host_time limit 2 s and was stopped"), host);
    const csv h = read_csv(hout + "/results.csv");
    BOOST_TEST(h.rows[0][h.col("status")] == "timeout");
    BOOST_TEST(h.rows[0][h.col("sim.time_ps")].empty());
    auto again = sweep({write_file("host.yaml", read_file(scratch_dir() + "/host.yaml")), "--out",
                        hout, "--dry-run"});
    BOOST_TEST(again.out_has("1 runs, 0 already done, 1 to run"), again.out);

    auto bad = sweep({write_file("bad.yaml", head + "limits: {host_time: soon}\n"
                                                    "metrics: [sim.time_ps]\n")});
    BOOST_TEST(bad.status == 2, bad);
    BOOST_TEST(bad.err_has("bad.yaml:3: limits.host_time: expected a wall-clock time"), bad);
}
