#define BOOST_TEST_MODULE system_sweep
// `trvp sweep`: the CSV equals single runs, re-runs skip finished runs, a failing run is
// reported without losing the others, the GNU parallel export + --collect gives the same
// CSV, the Slurm script runs one row per array task, plots are rendered.
// Registered with the core's factory and the firmware (hello.elf).
#include "sweep_helpers.h"

#include <cstdlib>

using namespace trvp::systest;
namespace utf = boost::unit_test;

namespace {

run_result sweep(const std::vector<std::string>& args) {
    std::vector<std::string> a = {"sweep"};
    a.insert(a.end(), args.begin(), args.end());
    return run_trvp_args(a);
}

const std::vector<std::string> metrics = {"sim.time_ps", "sim.instructions", "cpu.instret",
                                          "dram.reads", "sim.exit_code"};

int shell(const std::string& cmd) {
    const int ws = std::system(cmd.c_str());
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
}

} // namespace

BOOST_AUTO_TEST_CASE(csv_equals_the_single_runs) {
    const std::string file = hello_sweep("s.yaml"), out = scratch_dir() + "/sw";
    auto r = sweep({file, "-j", "2", "--out", out});
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const csv c = read_csv(out + "/results.csv");
    BOOST_TEST(c.rows.size() == 4u);
    BOOST_TEST(c.header.front() == "index");
    BOOST_TEST(c.header.back() == "status");
    for (const auto& row : c.rows) {
        BOOST_TEST(row[c.col("status")] == "0");
        auto single = trvp_run(config_path("virt.yaml"))
                          .firmware("hello.elf")
                          .set("components.dram.latency=" + row[c.col("components.dram.latency")])
                          .set("simulation.quantum=" + row[c.col("simulation.quantum")])
                          .out(scratch_dir() + "/single-" + row[c.col("index")])
                          .arg("--quiet")
                          .run();
        BOOST_TEST_REQUIRE(single.status == 0, single);
        const YAML::Node st = single.stats();
        for (const auto& m : metrics) BOOST_TEST(row[c.col(m)] == stat_text(st, m), m);
        // and the run folder the sweep used holds the same numbers
        const YAML::Node swept = YAML::LoadFile(out + "/runs/" + row[c.col("run")] + "/stats.json");
        BOOST_TEST(stat_text(swept, "sim.time_ps") == stat_text(st, "sim.time_ps"));
    }
    // The DRAM latency shows: 60 ns takes longer than 40 ns.
    BOOST_TEST(std::stoull(c.rows[2][c.col("sim.time_ps")]) >
               std::stoull(c.rows[0][c.col("sim.time_ps")]));
}

BOOST_AUTO_TEST_CASE(rerun_skips_finished_runs) {
    const std::string file = hello_sweep("s.yaml"), out = scratch_dir() + "/sw";
    BOOST_TEST_REQUIRE(sweep({file, "-j", "2", "--out", out}).status == 0);
    const std::string first_csv = read_file(out + "/results.csv");
    const csv c = read_csv(out + "/results.csv");
    const std::string one = out + "/runs/" + c.rows[1][c.col("run")];
    const auto before =
        std::filesystem::last_write_time(out + "/runs/" + c.rows[0][c.col("run")] + "/stats.json");
    std::filesystem::remove(one + "/stats.json");
    auto r = sweep({file, "-j", "2", "--out", out});
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.err_has("4/4 done (3 already there)"), r);
    BOOST_TEST(std::filesystem::exists(one + "/stats.json"));
    BOOST_TEST((std::filesystem::last_write_time(out + "/runs/" + c.rows[0][c.col("run")] +
                                                 "/stats.json") == before));
    BOOST_TEST(read_file(out + "/results.csv") == first_csv);
    // --dry-run lists nothing left to run
    auto d = sweep({file, "--out", out, "--dry-run"});
    BOOST_TEST(d.status == 0, d);
    BOOST_TEST(d.out_has("4 runs, 4 already done, 0 to run"), d.out);
}

BOOST_AUTO_TEST_CASE(failing_run_is_reported_and_the_others_kept) {
    // A guest that fails (exit 1) for one workload: its rows say so, the others are kept.
    const std::string file =
        write_file("f.yaml", "base: " + config_path("virt.yaml") +
                                 "\nparameters:\n  components.dram.latency: [40 ns, 60 ns]\n"
                                 "workloads:\n"
                                 "  - {name: ok, set: [firmware.elf=" +
                                 firmware_path("hello.elf") +
                                 "]}\n"
                                 "  - {name: bad, set: [firmware.elf=" +
                                 firmware_path("tohost_fail.elf") + "]}\nmetrics: [sim.time_ps]\n");
    const std::string out = scratch_dir() + "/sw";
    auto r = sweep({file, "-j", "2", "--out", out});
    BOOST_TEST(r.status == 1, r);
    BOOST_TEST(r.err_has("2 of 4 runs did not pass"), r);
    BOOST_TEST(r.err_has("exited with status 1"), r);
    BOOST_TEST(r.err_has("tohost_fail.elf"), r);
    const csv c = read_csv(out + "/results.csv");
    BOOST_TEST_REQUIRE(c.rows.size() == 4u);
    BOOST_TEST(c.rows[0][c.col("status")] == "0");
    BOOST_TEST(!c.rows[0][c.col("sim.time_ps")].empty());
    BOOST_TEST(c.rows[2][c.col("status")] == "1");
    BOOST_TEST(read_file(out + "/failures.txt").find("tohost_fail") != std::string::npos);
}

// A bad parameter key or value is refused before anything runs, once (not once per run), by
// --dry-run as well; so is a misspelled metric, with the closest statistic name.
BOOST_AUTO_TEST_CASE(bad_keys_values_and_metrics_are_refused_before_any_run) {
    const std::string out = scratch_dir() + "/sw";
    std::string text = read_file(hello_sweep("key.yaml", "[40 ns, 60 ns]"));
    text.replace(text.find("dram.latency:"), 13, "dram.latncy:");
    const std::string key = write_file("key.yaml", text);
    for (const bool dry : {true, false}) {
        std::vector<std::string> args = {key, "--out", out, "-j", "2"};
        if (dry) args.push_back("--dry-run");
        auto r = sweep(args);
        BOOST_TEST(r.status == 2, r);
        BOOST_TEST(r.err_has("unknown parameter 'latncy' of component 'dram'"), r);
        size_t n = 0;
        for (size_t at = 0; (at = r.err.find("unknown parameter", at)) != std::string::npos; ++at)
            ++n;
        BOOST_TEST(n == 1u, r);                                  // printed once
        BOOST_TEST(std::filesystem::is_empty(out + "/runs"), r); // nothing ran
    }
    // a value no run accepts
    auto v = sweep({hello_sweep("val.yaml", "[40 ns, not a time]"), "--out", out, "--dry-run"});
    BOOST_TEST(v.status == 2, v);
    BOOST_TEST(v.err_has("components.dram.latency=not a time"), v);
    // a misspelled metric
    text = read_file(hello_sweep("m.yaml"));
    text.replace(text.find("dram.reads"), 10, "dram.raeds");
    auto m = sweep({write_file("m.yaml", text), "--out", out, "--dry-run"});
    BOOST_TEST(m.status == 2, m);
    BOOST_TEST(m.err_has("m.yaml:6: metrics: 'dram.raeds' is not a statistic"), m);
    BOOST_TEST(m.err_has("did you mean 'dram.reads'?"), m);
    // a good file passes --dry-run, and the check runs leave nothing behind
    auto ok = sweep({hello_sweep("ok.yaml"), "--out", out, "--dry-run"});
    BOOST_TEST(ok.status == 0, ok);
    BOOST_TEST(ok.out_has("4 runs, 0 already done, 4 to run"), ok.out);
    BOOST_TEST(!std::filesystem::exists(out + "/check"));
}

// The cross product is counted before it is expanded: past max_runs the sweep is refused
// (exit 2, naming the factors) instead of exhausting memory; -j is bounded.
BOOST_AUTO_TEST_CASE(oversized_sweeps_and_job_counts_are_refused) {
    const std::string axis = "{from: 0, to: 99999, step: 1}";
    auto big = sweep(
        {write_file("big.yaml", "base: " + config_path("virt.yaml") +
                                    "\nparameters:\n  dram.latency: " + axis +
                                    "\n  simulation.seed: " + axis + "\n  bus.latency: " + axis +
                                    "\nmetrics: [sim.time_ps]\n"),
         "--dry-run"});
    BOOST_TEST(big.status == 2, big);
    BOOST_TEST(big.err_has("big.yaml:3: parameters: the axes multiply to more than max_runs = "
                           "10000 runs (100000 x 100000 x 100000)"),
               big);
    const std::string two = "base: " + config_path("virt.yaml") +
                            "\nparameters:\n  simulation.seed: {from: 1, to: 200, step: 1}\n"
                            "  dram.latency: {from: 1, to: 100, step: 1, unit: ns}\n"
                            "metrics: [sim.time_ps]\n";
    auto capped = sweep({write_file("two.yaml", two + "max_runs: 19999\n"), "--dry-run"});
    BOOST_TEST(capped.status == 2, capped);
    BOOST_TEST(capped.err_has("max_runs = 19999 runs (200 x 100)"), capped);
    auto huge = sweep({write_file("h.yaml", two + "max_runs: 10000000\n"), "--dry-run"});
    BOOST_TEST(huge.status == 2, huge);
    BOOST_TEST(huge.err_has("max_runs: expected a number of runs from 1 to 1000000"), huge);
    const std::string file = hello_sweep("s.yaml");
    for (const char* j : {"-3", "0", "99999999999999999999", "x"}) {
        auto r = sweep({file, "-j", j, "--dry-run"});
        BOOST_TEST(r.status == 2, j << ": " << r);
        BOOST_TEST(r.err_has("--jobs"), r);
    }
}

// A plot draws x against y per series value: any other dimension that varies must be held by
// `where`, or the sweep file is refused (the plot would superimpose its values).
BOOST_AUTO_TEST_CASE(plots_refuse_dimensions_not_held_fixed) {
    const std::string loose = hello_sweep("p.yaml", "{from: 40, to: 60, step: 20, unit: ns}",
                                          "plots:\n  - {name: t, x: components.dram.latency, "
                                          "y: sim.time_ps}\n");
    auto r = sweep({loose, "--dry-run"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("p.yaml:8: plots.0: 'simulation.quantum' takes 2 values but is neither "
                         "the plot's x, its series nor held by 'where'"),
               r);
    auto bad = sweep({hello_sweep("w.yaml", "[40 ns, 60 ns]",
                                  "plots:\n  - {name: t, x: components.dram.latency, "
                                  "y: sim.time_ps, where: {simulation.quantum: 5 us}}\n"),
                      "--dry-run"});
    BOOST_TEST(bad.status == 2, bad);
    BOOST_TEST(bad.err_has("'5 us' is not one of the values of simulation.quantum"), bad);
    auto held = sweep({hello_sweep("h.yaml", "[40 ns, 60 ns]",
                                   "plots:\n  - {name: t, x: components.dram.latency, "
                                   "y: sim.time_ps, where: {simulation.quantum: 1 us}}\n"),
                       "--dry-run", "--out", scratch_dir() + "/h"});
    BOOST_TEST(held.status == 0, held);
}

BOOST_AUTO_TEST_CASE(parallel_export_and_collect_give_the_same_csv) {
    require_tool("parallel");
    const std::string file = hello_sweep("s.yaml"), a = scratch_dir() + "/a",
                      b = scratch_dir() + "/b";
    BOOST_TEST_REQUIRE(sweep({file, "-j", "2", "--out", a}).status == 0);
    auto e = sweep({file, "--out", b, "--export", "parallel"});
    BOOST_TEST_REQUIRE(e.status == 0, e);
    BOOST_TEST(e.out_has("parallel --joblog"), e.out);
    BOOST_TEST(shell("parallel --will-cite --joblog '" + b + "/joblog.txt' -j 2 < '" + b +
                     "/jobs.txt' >/dev/null 2>&1") == 0);
    auto c = sweep({file, "--out", b, "--collect"});
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(read_file(a + "/results.csv") == read_file(b + "/results.csv"));
    BOOST_TEST(read_csv(b + "/results.csv").rows.size() == 4u);
}

BOOST_AUTO_TEST_CASE(slurm_script_runs_one_row_per_task) {
    const std::string file = hello_sweep("s.yaml"), out = scratch_dir() + "/sl";
    auto e = sweep({file, "--out", out, "--export", "slurm"});
    BOOST_TEST_REQUIRE(e.status == 0, e);
    const std::string sb = read_file(out + "/sweep.sbatch");
    BOOST_TEST(sb.rfind("#!/bin/bash\n", 0) == 0u);
    BOOST_TEST(sb.find("#SBATCH --array=0-3\n") != std::string::npos, sb);
    BOOST_TEST(sb.find("SLURM_ARRAY_TASK_ID + 1") != std::string::npos, sb);
    BOOST_TEST(sb.find(out + "/jobs.txt") != std::string::npos, sb);
    // Task 2 (as Slurm would start it) runs the third row only.
    BOOST_TEST(shell("SLURM_ARRAY_TASK_ID=2 bash '" + out + "/sweep.sbatch' >/dev/null 2>&1") == 0);
    auto c = sweep({file, "--out", out, "--collect"});
    BOOST_TEST(c.status == 1, c); // three rows are still missing
    const csv t = read_csv(out + "/results.csv");
    BOOST_TEST_REQUIRE(t.rows.size() == 4u);
    for (size_t i = 0; i < 4; ++i)
        BOOST_TEST(t.rows[i][t.col("status")] == (i == 2 ? "0" : "missing"), i);
}

BOOST_AUTO_TEST_CASE(plots_are_rendered) {
    require_tool("gnuplot");
    const std::string file = hello_sweep("s.yaml", "{from: 40, to: 60, step: 20, unit: ns}",
                                         "plots:\n"
                                         "  - {name: time, x: components.dram.latency, "
                                         "y: sim.time_ps, series: simulation.quantum}\n");
    const std::string out = scratch_dir() + "/pl";
    auto r = sweep({file, "-j", "2", "--out", out});
    BOOST_TEST_REQUIRE(r.status == 0, r);
    for (const char* f : {"time.png", "time.svg", "time.gp", "time.dat"})
        BOOST_TEST(std::filesystem::file_size(out + "/plots/" + f) > 0u, f);
}

BOOST_AUTO_TEST_CASE(bad_sweep_files_are_user_errors) {
    auto r = sweep({write_file("bad.yaml", "base: " + config_path("virt.yaml") +
                                               "\nmetrics: [sim.time_ps]\nparamters: {}\n")});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("bad.yaml:3: paramters: unknown key"), r);
    auto p =
        sweep({write_file("bad2.yaml", "base: " + config_path("virt.yaml") +
                                           "\nmetrics: [a]\nplots: [{name: p, x: nope, y: a}]\n")});
    BOOST_TEST(p.status == 2, p);
    BOOST_TEST(p.err_has("'nope' is not a swept parameter"), p);
    BOOST_TEST(sweep({"/nonexistent.yaml"}).status == 2);
    BOOST_TEST(sweep({}).status == 2);
}

// docs/fidelity.md quotes these numbers from `trvp sweep configs/sweeps/crypto_latency.yaml`
// (rows chase/xts/40 and chase/ctr/40); the same runs, one by one, must give them.
BOOST_AUTO_TEST_CASE(fidelity_numbers_match_the_doc) {
    sealed_path("u_tr_bench.sealed");
    const std::string doc = read_file(std::string(TRVP_SOURCE_DIR) + "/docs/fidelity.md");
    for (const char* mode : {"xts", "ctr"}) {
        auto r = trvp_run(config_path("tr.yaml"))
                     .set("firmware.images=[{file: u_tr_bench.sealed}]")
                     .set("firmware.boot.programs=[{image: 0, arg: 0x40101}]")
                     .set(std::string("components.eu.mode=") + mode)
                     .set("components.eu.timing.aes_latency=40")
                     .out(scratch_dir() + "/" + mode)
                     .arg("--quiet")
                     .run();
        BOOST_TEST_REQUIRE(r.status == 0, r);
        const YAML::Node st = r.stats();
        for (const char* m : {"l2.miss_latency.mean", "eu.latency.aes.mean"}) {
            const std::string v = stat_text(st, m);
            BOOST_TEST(doc.find(v) != std::string::npos, mode << " " << m << " = " << v);
        }
    }
}
