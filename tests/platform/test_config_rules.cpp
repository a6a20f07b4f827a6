#define BOOST_TEST_MODULE platform_config_rules
// The whole configuration is checked before anything is built (docs/platform.md, "Checks
// before the run"): each rule exits 2 with one message naming the file, line, key and rule,
// where SystemC's E109, a loop on access faults or an unexplained failure came before.
// Also: composition through the real binary, `trvp run --dry-run`, and the shipped configs
// that were rewritten onto configs/tr.yaml resolving exactly as their flat copies did.
#include "platform/elf_builder.h"
#include "system/run_trvp.h"

#include <map>

using namespace trvp::systest;

namespace {

// A platform without a core (fw.elf: an empty program beside it).
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

run_result run_yaml(const std::string& yaml, const std::vector<std::string>& extra = {}) {
    trvp::test::elf_builder().write(scratch_dir() + "/fw.elf");
    trvp_run t = trvp_run::from_yaml(yaml);
    for (auto& a : extra) t.arg(a);
    return t.run();
}

// configs/NAME with --set assignments (cached.yaml: hello.elf).
run_result run_config(const std::string& name, const std::vector<std::string>& sets) {
    trvp_run t(config_path(name));
    if (name == "cached.yaml") t.firmware("hello.elf");
    for (auto& s : sets) t.set(s);
    return t.max_time("1 ms").run();
}

// A YAML tree as text with every map's keys sorted (lists keep their order).
std::string canonical(const YAML::Node& n) {
    if (n.IsMap()) {
        std::map<std::string, std::string> sorted;
        for (const auto& kv : n) sorted[kv.first.Scalar()] = canonical(kv.second);
        std::string s = "{";
        for (const auto& [k, v] : sorted) s += k + ": " + v + ", ";
        return s + "}";
    }
    if (n.IsSequence()) {
        std::string s = "[";
        for (const auto& item : n) s += canonical(item) + ", ";
        return s + "]";
    }
    return n.IsScalar() ? "'" + n.Scalar() + "'" : "~";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_target_socket_bound_twice_names_both_connections) {
    std::string yaml = no_core_yaml;
    yaml.replace(yaml.find("      - {port: uart0"), 0,
                 "      - {port: alias, base: 0x90000000, size: 1 MiB}\n");
    yaml += "  - bus.alias -> dram.mem\n";
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:14: connections.2: 'dram.mem' is already connected from "
                         "'bus.dram' (connections.0) and takes one initiator"),
               r.err);
    BOOST_TEST(!r.err_has("E109"), r.err);
}

BOOST_AUTO_TEST_CASE(firmware_load_via_a_memory_names_the_key) {
    auto r = run_yaml(no_core_yaml, {"--set", "firmware.load_via=dram"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("--set firmware.load_via=dram: firmware.load_via: the loader cannot "
                         "bind to 'dram.mem': it takes one initiator and connections.0 binds "
                         "'bus.dram' to it"),
               r.err);
    BOOST_TEST(!r.err_has("E109"), r.err);
    r = run_yaml(no_core_yaml, {"--set", "firmware.load_via=nowhere"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("firmware.load_via: no component 'nowhere'"), r.err);
}

BOOST_AUTO_TEST_CASE(a_router_range_larger_than_its_memory_names_the_entry) {
    std::string yaml = no_core_yaml;
    yaml.replace(yaml.find("size: 1 MiB}\n      - {port: uart0"), 11, "size: 2 MiB");
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:6: components.bus.map.0.size: the range of port 'dram' is "
                         "2 MiB but 'dram' holds only 1 MiB (components.dram.size, "),
               r.err);
}

BOOST_AUTO_TEST_CASE(routers_connected_in_a_cycle_are_refused) {
    std::string yaml = no_core_yaml;
    yaml.replace(yaml.find("      - {port: uart0"), 0,
                 "      - {port: down, base: 0x40000000, size: 1 MiB}\n");
    yaml.replace(yaml.find("  dram: {type"), 0,
                 "  bus2:\n    type: router\n    map: [{port: up, base: 0, size: 1 MiB}]\n");
    yaml += "  - bus.down -> bus2.in\n  - bus2.up -> bus.in\n";
    auto r = run_yaml(yaml);
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("connections.3: routers connected in a cycle (bus -> bus2 -> bus)"),
               r.err);
}

BOOST_AUTO_TEST_CASE(a_cache_whose_lines_are_shorter_than_those_above_is_refused) {
    // l2.line_size 32 under 64-byte L1s used to loop on access faults until a run limit.
    auto r = run_config("cached.yaml", {"l2.line_size=32"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.l1i.line_size: 'l1i' requests 64-byte lines from 'l2', "
                         "whose lines are 32 bytes (components.l2.line_size, --set "
                         "l2.line_size=32, connections."),
               r.err);
}

BOOST_AUTO_TEST_CASE(a_cache_whose_lines_are_longer_than_those_below_is_refused) {
    auto r = run_config("cached.yaml", {"l1d.line_size=128"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("--set l1d.line_size=128: components.l1d.line_size: 'l1d' requests "
                         "128-byte lines from 'l2', whose lines are 64 bytes (components.l2."
                         "line_size, " +
                         config_path("cached.yaml") + ":"),
               r.err);
}

BOOST_AUTO_TEST_CASE(a_fetch_line_longer_than_the_l1i_line_is_refused) {
    auto r = run_config("cached.yaml", {"l1i.line_size=32"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has(config_path("cached.yaml") + ":"), r.err);
    BOOST_TEST(r.err_has("components.cpu.fetch_line: 'cpu' requests 64-byte lines from 'l1i', "
                         "whose lines are 32 bytes (components.l1i.line_size, --set "
                         "l1i.line_size=32"),
               r.err);
}

BOOST_AUTO_TEST_CASE(the_line_into_an_encryption_unit_must_be_its_line) {
    auto r = run_config("tr.yaml", {"l2.line_size=128"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("--set l2.line_size=128: components.l2.line_size: 'l2' sends 128-byte "
                         "lines to 'eu', which encrypts 64-byte lines"),
               r.err);
}

BOOST_AUTO_TEST_CASE(cache_geometry_errors_name_the_cache_key_and_file) {
    const std::string yaml = "base: " + config_path("cached.yaml") +
                             "\n"
                             "components:\n"
                             "  l1d: {size: 1000}\n";
    auto r = run_yaml(yaml, {"--set", "firmware.elf=" + firmware_path("hello.elf")});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:3: components.l1d.size: the size (1000 bytes) must be a "
                         "non-zero multiple of ways * line_size = 4 * 64"),
               r.err);
    r = run_config("cached.yaml", {"l1d.line_size=48"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("--set l1d.line_size=48: components.l1d.line_size: the line size must "
                         "be a power of two, got 48"),
               r.err);
}

BOOST_AUTO_TEST_CASE(a_core_without_firmware_names_the_core_and_the_key) {
    auto r = run_config("virt.yaml", {"firmware.elf=''"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("firmware.elf: no firmware, but component 'cpu' (type rv32_core) runs "
                         "a program"),
               r.err);
}

BOOST_AUTO_TEST_CASE(bases_are_resolved_by_the_binary_and_config_yaml_is_complete) {
    const std::string base = write_file("base.yaml", no_core_yaml);
    auto r = run_yaml("base: base.yaml\ncomponents: {dram: {latency: 70 ns}}\n");
    BOOST_TEST(r.status == 1, r); // nothing to run: no more events
    const YAML::Node c = r.config();
    BOOST_TEST(!c["base"]);
    BOOST_TEST(c["components"]["dram"]["latency"].as<std::string>() == "70 ns");
    BOOST_TEST(c["components"]["bus"]["map"].size() == 2u);
    BOOST_TEST(c["connections"].size() == 2u);
    // A missing base and a cycle name the file and line of the `base:` entry.
    r = run_yaml("# a comment\nbase: nowhere.yaml\n");
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:2: base: " + scratch_dir() + "/nowhere.yaml: cannot read"),
               r.err);
    write_file("loop.yaml", "base: config.yaml\n");
    r = run_yaml("base: loop.yaml\n");
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("loop.yaml:1: base: the bases form a cycle"), r.err);
    // A bad value set in the base names the base's file and line.
    write_file("bad.yaml", "simulation:\n  seed: many\n");
    r = run_yaml("base: [base.yaml, bad.yaml]\n");
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has(scratch_dir() + "/bad.yaml:2: simulation.seed: expected"), r.err);
}

BOOST_AUTO_TEST_CASE(dry_run_checks_every_key_and_prints_the_resolved_configuration) {
    trvp::test::elf_builder().write(scratch_dir() + "/fw.elf");
    const std::string cfg = write_file("config.yaml", no_core_yaml);
    auto r = run_trvp_args({"run", cfg, "--dry-run", "--set", "dram.latency=70 ns"});
    BOOST_TEST(r.status == 0, r);
    const YAML::Node c = YAML::Load(r.out);
    BOOST_TEST(c["components"]["dram"]["latency"].as<std::string>() == "70 ns");
    BOOST_TEST(c["components"]["dram"]["timing"].as<std::string>() == "fixed", "defaults filled");
    BOOST_TEST(!fs::exists("out/config"), "a dry run writes nothing");
    r = run_trvp_args({"run", cfg, "--dry-run", "--set", "dram.latncy=70 ns"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("--set dram.latncy=70 ns: components.dram.latncy: unknown parameter"),
               r.err);
    r = run_trvp_args({"run", cfg, "--dry-run", "--set", "dram.size=lots"});
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("components.dram.size: expected a size"), r.err);
}

BOOST_AUTO_TEST_CASE(rewritten_configs_resolve_as_their_flat_copies_did) {
    // tests/platform/configs_before/ holds each configuration as it was before it was
    // rewritten onto configs/tr.yaml with base: (a frozen copy; never edit it to make this
    // pass): both must resolve to the same configuration, value for value. Maps are compared
    // by key (a component added by an override comes last; docs/platform.md, "Composing
    // configurations"), lists in order. One intended difference: the flat scenario and
    // workload copies left the counter tree's layout (eu.integrity.tree_base, .protected) at
    // its defaults, unused with integrity mode none, and had a 32 MiB metamem (tags only);
    // they now inherit tr.yaml's (64 MiB: tags and tree), so `--set eu.integrity.mode=tree`
    // works on them as on tr.yaml. (The copies follow the 16-byte tag entries' tag_base.)
    const std::string before = std::string(TRVP_SOURCE_DIR) + "/tests/platform/configs_before/";
    for (const std::string name :
         {"scenarios/akx", "scenarios/group", "scenarios/kx", "scenarios/psk", "workloads/pc",
          "workloads/pingpong", "attacks/memory"}) {
        BOOST_TEST_CONTEXT(name) {
            std::string flat = name;
            flat[flat.find('/')] = '-';
            const std::string now_path = config_path(name + ".yaml");
            BOOST_TEST(read_file(now_path).find("\nbase: ../tr.yaml\n") != std::string::npos);
            auto now = run_trvp_args({"run", now_path, "--dry-run"});
            auto was = run_trvp_args({"run", require_file(before + flat + ".yaml"), "--dry-run"});
            BOOST_REQUIRE_MESSAGE(now.status == 0, now);
            BOOST_REQUIRE_MESSAGE(was.status == 0, was);
            YAML::Node n = YAML::Load(now.out), w = YAML::Load(was.out);
            BOOST_TEST(n["components"]["eu"]["integrity"]["tree_base"].as<std::string>() ==
                       "0x2000000");
            if (name != "attacks/memory")
                for (YAML::Node* c : {&n, &w}) {
                    (*c)["components"]["eu"]["integrity"].remove("tree_base");
                    (*c)["components"]["eu"]["integrity"].remove("protected");
                    (*c)["components"]["metamem"].remove("size");
                }
            BOOST_TEST(canonical(n) == canonical(w));
        }
    }
}
