#define BOOST_TEST_MODULE system_compare
// `trvp compare` and the project's regression test: every baseline of bench/baselines
// (runs.txt) is rerun and must match exactly on simulated metrics; a changed parameter is
// caught, an unchanged one passes; host-speed metrics never fail unless asked; exit codes.
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
        auto c =
            compare({std::string(TRVP_SOURCE_DIR) + "/bench/baselines/" + b.name + ".json", out});
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
