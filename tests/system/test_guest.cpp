#define BOOST_TEST_MODULE system_guest
// Guest programs on the real platform: the firmware's transcripts (firmware/expected,
// the same files QEMU is checked against; "[impl]" lines are implementation-defined and
// dropped), exit statuses, run limits and boot arguments.
// Needs the guest firmware (firmware/); a test whose ELF is missing is skipped.
#include "run_trvp.h"

#include <boost/test/data/test_case.hpp>

using namespace trvp::systest;
namespace utf = boost::unit_test;
namespace bdata = boost::unit_test::data;

namespace {

std::string drop_impl_lines(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line))
        if (line.find("[impl]") == std::string::npos) out += line + "\n";
    return out;
}

std::string expected(const std::string& program) {
    return drop_impl_lines(
        read_file(std::string(TRVP_SOURCE_DIR) + "/firmware/expected/" + program + ".out"));
}

struct program_case {
    const char* name;
    int status;    // trvp's exit status
    int exit_code; // the guest's code (sim.exit_code)
};
std::ostream& operator<<(std::ostream& os, const program_case& p) {
    return os << p.name;
}

const program_case programs[] = {
    {"hello", 0, 0},
    {"isa_test", 0, 0},
    {"libc_test", 0, 0},
    {"timer_test", 0, 0},
    {"vm_test", 0, 0},
    {"pmp_test", 0, 0},
    {"garbage", 1, 7},
    {"tohost_test", 0, 0},
    {"tohost_fail", 1, 3},
    {"bench_compute_smoke", 0, 0},
    {"bench_stream_smoke", 0, 0},
    {"bench_chase_smoke", 0, 0},
    {"bench_mixed_smoke", 0, 0},
};

} // namespace

BOOST_DATA_TEST_CASE(program_transcript_and_exit_match_expected, bdata::make(programs), p) {
    const std::string elf = std::string(p.name) + ".elf";
    auto r = trvp_run(config_path("virt.yaml")).firmware(elf).max_time("2 s").arg("--quiet").run();
    BOOST_TEST(r.status == p.status, r);
    BOOST_TEST(r.stat("sim.exit_code") == p.exit_code);
    BOOST_TEST(drop_impl_lines(r.file("uart0.txt")) == expected(p.name));
}

BOOST_AUTO_TEST_CASE(default_config_runs_hello) {
    auto r = trvp_run(config_path("default.yaml")).run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("hello: done"), "the UART echoes to stdout");
    BOOST_TEST(r.counter("sim.instructions") > 100u);
    BOOST_TEST(r.counter("sim.instructions") == r.counter("cpu.instret"));
    BOOST_TEST(r.stat("sim.host_mips") > 0);
    BOOST_TEST(r.text("sim.exit_reason").size() > 0u);
}

BOOST_AUTO_TEST_CASE(instruction_limit_gives_status_3) {
    auto r = trvp_run(config_path("virt.yaml")).firmware("hello.elf").max_instructions(100).run();
    BOOST_TEST(r.status == 3, r);
    BOOST_TEST(r.counter("cpu.instret") <= 100u);
}

BOOST_AUTO_TEST_CASE(time_limit_gives_status_3) {
    // 1000 ticks of 1 ms each cannot finish in 100 us.
    auto r = trvp_run(config_path("virt.yaml"))
                 .firmware("hello.elf")
                 .args({1000})
                 .max_time("100 us")
                 .run();
    BOOST_TEST(r.status == 3, r);
}

BOOST_AUTO_TEST_CASE(boot_arguments_reach_the_guest) {
    auto r = trvp_run(config_path("virt.yaml")).firmware("hello.elf").args({3}).run();
    BOOST_TEST(r.status == 0, r);
    const std::string t = r.file("uart0.txt");
    BOOST_TEST(t.find("tick 2:") != std::string::npos);
    BOOST_TEST(t.find("tick 3:") == std::string::npos);
}

// pmp_test fences itself with PMP; on a core without PMP entries its fences do nothing.
BOOST_AUTO_TEST_CASE(pmp_test_needs_the_pmp_entries) {
    auto r = trvp_run(config_path("virt.yaml"))
                 .firmware("pmp_test.elf")
                 .set("cpu.pmp.entries=0")
                 .out(scratch_dir() + "/nopmp")
                 .run();
    BOOST_TEST(r.status == 1, r);
    BOOST_TEST(r.file("uart0.txt").find("FAIL: S: the secret page refuses a load") !=
               std::string::npos);
    auto g = trvp_run(config_path("virt.yaml"))
                 .firmware("pmp_test.elf")
                 .set("cpu.pmp.granularity=4096")
                 .out(scratch_dir() + "/pmp4k")
                 .run();
    BOOST_TEST(g.status == 0, g); // its regions are pages: a 4 KiB granularity keeps them
    auto bad = trvp_run(config_path("virt.yaml")).set("cpu.pmp.granularity=12").run();
    BOOST_TEST(bad.status == 2, bad);
    BOOST_TEST(bad.err.find("cpu.pmp.granularity: expected a power of two") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_quantum) {
    auto a = trvp_run(config_path("virt.yaml"))
                 .firmware("timer_test.elf")
                 .set("simulation.quantum=1 ns")
                 .out(scratch_dir() + "/q1")
                 .run();
    auto b = trvp_run(config_path("virt.yaml"))
                 .firmware("timer_test.elf")
                 .set("simulation.quantum=10 us")
                 .out(scratch_dir() + "/q10")
                 .run();
    BOOST_TEST(a.status == 0, a);
    BOOST_TEST(b.status == 0, b);
    BOOST_TEST(a.counter("sim.time_ps") == b.counter("sim.time_ps"));
    BOOST_TEST(a.counter("cpu.instret") == b.counter("cpu.instret"));
}

BOOST_AUTO_TEST_CASE(benchmark_markers_dump_a_phase) {
    auto r = trvp_run(config_path("virt.yaml")).firmware("bench_compute_smoke.elf").run();
    BOOST_TEST(r.status == 0, r);
    const YAML::Node phase = YAML::LoadFile(r.out_dir + "/stats.phase0.json");
    BOOST_TEST(phase["sim.begin_ps"]["value"].as<uint64_t>() > 0u);
    BOOST_TEST(phase["sim.time_ps"]["value"].as<uint64_t>() >
               phase["sim.begin_ps"]["value"].as<uint64_t>());
    BOOST_TEST(phase["stats.markers"]["value"].as<uint64_t>() == 1u); // the begin marker
    BOOST_TEST(phase["dram.reads"]["value"].as<uint64_t>() > 0u);
}

// The core publishes its counters at each phase marker and rebases them at each reset, so
// a phase dump counts exactly the instructions of that phase.
BOOST_AUTO_TEST_CASE(core_statistics_are_live_at_phase_markers) {
    auto r = trvp_run(config_path("virt.yaml")).firmware("bench_compute_smoke.elf").run();
    BOOST_TEST(r.status == 0, r);
    const YAML::Node phase = YAML::LoadFile(r.out_dir + "/stats.phase0.json");
    const uint64_t in_phase = phase["cpu.instret"]["value"].as<uint64_t>();
    BOOST_TEST(in_phase > 0u);
    BOOST_TEST(in_phase < r.counter("cpu.instret"), "the phase excludes start-up and reporting");
    BOOST_TEST(phase["cpu.cycles"]["value"].as<uint64_t>() <
               r.counter("cpu.cycles") + 1); // rebased, not the whole run
}

// The core's fast paths (DRAM DMI grants; the L1 cache's direct hit path) must charge
// exactly what the full TLM path would: every simulated statistic is identical, only the
// simulator's own *.host.* and sim.host_* figures may differ.
BOOST_AUTO_TEST_CASE(fast_path_and_full_tlm_path_give_identical_statistics) {
    for (const char* config : {"virt.yaml", "cached.yaml"}) {
        auto fast = trvp_run(config_path(config))
                        .firmware("libc_test.elf")
                        .set("components.cpu.fast_path=true")
                        .out(scratch_dir() + "/fast-" + config)
                        .run();
        auto full = trvp_run(config_path(config))
                        .firmware("libc_test.elf")
                        .set("components.cpu.fast_path=false")
                        .out(scratch_dir() + "/full-" + config)
                        .run();
        BOOST_TEST_REQUIRE(fast.status == 0, fast);
        BOOST_TEST_REQUIRE(full.status == 0, full);
        BOOST_TEST(fast.counter("cpu.host.fast_accesses") +
                           fast.counter("cpu.host.provider_accesses") >
                       0u,
                   config << ": a fast path ran");
        BOOST_TEST(full.counter("cpu.host.fast_accesses") +
                       full.counter("cpu.host.provider_accesses") ==
                   0u);
        const YAML::Node a = fast.stats(), b = full.stats();
        size_t compared = 0;
        for (const auto& kv : a) {
            const std::string name = kv.first.as<std::string>();
            if (name.find(".host") != std::string::npos || name.rfind("sim.host", 0) == 0 ||
                name == "sim.begin_ps")
                continue;
            BOOST_TEST(YAML::Dump(kv.second["value"]) == YAML::Dump(b[name]["value"]),
                       config << ": " << name);
            ++compared;
        }
        BOOST_TEST(compared > 50u);
    }
}
