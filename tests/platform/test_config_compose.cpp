#define BOOST_TEST_MODULE platform_config_compose
// Composing configurations (docs/platform.md, "Composing configurations"): `base:` names
// files this one overrides; maps merge key by key, lists and scalars are replaced, null
// removes; errors name the file (and line) that set the key; cycles, missing bases and
// wrong types are errors naming the file and line of the `base:` entry.
#include "platform/builder/config.h"
#include "platform/builder/params.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace trvp::platform;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

template <class F>
std::string error_of(F fn) {
    try {
        fn();
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

// A scratch folder of configuration files, removed at the end of the test case.
struct files {
    std::string dir =
        (fs::temp_directory_path() / ("trvp-compose-" + std::to_string(getpid()))).string();
    files() {
        fs::remove_all(dir);
        fs::create_directories(dir + "/sub");
    }
    ~files() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const {
        const std::string path = dir + "/" + name;
        std::ofstream(path) << text;
        return path;
    }
};

const char* const base_yaml = "simulation: {clock: 1 GHz}\n" // 1
                              "components:\n"                // 2
                              "  dram:\n"                    // 3
                              "    type: dram\n"             // 4
                              "    size: 4 KiB\n"            // 5
                              "    latency: 50 ns\n"         // 6
                              "  bus:\n"                     // 7
                              "    type: router\n"           // 8
                              "    map:\n"                   // 9
                              "      - {port: dram, base: 0, size: 4 KiB}\n"
                              "connections:\n"
                              "  - bus.dram -> dram.mem\n";

} // namespace

BOOST_AUTO_TEST_CASE(maps_merge_lists_and_scalars_are_replaced_null_removes) {
    files f;
    f.write("base.yaml", base_yaml);
    const std::string top = f.write("sub/top.yaml", "base: ../base.yaml\n"
                                                    "components:\n"
                                                    "  dram: {latency: 70 ns}\n"
                                                    "  bus:\n"
                                                    "    map:\n"
                                                    "      - {port: dram, base: 16, size: 1}\n"
                                                    "simulation: ~\n");
    const config_doc d = config_doc::load(top);
    const YAML::Node& r = d.root();
    BOOST_TEST(!r["base"], "base: is consumed");
    BOOST_TEST(!r["simulation"], "null removes the base's section");
    BOOST_TEST(r["components"]["dram"]["type"].as<std::string>() == "dram");
    BOOST_TEST(r["components"]["dram"]["size"].as<std::string>() == "4 KiB");
    BOOST_TEST(r["components"]["dram"]["latency"].as<std::string>() == "70 ns");
    BOOST_TEST(r["components"]["bus"]["map"].size() == 1u);
    BOOST_TEST(r["components"]["bus"]["map"][0]["base"].as<int>() == 16);
    BOOST_TEST(r["connections"].size() == 1u);
    // The components keep the base's order.
    std::vector<std::string> names;
    for (const auto& kv : r["components"]) names.push_back(kv.first.Scalar());
    BOOST_TEST((names == std::vector<std::string>{"dram", "bus"}));
    BOOST_TEST(d.files().size() == 2u);
    BOOST_TEST(d.files()[0] == top);
    BOOST_TEST(contains(d.files()[1], "base.yaml"));
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_line_that_set_the_key) {
    files f;
    f.write("base.yaml", base_yaml);
    const std::string top = f.write("top.yaml", "base: base.yaml\n"
                                                "components:\n"
                                                "  dram:\n"
                                                "    latncy: 70 ns\n");
    config_doc d = config_doc::load(top);
    auto read = [&](const std::string& path) {
        const YAML::Node& root = d.root();
        param_reader r(d, root["components"]["dram"], path, "component 'dram'");
        r.accept("type");
        r.size("size", 0, "capacity");
        r.time("latency", sc_core::SC_ZERO_TIME, "latency");
        r.finish();
    };
    BOOST_TEST(contains(error_of([&] { read("components.dram"); }),
                        top + ":4: components.dram.latncy: unknown parameter"));
    // A bad value set by the base names the base file and the base's line.
    config_doc d2 = config_doc::load(f.write("top2.yaml", "base: base.yaml\n"
                                                          "components: {bus: {type: router}}\n"));
    d2.apply_set("simulation.clock=fast");
    BOOST_TEST(d2.where("components.dram.size", d2.root()["components"]["dram"]["size"].Mark()) ==
               f.dir + "/base.yaml:5");
    BOOST_TEST(d2.where("components.bus.type", d2.root()["components"]["bus"]["type"].Mark()) ==
               f.dir + "/top2.yaml:2");
    BOOST_TEST(d2.where("simulation.clock", YAML::Mark()) == "--set simulation.clock=fast");
    BOOST_TEST(d2.folder_of("components.dram") == f.dir);
}

BOOST_AUTO_TEST_CASE(a_list_of_bases_applies_in_order) {
    files f;
    f.write("base.yaml", base_yaml);
    f.write("slow.yaml", "components: {dram: {latency: 90 ns, size: 8 KiB}}\n");
    f.write("fast.yaml", "components: {dram: {latency: 10 ns}}\n");
    const config_doc d =
        config_doc::load(f.write("top.yaml", "base: [base.yaml, slow.yaml, fast.yaml]\n"));
    BOOST_TEST(d.root()["components"]["dram"]["latency"].as<std::string>() == "10 ns");
    BOOST_TEST(d.root()["components"]["dram"]["size"].as<std::string>() == "8 KiB");
    BOOST_TEST(d.files().size() == 4u);
    BOOST_TEST(d.file_of("components.dram.size") == f.dir + "/slow.yaml");
    BOOST_TEST(d.file_of("components.dram.type") == f.dir + "/base.yaml");
}

BOOST_AUTO_TEST_CASE(bases_compose_recursively_and_a_shared_base_is_no_cycle) {
    files f;
    f.write("base.yaml", base_yaml);
    f.write("a.yaml", "base: base.yaml\ncomponents: {dram: {latency: 20 ns}}\n");
    f.write("b.yaml", "base: base.yaml\nsimulation: {seed: 7}\n");
    const config_doc d = config_doc::load(f.write("top.yaml", "base: [a.yaml, b.yaml]\n"));
    // b's copy of base.yaml comes after a's latency: lists of bases are plain layers.
    BOOST_TEST(d.root()["components"]["dram"]["latency"].as<std::string>() == "50 ns");
    BOOST_TEST(d.root()["simulation"]["seed"].as<int>() == 7);
    BOOST_TEST(d.root()["components"]["bus"]["map"].size() == 1u);
    BOOST_TEST(d.root()["components"]["bus"]["map"][0]["size"].as<std::string>() == "4 KiB");
}

BOOST_AUTO_TEST_CASE(cycles_missing_files_and_wrong_types_name_file_and_line) {
    files f;
    f.write("a.yaml", "simulation: {seed: 1}\nbase: b.yaml\n");
    f.write("b.yaml", "\n\nbase: [c.yaml]\n");
    f.write("c.yaml", "base: a.yaml\n");
    const std::string cycle = error_of([&] { config_doc::load(f.dir + "/a.yaml"); });
    BOOST_TEST(contains(cycle, f.dir + "/c.yaml:1: base: the bases form a cycle: "), cycle);
    BOOST_TEST(contains(cycle, "a.yaml -> "), cycle);

    const std::string missing = f.write("m.yaml", "# comment\nbase: nowhere.yaml\n");
    const std::string e = error_of([&] { config_doc::load(missing); });
    BOOST_TEST(
        contains(e, missing + ":2: base: " + f.dir + "/nowhere.yaml: cannot read configuration"),
        e);
    BOOST_TEST(contains(e, "No such file"), e);

    const std::string typed = f.write("t.yaml", "base: {file: a.yaml}\n");
    BOOST_TEST(contains(error_of([&] { config_doc::load(typed); }),
                        typed + ":1: base: expected a file name or a list of file names"));
    f.write("ok.yaml", "simulation: {seed: 2}\n");
    const std::string item = f.write("i.yaml", "base:\n  - ok.yaml\n  - [x]\n");
    BOOST_TEST(contains(error_of([&] { config_doc::load(item); }),
                        item + ":3: base.1: expected a file name, got a list"));

    const std::string folder = f.write("d.yaml", "base: sub\n");
    BOOST_TEST(contains(error_of([&] { config_doc::load(folder); }),
                        folder + ":1: base: " + f.dir +
                            "/sub: cannot read configuration: it is a "
                            "folder, not a file"));

    const std::string self = f.write("s.yaml", "base: ./s.yaml\n");
    BOOST_TEST(contains(error_of([&] { config_doc::load(self); }), "the bases form a cycle"));
    // A base that is not a map of sections names the base file.
    f.write("list.yaml", "- 1\n");
    const std::string nomap = f.write("n.yaml", "base: list.yaml\n");
    BOOST_TEST(contains(error_of([&] { config_doc::load(nomap); }),
                        f.dir + "/list.yaml:1: expected a map of sections"));
}
