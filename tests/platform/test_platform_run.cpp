#define BOOST_TEST_MODULE platform_run
// Runs whole platforms in-process (one case per process: SystemC elaborates once) with a
// small test initiator standing in for a core: it checks what the loader put in memory
// and reports through the HTIF tohost convention.
#include "../common/sc_test_main.h"
#include "elf_builder.h"
#include "platform/app/run.h"
#include "platform/builder/components.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <tlm_utils/simple_initiator_socket.h>
#include <yaml-cpp/yaml.h>

namespace {

using namespace trvp;
using namespace trvp::platform;

constexpr uint32_t tohost_addr = 0x80001000, args_addr = 0x80001100;

struct checker_params {
    std::string mode; // pass: check memory then report; fail: report code 3; idle: spin
};

class checker : public component {
public:
    tlm_utils::simple_initiator_socket<checker> out{"out"};
    SC_HAS_PROCESS(checker);
    checker(const sc_core::sc_module_name& n, sim_env& env, const checker_params& p)
        : component(n, env), m_mode(p.mode) {
        expose_initiator("out", out);
        SC_THREAD(run);
    }

private:
    // A member, not a local: the run ends while this thread waits, and SystemC does not
    // unwind waiting threads (a local payload would never be destroyed: a leak under ASan).
    tlm::tlm_generic_payload gp;

    uint32_t access(tlm::tlm_command cmd, uint64_t addr, uint32_t v = 0) {
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        gp.set_byte_enable_ptr(nullptr);
        gp.set_dmi_allowed(false);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        out->b_transport(gp, d);
        wait(d);
        return v;
    }
    void run() {
        wait(10, sc_core::SC_NS);
        if (m_mode == "idle")
            for (;;) wait(100, sc_core::SC_NS); // a guest that never exits
        if (m_mode == "phases") {
            access(tlm::TLM_READ_COMMAND, 0x80000000);
            env().control.mark_phase(1, 1, sc_core::sc_time_stamp());
            access(tlm::TLM_READ_COMMAND, 0x80000000);
            access(tlm::TLM_READ_COMMAND, 0x80000004);
            env().control.mark_phase(1, 2, sc_core::sc_time_stamp());
            access(tlm::TLM_WRITE_COMMAND, tohost_addr, 1);
            wait(1, sc_core::SC_US);
        }
        uint32_t code = 3;
        if (m_mode == "pass") {
            const bool ok = access(tlm::TLM_READ_COMMAND, 0x80000000) == 0x00000013 &&
                            access(tlm::TLM_READ_COMMAND, args_addr) == 11 &&
                            access(tlm::TLM_READ_COMMAND, args_addr + 4) == 22 &&
                            access(tlm::TLM_READ_COMMAND, args_addr + 8) == 0;
            code = ok ? 0 : 2;
        }
        access(tlm::TLM_WRITE_COMMAND, tohost_addr, code << 1 | 1);
        wait(1, sc_core::SC_US); // the exit request stops the simulation before this ends
    }
    std::string m_mode;
};

const component_factory<checker_params> checker_type{
    "test_checker", "test initiator (socket 'out')",
    [](param_reader& r) {
        return checker_params{
            r.choice("mode", "pass", {"pass", "fail", "idle", "phases"}, "what to do")};
    },
    [](build_context& c, const checker_params& p) {
        return std::make_unique<checker>(c.name.c_str(), c.env, p);
    }};

// Writes the ELF and a config into a fresh folder; returns the config path. The first call
// adds the test initiator to the platform's component types.
std::string setup(const std::string& mode, uint32_t load_addr = 0x80000000,
                  const std::string& connections = "[chk.out -> bus.in, bus.dram -> dram.mem]") {
    static const bool registered = (component_types().add(checker_type), true);
    (void)registered;
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() / ("trvp_platform_run_" + mode + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    test::elf_builder elf;
    elf.load_addr = load_addr;
    elf.entry = load_addr;            // the entry must lie inside a segment (elf.h)
    elf.payload.resize(0x1200, 0xff); // covers tohost and trvp_args
    elf.symbols = {{"tohost", tohost_addr}, {"trvp_args", args_addr}};
    elf.write((dir / "fw.elf").string());
    std::ofstream(dir / "cfg.yaml") << "simulation: {max_time: 1 ms}\n"
                                       "firmware: {elf: fw.elf, args: [11, 22, 0]}\n"
                                       "components:\n"
                                       "  chk: {type: test_checker, mode: "
                                    << mode
                                    << "}\n"
                                       "  bus:\n"
                                       "    type: router\n"
                                       "    map: [{port: dram, base: 0x80000000, size: 1 MiB}]\n"
                                       "  dram: {type: dram, size: 1 MiB}\n"
                                       "connections: "
                                    << connections << "\n";
    return (dir / "cfg.yaml").string();
}

cli_options options(const std::string& cfg) {
    cli_options o;
    o.cmd = cli_options::command::run;
    o.config = cfg;
    o.out_dir = std::filesystem::path(cfg).parent_path() / "out";
    o.quiet = true;
    return o;
}

YAML::Node stats_of(const cli_options& o) {
    return YAML::LoadFile(o.out_dir + "/stats.json");
}

} // namespace

BOOST_AUTO_TEST_CASE(loads_segments_and_args_and_passes_through_tohost) {
    const auto o = options(setup("pass"));
    BOOST_TEST(run(o) == exit_pass);
    const YAML::Node s = stats_of(o);
    BOOST_TEST(s["sim.exit_code"]["value"].as<int>() == 0);
    BOOST_TEST(s["sim.exit_reason"]["value"].as<std::string>() == "tohost: pass");
    BOOST_TEST(s["sim.time_ps"]["value"].as<uint64_t>() > 0u);
    // The resolved configuration is complete and can be read again.
    const YAML::Node cfg = YAML::LoadFile(o.out_dir + "/config.yaml");
    BOOST_TEST(cfg["components"]["dram"]["latency"].as<std::string>() == "50 ns");
    BOOST_TEST(cfg["simulation"]["quantum"].as<std::string>() == "10 us");
}

BOOST_AUTO_TEST_CASE(tohost_failure_code_gives_status_1) {
    const auto o = options(setup("fail"));
    BOOST_TEST(run(o) == exit_fail);
    BOOST_TEST(stats_of(o)["sim.exit_code"]["value"].as<int>() == 3);
}

BOOST_AUTO_TEST_CASE(max_time_gives_status_3) {
    const auto o = options(setup("idle"));
    BOOST_TEST(run(o) == exit_limit);
    BOOST_TEST(stats_of(o)["sim.time_ps"]["value"].as<uint64_t>() == 1000000000u);
}

BOOST_AUTO_TEST_CASE(segment_in_a_hole_is_a_user_error_naming_the_address) {
    const auto o = options(setup("idle", 0x40000000));
    BOOST_CHECK_EXCEPTION(run(o), user_error, [](const user_error& e) {
        return std::string(e.what()).find("address 0x40000000 is not backed") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(unbound_initiator_is_a_user_error_naming_the_socket) {
    const auto o = options(setup("idle", 0x80000000, "[bus.dram -> dram.mem]"));
    BOOST_CHECK_EXCEPTION(run(o), user_error, [](const user_error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return std::string(e.what()).find("socket 'chk.out' is not connected") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(phase_markers_reset_and_dump_statistics) {
    const auto o = options(setup("phases"));
    BOOST_TEST(run(o) == exit_pass);
    const YAML::Node phase = YAML::LoadFile(o.out_dir + "/stats.phase1.json");
    BOOST_TEST(phase["dram.reads"]["value"].as<uint64_t>() == 2u);
    BOOST_TEST(phase["sim.begin_ps"]["value"].as<uint64_t>() > 0u);
    BOOST_TEST(phase["sim.exit_reason"]["value"].as<std::string>() == "phase 1 ended");
    BOOST_TEST(stats_of(o)["dram.reads"]["value"].as<uint64_t>() == 2u); // since the reset
}
