#define BOOST_TEST_MODULE system_cli_errors
// trvp's command line and its user errors: each bad input exits with status 2 and one
// message naming the input. Needs no core and no guest firmware.
#include "../platform/elf_builder.h"
#include "run_trvp.h"

using namespace trvp::systest;

namespace {

// A platform without a core: it loads its firmware and, with nothing to run, ends at once.
const std::string no_core_yaml = "firmware: {elf: fw.elf}\n"
                                 "components:\n"
                                 "  bus:\n"
                                 "    type: router\n"
                                 "    map:\n"
                                 "      - {port: dram, base: 0x80000000, size: 1 MiB}\n"
                                 "      - {port: uart0, base: 0x10000000, size: 0x100}\n"
                                 "  dram: {type: dram, size: 1 MiB}\n"
                                 "  uart0: {type: uart16550}\n"
                                 "connections:\n"
                                 "  - bus.dram -> dram.mem\n"
                                 "  - bus.uart0 -> uart0.regs\n";

std::string write_elf() {
    const std::string path = scratch_dir() + "/fw.elf";
    trvp::test::elf_builder().write(path);
    return path;
}

// The run of `yaml` (with a valid fw.elf beside it) plus extra arguments.
run_result run_yaml(const std::string& yaml, const std::vector<std::string>& extra = {}) {
    write_elf();
    trvp_run t = trvp_run::from_yaml(yaml);
    for (auto& a : extra) t.arg(a);
    return t.run();
}

} // namespace

BOOST_AUTO_TEST_CASE(help_and_version_exit_0) {
    auto r = run_trvp_args({"--help"});
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("trvp run CONFIG"));
    r = run_trvp_args({"--version"});
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("trvp "));
    BOOST_TEST(r.out_has("(build "), "the build id that stats.json records too");
    BOOST_TEST(!r.err_has("Copyright"), "the SystemC banner is hidden");
}

BOOST_AUTO_TEST_CASE(bad_command_line_exits_2) {
    auto r = run_trvp_args({});
    BOOST_TEST(r.status == 2, r);
    r = run_trvp_args({"frobnicate"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("unknown command 'frobnicate'"));
    r = run_trvp_args({"run", "x.yaml", "--bogus"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("unknown option '--bogus'"));
}

BOOST_AUTO_TEST_CASE(describe_lists_dram_parameters) {
    auto r = run_trvp_args({"describe"});
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("type dram:"));
    BOOST_TEST(r.out_has("latency"));
    BOOST_TEST(r.out_has("50 ns"));
    BOOST_TEST(r.out_has("128 MiB"));
    BOOST_TEST(r.out_has("type router:"));
    r = run_trvp_args({"describe", "dram"});
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(!r.out_has("type router:"));
    r = run_trvp_args({"describe", "nonesuch"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("dram"), "lists the known types");
}

BOOST_AUTO_TEST_CASE(missing_config_file_exits_2) {
    auto r = trvp_run(scratch_dir() + "/absent.yaml").run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("absent.yaml: cannot read configuration"));
}

BOOST_AUTO_TEST_CASE(malformed_yaml_names_file_and_line) {
    auto r = trvp_run::from_yaml("simulation:\n  clock: 1 GHz\ncomponents: [a, b\n", "broken.yaml")
                 .run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("broken.yaml:"));
    BOOST_TEST(r.err_has("YAML syntax error"));
}

BOOST_AUTO_TEST_CASE(unknown_component_type_lists_known_types) {
    std::string yaml = no_core_yaml;
    yaml.insert(yaml.find("connections:"), "  extra: {type: flux_capacitor}\n");
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:10: components.extra.type: unknown component type "
                         "'flux_capacitor'"));
    BOOST_TEST(r.err_has("known types:"));
    BOOST_TEST(r.err_has("dram"));
}

BOOST_AUTO_TEST_CASE(unknown_key_names_path_and_line) {
    std::string yaml = no_core_yaml;
    const std::string from = "  dram: {type: dram, size: 1 MiB}\n";
    yaml.replace(yaml.find(from), from.size(), "  dram:\n    type: dram\n    latncy: 5 ns\n");
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:10: components.dram.latncy: unknown parameter 'latncy'"));
}

BOOST_AUTO_TEST_CASE(bad_value_and_set_typo_exit_2) {
    auto r = run_yaml(no_core_yaml, {"--set", "dram.latency=fast"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("--set dram.latency=fast: components.dram.latency: expected a time like "
                         "'50 ns', got 'fast'"));
    r = run_yaml(no_core_yaml, {"--set", "simulation.quantun=1 us"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("simulation.quantun: unknown parameter"));
}

// A parameter's limits are declared by its factory, which names the key; the model only
// asserts them (a traffic generator's line_size must be a power of two).
BOOST_AUTO_TEST_CASE(parameter_limits_name_the_key) {
    std::string yaml = no_core_yaml;
    yaml.insert(yaml.find("connections:"),
                "  tg: {type: traffic_generator, line_size: 48, stop_when_done: false}\n");
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.tg.line_size: expected a power of two, got 48"), r);
    r = run_yaml(yaml, {"--set", "tg.line_size=64", "--set", "tg.write_fraction=1.5"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.tg.write_fraction: expected a number from 0 to 1"), r);
    r = run_yaml(yaml, {"--set", "tg.line_size=64", "--set", "tg.in_flight=0"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.tg.in_flight: expected an integer from 1 to 65536"), r);
    r = run_yaml(yaml, {"--set", "tg.line_size=64", "--set", "tg.pattern=zigzag"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.tg.pattern:"), r);
    BOOST_TEST(r.err_has("zigzag"), r);

    // A cache's per-key statistic slots (the model only asserts them).
    std::string with_cache = no_core_yaml;
    with_cache.insert(with_cache.find("connections:"), "  l1: {type: cache, key_stats: 0}\n");
    r = run_yaml(with_cache);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.l1.key_stats: expected an integer from 1 to 65536"), r);

    // The TR extension's line size (the model only asserts it).
    std::string with_core = no_core_yaml;
    with_core.insert(with_core.find("connections:"),
                     "  cpu: {type: rv32_core, secure: {line_size: 48}}\n");
    r = run_yaml(with_core);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.cpu.secure.line_size: expected a power of two, got 48"), r);

    // The DRAM's: size, the banked model's banks, row size, bandwidth, page policy, timing.
    const std::vector<std::pair<std::string, std::string>> dram_cases = {
        {"dram.size=0", "components.dram.size: the size must be larger than 0"},
        {"dram.banks=0", "components.dram.banks: expected an integer from 1 to 1024"},
        {"dram.row_size=0", "components.dram.row_size: the row size must be larger than 0"},
        {"dram.bandwidth=0", "components.dram.bandwidth: the bandwidth must be larger than 0"},
        {"dram.page_policy=ajar", "components.dram.page_policy:"},
        {"dram.timing=fancy", "components.dram.timing:"},
    };
    for (const auto& [set, message] : dram_cases) {
        r = run_yaml(no_core_yaml, {"--set", "dram.timing=banked", "--set", set});
        BOOST_TEST(r.status == 2, r);
        BOOST_TEST(r.err_has(message), r);
    }
}

// The statistics device's span names become statistic names: bad or repeated ones are errors.
BOOST_AUTO_TEST_CASE(clock_out_of_range_exits_2) {
    // 1e20 GHz used to divide by zero (a period below the 1 ps resolution), 1e-12 Hz to hang.
    for (const std::string clock : {"1e20 GHz", "1e-12 Hz", "2000 GHz"}) {
        auto r = run_yaml(no_core_yaml, {"--set", "simulation.clock=" + clock});
        BOOST_TEST(r.status == 2, clock << ": " << r);
        BOOST_TEST(r.err_has("simulation.clock: expected a frequency from 1 Hz to 1000 GHz"), r);
    }
    auto r = run_yaml(no_core_yaml, {"--set", "simulation.clock=1000 GHz", "--max-time", "1us"});
    BOOST_TEST(r.status != 2, r);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_exit_2) {
    // A component named twice used to dereference null while binding (SIGSEGV); a key
    // written twice kept its first value silently.
    std::string twice = no_core_yaml;
    twice.insert(twice.find("connections:"), "  dram: {type: dram, size: 2 MiB}\n");
    auto r = run_yaml(twice);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has(":10: components.dram: the key appears twice (first at line 8)"), r);
    std::string inner = no_core_yaml;
    inner.replace(inner.find("{type: dram, size: 1 MiB}"), 25,
                  "{type: dram, size: 1 MiB, size: 2 MiB}");
    r = run_yaml(inner);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.dram.size: the key appears twice"), r);
}

BOOST_AUTO_TEST_CASE(odd_set_paths_exit_2) {
    // Both used to end as "internal error" (exit 4): std::stoul overflow, yaml-cpp BadSubscript.
    auto r = run_yaml(no_core_yaml, {"--set", "connections.99999999999999999999=x"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("'connections' has 2 items"), r);
    r = run_yaml("components: 5\n", {"--set", "dram.latency=1"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("'dram' is neither a section"), r);
}

BOOST_AUTO_TEST_CASE(core_without_firmware_exits_2) {
    // It used to start at address 0 and trap there forever, with no output.
    auto r = run_trvp_args({"run", config_path("virt.yaml"), "--set", "firmware.elf=''", "--out",
                            scratch_dir() + "/out"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(
        r.err_has("firmware.elf: no firmware, but component 'cpu' (type rv32_core) runs a program"),
        r);
}

BOOST_AUTO_TEST_CASE(bad_span_names_exit_2) {
    const auto with_spans = [](const std::string& spans) {
        std::string yaml = no_core_yaml;
        yaml.insert(yaml.find("connections:"),
                    "  stats: {type: stats_device, spans: " + spans + "}\n");
        return yaml;
    };
    auto r = run_yaml(with_spans("[launch, Bad-Name]"));
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.stats.spans: span name 'Bad-Name' must be [a-z0-9_]+"), r);
    r = run_yaml(with_spans("[a, b, a]"));
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.stats.spans: span name 'a' appears twice"), r);
}

BOOST_AUTO_TEST_CASE(overlapping_address_map_exits_2) {
    auto r = run_yaml(no_core_yaml, {"--set", "bus.map.1.base=0x80000100"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("overlaps"));
    BOOST_TEST(r.err_has("components.bus.map.1.base"));
}

BOOST_AUTO_TEST_CASE(unknown_socket_in_connection_lists_sockets) {
    auto r = run_yaml(no_core_yaml, {"--set", "connections.1=bus.uart0 -> uart0.regz"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("connections.1"));
    BOOST_TEST(r.err_has("'uart0' has no target socket 'regz'; its target sockets: regs"));
    r = run_yaml(no_core_yaml, {"--set", "connections.1=nobody.x -> uart0.regs"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("no component 'nobody'"));
}

BOOST_AUTO_TEST_CASE(unconnected_target_socket_exits_2) {
    std::string yaml = no_core_yaml;
    yaml.erase(yaml.find("  - bus.uart0"));
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("target socket 'uart0.regs' is not connected"));
}

BOOST_AUTO_TEST_CASE(missing_elf_exits_2) {
    auto r = run_yaml(no_core_yaml, {"--set", "firmware.elf=nothere.elf"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("cannot find firmware 'nothere.elf'"));
}

BOOST_AUTO_TEST_CASE(truncated_elf_exits_2) {
    auto bytes = trvp::test::elf_builder().bytes();
    bytes.resize(70);
    write_file("cut.elf", std::string(bytes.begin(), bytes.end()));
    auto r = run_yaml(no_core_yaml, {"--set", "firmware.elf=cut.elf"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("cut.elf: invalid firmware ELF"));
    BOOST_TEST(r.err_has("truncated"));
}

BOOST_AUTO_TEST_CASE(non_riscv_elf_exits_2) {
    auto r = run_yaml(no_core_yaml, {"--set", "firmware.elf=/bin/true"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("/bin/true: invalid firmware ELF"));
}

BOOST_AUTO_TEST_CASE(segment_outside_memory_exits_2) {
    trvp::test::elf_builder b;
    b.load_addr = 0x40000000;
    b.entry = 0x40000000; // inside the segment: the loader, not the reader, refuses it
    b.write(scratch_dir() + "/hole.elf");
    auto r = run_yaml(no_core_yaml, {"--set", "firmware.elf=hole.elf"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("address 0x40000000 is not backed by memory"));
}

BOOST_AUTO_TEST_CASE(run_without_core_writes_outputs_and_reports_no_exit) {
    auto r = run_yaml(no_core_yaml);
    BOOST_TEST(r.status == 1, r); // nothing ever asks to exit
    BOOST_TEST(r.text("sim.exit_reason").find("no more events") != std::string::npos);
    BOOST_TEST(r.counter("sim.exit_status") == 1u);
    BOOST_TEST(r.has_stat("dram.reads"));
    BOOST_TEST(r.config()["components"]["dram"]["latency"].as<std::string>() == "50 ns");
    BOOST_TEST(r.file("stats.txt").find("sim.host_seconds") != std::string::npos);
    BOOST_TEST(r.err_has("instructions"), "summary on stderr");
    auto quiet = run_yaml(no_core_yaml, {"--quiet"});
    BOOST_TEST(quiet.err.empty(), quiet);
}
