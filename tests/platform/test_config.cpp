#define BOOST_TEST_MODULE platform_config
#include "platform/analysis/value.h"
#include "platform/app/cli.h"
#include "platform/builder/config.h"
#include "platform/builder/params.h"

#include "common/stats.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace trvp::platform;

namespace {
bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// The message of the config_error that `fn` throws ("" if none).
template <class F>
std::string error_of(F fn) {
    try {
        fn();
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

const char* const dram_yaml = "components:\n"
                              "  dram:\n"
                              "    type: dram\n"
                              "    latency: 60 ns\n"
                              "    size: 4 KiB\n";

struct dram_like {
    uint64_t size;
    sc_core::sc_time latency;
    bool dmi;
};

dram_like read_dram(config_doc& doc) {
    param_reader r(doc, doc.root()["components"]["dram"], "components.dram", "component 'dram'");
    r.accept("type");
    dram_like d;
    d.size = r.size("size", 128ull << 20, "capacity");
    d.latency = r.time("latency", sc_core::sc_time(50, sc_core::SC_NS), "latency");
    d.dmi = r.boolean("dmi", true, "dmi");
    r.finish();
    return d;
}
} // namespace

BOOST_AUTO_TEST_CASE(integers_accept_hex_binary_and_size_suffixes) {
    BOOST_TEST(*parse_integer("42") == 42u);
    BOOST_TEST(*parse_integer("0x80000000") == 0x80000000u);
    BOOST_TEST(*parse_integer("0b101") == 5u);
    BOOST_TEST(*parse_integer("1_000") == 1000u);
    BOOST_TEST(*parse_integer("4 KiB") == 4096u);
    BOOST_TEST(*parse_integer("128 MiB") == 128u << 20);
    BOOST_TEST(*parse_integer("2G") == 2ull << 30);
    BOOST_TEST(!parse_integer("fast"));
    BOOST_TEST(!parse_integer("12 apples"));
    BOOST_TEST(!parse_integer("-1"));
    BOOST_TEST(!parse_integer("99999999999999999999"));
    BOOST_TEST(format_size(128u << 20) == "128 MiB");
    BOOST_TEST(format_size(100) == "100");
}

BOOST_AUTO_TEST_CASE(times_and_frequencies_take_units) {
    BOOST_TEST(*parse_time_ps("50 ns") == 50000u);
    BOOST_TEST(*parse_time_ps("10us") == 10000000u);
    BOOST_TEST(*parse_time_ps("1.5 ms") == 1500000000u);
    BOOST_TEST(*parse_time_ps("0") == 0u);
    BOOST_TEST(!parse_time_ps("50"));
    BOOST_TEST(!parse_time_ps("fast"));
    BOOST_TEST(!parse_time_ps("-5 ns"));
    BOOST_TEST(format_time_ps(50000) == "50 ns");
    BOOST_TEST(format_time_ps(10000000) == "10 us");
    BOOST_TEST(format_time_ps(1500) == "1500 ps");
    BOOST_TEST(*parse_frequency_hz("1 GHz") == 1e9);
    BOOST_TEST(*parse_frequency_hz("10 MHz") == 1e7);
    BOOST_TEST(*parse_frequency_hz("32768 Hz") == 32768.0);
    BOOST_TEST(!parse_frequency_hz("1 GB"));
    BOOST_TEST(format_frequency_hz(1e9) == "1 GHz");
    BOOST_TEST(*parse_bool("yes") == true);
    BOOST_TEST(!parse_bool("maybe"));
}

BOOST_AUTO_TEST_CASE(reader_fills_defaults_and_resolves) {
    auto doc = config_doc::from_string(dram_yaml, "cfg.yaml");
    const dram_like d = read_dram(doc);
    BOOST_TEST(d.size == 4096u);
    BOOST_TEST(d.latency == sc_core::sc_time(60, sc_core::SC_NS));
    BOOST_TEST(d.dmi);
}

BOOST_AUTO_TEST_CASE(bad_value_names_file_line_path_and_expectation) {
    auto doc = config_doc::from_string("components:\n  dram:\n    type: dram\n    latency: fast\n",
                                       "cfg.yaml");
    const std::string e = error_of([&] { read_dram(doc); });
    BOOST_TEST(e ==
               "cfg.yaml:4: components.dram.latency: expected a time like '50 ns', got 'fast'");
}

BOOST_AUTO_TEST_CASE(unknown_key_is_an_error_with_line_and_known_keys) {
    auto doc = config_doc::from_string("components:\n  dram:\n    type: dram\n\n    latncy: 5 ns\n",
                                       "cfg.yaml");
    const std::string e = error_of([&] { read_dram(doc); });
    BOOST_TEST(contains(e, "cfg.yaml:5: components.dram.latncy: unknown parameter 'latncy'"));
    BOOST_TEST(contains(e, "known: dmi, latency, size, type"));
}

BOOST_AUTO_TEST_CASE(wrong_node_kind_is_an_error) {
    auto doc = config_doc::from_string("components:\n  dram:\n    type: dram\n    size: [1, 2]\n",
                                       "cfg.yaml");
    BOOST_TEST(contains(error_of([&] { read_dram(doc); }), "cfg.yaml:4: components.dram.size: "
                                                           "expected a size like 4096"));
}

BOOST_AUTO_TEST_CASE(set_overrides_values_and_names_itself_in_errors) {
    auto doc = config_doc::from_string(dram_yaml, "cfg.yaml");
    doc.apply_set("dram.latency=70 ns");
    doc.apply_set("components.dram.dmi=false");
    const dram_like d = read_dram(doc);
    BOOST_TEST(d.latency == sc_core::sc_time(70, sc_core::SC_NS));
    BOOST_TEST(!d.dmi);

    auto typo = config_doc::from_string(dram_yaml, "cfg.yaml");
    typo.apply_set("dram.latncy=70 ns");
    BOOST_TEST(contains(error_of([&] { read_dram(typo); }),
                        "--set dram.latncy=70 ns: components.dram.latncy: unknown parameter"));

    auto bad = config_doc::from_string(dram_yaml, "cfg.yaml");
    bad.apply_set("dram.size=lots");
    BOOST_TEST(error_of([&] { read_dram(bad); }) ==
               "--set dram.size=lots: components.dram.size: expected a size like 4096, 0x1000 or "
               "'128 MiB', got 'lots'");
}

BOOST_AUTO_TEST_CASE(set_rejects_malformed_assignments) {
    auto doc = config_doc::from_string(dram_yaml, "cfg.yaml");
    BOOST_TEST(contains(error_of([&] { doc.apply_set("novalue"); }), "expected key.path=value"));
    BOOST_TEST(
        contains(error_of([&] { doc.apply_set("nosuch.x=1"); }), "'nosuch' is neither a section"));
    BOOST_TEST(contains(error_of([&] { doc.apply_set("dram.latency.x=1"); }), "is a value"));
    BOOST_TEST(contains(error_of([&] { doc.apply_set("dram.size=[1"); }), "YAML syntax error"));
}

BOOST_AUTO_TEST_CASE(set_addresses_list_items_by_index) {
    auto doc = config_doc::from_string("connections:\n  - a.b -> c.d\n", "cfg.yaml");
    doc.apply_set("connections.0=x.y -> z.w");
    doc.apply_set("connections.1=p.q -> r.s");
    BOOST_TEST(doc.root()["connections"][0].as<std::string>() == "x.y -> z.w");
    BOOST_TEST(doc.root()["connections"][1].as<std::string>() == "p.q -> r.s");
    BOOST_TEST(
        contains(error_of([&] { doc.apply_set("connections.5=a.b -> c.d"); }), "has 2 items"));
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_have_a_line) {
    const std::string e = error_of([] { config_doc::from_string("a:\n  b: [1\n", "cfg.yaml"); });
    BOOST_TEST(contains(e, "cfg.yaml:"));
    BOOST_TEST(contains(e, "YAML syntax error"));
    BOOST_TEST(contains(error_of([] { config_doc::load("/nonexistent.yaml"); }),
                        "/nonexistent.yaml: cannot read configuration"));
}

BOOST_AUTO_TEST_CASE(list_items_are_read_with_their_own_paths) {
    auto doc = config_doc::from_string("r:\n  map:\n    - {port: a, base: 0x10}\n    - {port: b, "
                                       "bsae: 0x20}\n",
                                       "cfg.yaml");
    param_reader r(doc, doc.root()["r"], "components.r", "component 'r'");
    const std::string e = error_of([&] {
        r.list("map", true, "ranges", [](param_reader& item) {
            item.string("port", std::nullopt, "port");
            item.address("base", 0, "base");
        });
    });
    BOOST_TEST(contains(e, "cfg.yaml:4: components.r.map.1.bsae: unknown parameter 'bsae'"));
}

BOOST_AUTO_TEST_CASE(missing_required_parameter_is_named) {
    auto doc = config_doc::from_string("r:\n  x: 1\n", "cfg.yaml");
    param_reader r(doc, doc.root()["r"], "components.r", "component 'r'");
    const std::string e = error_of([&] { r.address("base", std::nullopt, "first address"); });
    BOOST_TEST(contains(e, "cfg.yaml:2: components.r: base: missing required parameter 'base'"));
}

BOOST_AUTO_TEST_CASE(describe_lists_types_with_defaults_units_and_descriptions) {
    std::ostringstream os;
    describe(os, "");
    const std::string s = os.str();
    BOOST_TEST(contains(s, "section simulation:"));
    BOOST_TEST(contains(s, "quantum"));
    BOOST_TEST(contains(s, "type dram:"));
    BOOST_TEST(contains(s, "128 MiB"));
    BOOST_TEST(contains(s, "map[].base"));
    std::ostringstream one;
    describe(one, "dram");
    BOOST_TEST(contains(one.str(), "latency"));
    BOOST_TEST(!contains(one.str(), "type router"));
    BOOST_CHECK_THROW(describe(one, "nonesuch"), trvp::user_error);
}

BOOST_AUTO_TEST_CASE(cli_parses_run_options) {
    const char* argv[] = {"trvp",  "run",    "c.yaml",
                          "--set", "a.b=1",  "--set=c.d=2",
                          "--out", "o",      "--max-instructions",
                          "100",   "--quiet"};
    const cli_options o = parse_cli(11, const_cast<char**>(argv));
    BOOST_TEST(o.config == "c.yaml");
    BOOST_TEST(o.sets.size() == 2u);
    BOOST_TEST(o.sets[1] == "c.d=2");
    BOOST_TEST(o.out_dir == "o");
    BOOST_TEST(*o.max_instructions == "100");
    BOOST_TEST(o.quiet);
    const char* bad[] = {"trvp", "run", "c.yaml", "--frobnicate"};
    BOOST_CHECK_THROW(parse_cli(4, const_cast<char**>(bad)), trvp::user_error);
}

BOOST_AUTO_TEST_CASE(text_statistics_are_json_strings) {
    trvp::stats::registry reg;
    trvp::stats::text reason(reg, "sim.exit_reason", "", "why the run ended");
    reason.set("tohost: \"fail\" 3");
    std::ostringstream os;
    reg.write_json(os);
    BOOST_TEST(contains(os.str(), "\"sim.exit_reason\": {\"value\": \"tohost: \\\"fail\\\" 3\""));
}
