#define BOOST_TEST_MODULE system_compare
// `trvp compare` and the project's regression test: every baseline of bench/baselines
// (runs.txt) is rerun and must match exactly on simulated metrics (--exact); a changed
// parameter is caught, an unchanged one passes; regressions and improvements are told apart
// by each statistic's direction and --primary gates on chosen metrics; host-speed metrics
// never fail unless asked; exit codes.
// Registered with the core's factory and the firmware.
#include "sweep_helpers.h"

using namespace trvp::systest;
namespace utf = boost::unit_test;

namespace {

run_result compare(const std::vector<std::string>& args) {
    std::vector<std::string> a = {"compare"};
    a.insert(a.end(), args.begin(), args.end());
    return run_trvp_args(a);
}

run_result hello(const std::string& out, const std::string& dram_latency = "50 ns") {
    return trvp_run(config_path("virt.yaml"))
        .firmware("hello.elf")
        .set("components.dram.latency=" + dram_latency)
        .out(scratch_dir() + "/" + out)
        .arg("--quiet")
        .run();
}

struct baseline {
    std::string name, config;
    std::vector<std::string> sets;
};

std::vector<baseline> baselines() {
    std::istringstream in(read_file(std::string(TRVP_SOURCE_DIR) + "/bench/baselines/runs.txt"));
    std::vector<baseline> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ls(line);
        baseline b;
        ls >> b.name >> b.config;
        for (std::string s; ls >> s;) b.sets.push_back(s);
        out.push_back(b);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(baselines_match_exactly) {
    const auto list = baselines();
    BOOST_TEST_REQUIRE(list.size() >= 2u);
    for (const auto& b : list) {
        trvp_run run(std::string(TRVP_SOURCE_DIR) + "/" + b.config);
        for (const auto& s : b.sets) run.set(s);
        const std::string out = scratch_dir() + "/" + b.name;
        auto r = run.out(out).arg("--quiet").run();
        BOOST_TEST(r.status == 0, b.name << ": " << r);
        auto c = compare({std::string(TRVP_SOURCE_DIR) + "/bench/baselines/" + b.name + ".json",
                          out, "--exact"});
        BOOST_TEST(c.status == 0, b.name << " regressed (regenerate with "
                                            "bench/baselines/update.sh BUILD_DIR if intended):\n"
                                         << c.out << c.err);
    }
}

BOOST_AUTO_TEST_CASE(changed_parameter_is_caught_unchanged_passes) {
    auto a = hello("a"), b = hello("b"), c = hello("c", "80 ns");
    BOOST_TEST_REQUIRE(a.status == 0, a);
    BOOST_TEST_REQUIRE(b.status == 0, b);
    BOOST_TEST_REQUIRE(c.status == 0, c);
    auto same = compare({a.out_dir + "/stats.json", b.out_dir + "/stats.json"});
    BOOST_TEST(same.status == 0, same.out << same.err);
    BOOST_TEST(same.out_has("0 regressions"), same.out);
    auto changed = compare({a.out_dir, c.out_dir});
    BOOST_TEST(changed.status == 1, changed.out << changed.err);
    BOOST_TEST(changed.out_has("sim.time_ps"), changed.out);
    BOOST_TEST(changed.out_has("REGRESSION"), changed.out);
    BOOST_TEST(changed.out_has("metric"), changed.out); // the table's header
    // a loose enough tolerance accepts it (host metrics left out: a glob that names them makes
    // them able to fail, and two runs' host times differ by more than 10x on a loaded machine)
    auto tolerated = compare({a.out_dir, c.out_dir, "--tol", "*=10", "--ignore", "*host*"});
    BOOST_TEST(tolerated.status == 0, tolerated.out << tolerated.err);
}

BOOST_AUTO_TEST_CASE(host_metrics_never_fail_unless_asked) {
    auto a = hello("a");
    BOOST_TEST_REQUIRE(a.status == 0, a);
    // Same simulated results, very different host speed.
    YAML::Node st = a.stats();
    st["sim.host_seconds"]["value"] = 1000.0;
    st["sim.host_mips"]["value"] = 0.001;
    YAML::Emitter em;
    em << YAML::DoubleQuoted << YAML::Flow << st;
    const std::string slow = write_file("slow.json", em.c_str());
    auto r = compare({a.out_dir + "/stats.json", slow});
    BOOST_TEST(r.status == 0, r.out << r.err);
    BOOST_TEST(r.out_has("sim.host_seconds"), r.out);
    BOOST_TEST(r.out_has("host, beyond tol"), r.out);
    auto strict = compare({a.out_dir + "/stats.json", slow, "--host-fail"});
    BOOST_TEST(strict.status == 1, strict.out << strict.err);
    auto named = compare({a.out_dir + "/stats.json", slow, "--tol", "sim.host_mips=0.1"});
    BOOST_TEST(named.status == 1, named.out << named.err);
    auto loose = compare({a.out_dir + "/stats.json", slow, "--host-fail", "--host-tol", "1e9"});
    BOOST_TEST(loose.status == 0, loose.out << loose.err);
}

BOOST_AUTO_TEST_CASE(sweep_csvs_compare_row_by_row) {
    const std::string file = hello_sweep("s.yaml"), out = scratch_dir() + "/sw";
    auto s = run_trvp_args({"sweep", file, "-j", "2", "--out", out, "--quiet"});
    BOOST_TEST_REQUIRE(s.status == 0, s);
    BOOST_TEST(compare({out, out + "/results.csv"}).status == 0);
    // one cell changed: that run's metric is named
    std::string text = read_file(out + "/results.csv");
    const csv c = read_csv(out + "/results.csv");
    const std::string cell = c.rows[1][c.col("sim.time_ps")];
    const auto line = text.find("\n1," + c.rows[1][c.col("run")] + ",");
    text.replace(text.find(cell, line), cell.size(), cell + "1");
    const std::string edited = write_file("edited.csv", text);
    auto r = compare({out + "/results.csv", edited});
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(r.out_has(c.rows[1][c.col("run")] + "/sim.time_ps"), r.out);
}

BOOST_AUTO_TEST_CASE(exit_codes) {
    auto a = hello("a");
    BOOST_TEST_REQUIRE(a.status == 0, a);
    const std::string st = a.out_dir + "/stats.json";
    BOOST_TEST(compare({st, st}).status == 0);
    BOOST_TEST(compare({st}).status == 2);
    BOOST_TEST(compare({st, "/nonexistent/stats.json"}).status == 2);
    BOOST_TEST(compare({st, st, "--tol", "nonsense"}).status == 2);
    BOOST_TEST(compare({st, st, "--tol", "x=-1"}).status == 2);
    BOOST_TEST(compare({st, st, "--bogus"}).status == 2);
    BOOST_TEST(compare({st, write_file("junk.json", "{not json")}).status == 2);
    // a metric missing from CURRENT is a regression
    YAML::Node n = a.stats();
    n.remove("sim.time_ps");
    YAML::Emitter em;
    em << YAML::Flow << n;
    auto m = compare({st, write_file("less.json", em.c_str())});
    BOOST_TEST(m.status == 1, m.out);
    BOOST_TEST(m.out_has("MISSING"), m.out);
}

namespace {

// `st` with sim.time_ps scaled by `factor` (a faster or slower run with the same counts).
std::string with_time(const YAML::Node& original, double factor, const std::string& name) {
    YAML::Node st = YAML::Clone(original); // nodes are references: leave the original alone
    const double t = st["sim.time_ps"]["value"].as<double>();
    st["sim.time_ps"]["value"] = uint64_t(t * factor);
    YAML::Emitter em;
    em << YAML::DoubleQuoted << YAML::Flow << st;
    return write_file(name, em.c_str());
}

} // namespace

// Each statistic says which way is better (stats.json "better"); a 1.4% speed-up is an
// improvement (exit 0), a 1.4% slow-down a regression (exit 1); --exact fails on both.
BOOST_AUTO_TEST_CASE(improvements_and_regressions_are_told_apart) {
    auto a = hello("a");
    BOOST_TEST_REQUIRE(a.status == 0, a);
    const YAML::Node st = a.stats();
    BOOST_TEST(st["sim.time_ps"]["better"].Scalar() == "lower");
    BOOST_TEST(st["sim.host_mips"]["better"].Scalar() == "higher");
    BOOST_TEST(st["dram.reads"]["better"].Scalar() == "neither");
    const std::string base = a.out_dir + "/stats.json";
    auto faster = compare({base, with_time(st, 0.986, "faster.json")});
    BOOST_TEST(faster.status == 0, faster.out << faster.err);
    BOOST_TEST(faster.out_has("improvements (1):"), faster.out);
    BOOST_TEST(faster.out_has("improvement"), faster.out);
    BOOST_TEST(!faster.out_has("REGRESSION"), faster.out);
    BOOST_TEST(faster.out_has("0 regressions, 1 improvement"), faster.out);
    auto exact = compare({base, with_time(st, 0.986, "faster.json"), "--exact"});
    BOOST_TEST(exact.status == 1, exact.out);
    auto slower = compare({base, with_time(st, 1.014, "slower.json")});
    BOOST_TEST(slower.status == 1, slower.out << slower.err);
    BOOST_TEST(slower.out_has("regressions (1):"), slower.out);
    BOOST_TEST(slower.out_has("REGRESSION"), slower.out);
    BOOST_TEST(slower.out_has("1 regression, 0 improvements"), slower.out);
    auto tolerated = compare({base, with_time(st, 1.014, "slower.json"), "--tol", "sim.*=0.02"});
    BOOST_TEST(tolerated.status == 0, tolerated.out);
    // files written before "better" existed: the defaults of unit and name apply
    YAML::Node old = YAML::Clone(st);
    for (auto kv : old) kv.second.remove("better");
    auto legacy = compare({with_time(old, 1, "old.json"), with_time(old, 0.986, "oldfast.json")});
    BOOST_TEST(legacy.status == 0, legacy.out);
    BOOST_TEST(legacy.out_has("improvement"), legacy.out);
}

// --primary gates on the chosen metrics: the others are reported but do not fail. A count
// (no better direction) that changes fails unless it is left out that way.
BOOST_AUTO_TEST_CASE(primary_metrics_gate_and_the_rest_is_reported) {
    auto slow = hello("slow", "50 ns"), fast = hello("fast", "40 ns");
    BOOST_TEST_REQUIRE(slow.status == 0, slow);
    BOOST_TEST_REQUIRE(fast.status == 0, fast);
    // 50 -> 40 ns: faster, and the guest's polling loop runs more instructions (a change)
    auto all = compare({slow.out_dir, fast.out_dir});
    BOOST_TEST(all.status == 1, all.out);
    BOOST_TEST(all.out_has("changed, no better direction"), all.out);
    BOOST_TEST(all.out_has("CHANGED"), all.out);
    auto gated = compare({slow.out_dir, fast.out_dir, "--primary", "sim.time_ps", "cpu.cycles"});
    BOOST_TEST(gated.status == 0, gated.out << gated.err);
    BOOST_TEST(gated.out_has("CHANGED (not --primary)"), gated.out);
    BOOST_TEST(gated.out_has("improvements (5):"), gated.out);
    auto back = compare({fast.out_dir, slow.out_dir, "--primary", "sim.time_ps"});
    BOOST_TEST(back.status == 1, back.out);
    BOOST_TEST(back.out_has("FAILED on 1 metric of --primary sim.time_ps"), back.out);
    BOOST_TEST(back.out_has("REGRESSION (not --primary)"), back.out); // cpu.cycles, reported
    auto none = compare({slow.out_dir, fast.out_dir, "--primary", "no.such.metric"});
    BOOST_TEST(none.status == 2, none.err);
    BOOST_TEST(none.err_has("--primary no.such.metric: no metric of"), none.err);
}

// What identifies a run (simulator version and build, configuration hash, input hashes, host)
// is listed as a note when it differs, never as a regression.
BOOST_AUTO_TEST_CASE(run_identity_differences_are_notes) {
    auto a = hello("a");
    BOOST_TEST_REQUIRE(a.status == 0, a);
    YAML::Node st = a.stats();
    YAML::Node x = YAML::Clone(st), y = YAML::Clone(st);
    for (const char* k : {"sim.build_id", "sim.config_hash", "sim.input.firmware.elf"}) {
        x[k]["value"] = "aaaa";
        y[k]["value"] = "bbbb";
        x[k]["unit"] = y[k]["unit"] = "";
    }
    YAML::Emitter ex, ey;
    ex << YAML::DoubleQuoted << YAML::Flow << x;
    ey << YAML::DoubleQuoted << YAML::Flow << y;
    auto r = compare({write_file("x.json", ex.c_str()), write_file("y.json", ey.c_str())});
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(r.out_has("run identity (notes) (3):"), r.out);
    BOOST_TEST(r.out_has("identity (not compared)"), r.out);
}
