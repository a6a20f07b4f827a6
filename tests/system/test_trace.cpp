#define BOOST_TEST_MODULE system_trace
// The instruction trace (trvp run --trace, outputs.trace*; docs/core.md#instruction-trace):
// pc for pc the same instructions as QEMU's exec log of the same ELF; Spike's commit-log
// line format; the instruction and time windows; protected contexts show only pc and
// privilege; tracing changes no simulated statistic. Also the VCD's windowed fast path and
// the FST output (docs/platform.md).
#include "run_trvp.h"

#include <map>
#include <regex>

using namespace trvp::systest;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> v;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
}

// The pc sequence of a commit log: every retired instruction, and every instruction that
// began to execute and raised an exception (QEMU logs it; fetch faults never executed).
std::vector<uint32_t> trace_pcs(const std::string& log) {
    std::vector<uint32_t> pcs;
    static const std::regex commit(R"(^core +\d+: \d 0x([0-9a-f]{8}) \()");
    static const std::regex trap(R"(^core +\d+: exception (\w+), epc 0x([0-9a-f]{8})$)");
    std::smatch m;
    for (const std::string& l : lines_of(log)) {
        if (std::regex_search(l, m, commit))
            pcs.push_back(uint32_t(std::stoul(m[1], nullptr, 16)));
        else if (std::regex_match(l, m, trap) && m[1].str().find("trap_instruction_") != 0)
            pcs.push_back(uint32_t(std::stoul(m[2], nullptr, 16)));
    }
    return pcs;
}

// QEMU 7.2 `-d exec`: "Trace 0: 0x7f.. [00000000/80000000/00109003/ff020201] ".
std::vector<uint32_t> qemu_pcs(const std::string& log) {
    std::vector<uint32_t> pcs;
    for (const std::string& l : lines_of(log)) {
        if (l.rfind("Trace ", 0) != 0) continue;
        const auto open = l.find('['), slash = l.find('/', open);
        pcs.push_back(uint32_t(
            std::stoul(l.substr(slash + 1, l.find('/', slash + 1) - slash - 1), nullptr, 16)));
    }
    return pcs;
}

size_t count_with(const std::vector<std::string>& lines, const std::string& s) {
    size_t n = 0;
    for (const std::string& l : lines) n += l.find(s) != std::string::npos;
    return n;
}

// Every statistic but the host-side ones is the same in both runs.
void same_simulated_statistics(const run_result& a, const run_result& b) {
    const YAML::Node x = a.stats(), y = b.stats();
    size_t compared = 0;
    for (auto it = x.begin(); it != x.end(); ++it) {
        const std::string name = it->first.Scalar();
        if (name.find("host") != std::string::npos) continue; // host.*, sim.host_*
        if (name == "sim.version" || name == "sim.build_id" || name == "sim.config_hash" ||
            name.rfind("sim.input.", 0) == 0)
            continue; // the run's identity: the configurations differ in their outputs
        BOOST_TEST_REQUIRE(bool(y[name]), name);
        BOOST_TEST(YAML::Dump(it->second["value"]) == YAML::Dump(y[name]["value"]), name);
        ++compared;
    }
    BOOST_TEST(compared > 50u);
}

} // namespace

BOOST_AUTO_TEST_CASE(commit_log_matches_qemu_pc_for_pc) {
    require_tool("qemu-system-riscv32");
    const std::string elf = firmware_path("tohost_test.elf");
    const std::string trace = scratch_dir() + "/trvp.log", qlog = scratch_dir() + "/qemu.log";
    auto r = trvp_run(config_path("virt.yaml"))
                 .set("firmware.elf=" + elf)
                 .arg("--trace")
                 .arg(trace)
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const std::string cmd = "timeout 60 qemu-system-riscv32 -machine spike -bios none -nographic "
                            "-monitor none -serial null -icount shift=0 -kernel '" +
                            elf + "' -d exec,nochain -singlestep -D '" + qlog + "'";
    BOOST_TEST_REQUIRE(std::system(cmd.c_str()) == 0, cmd);
    const std::vector<uint32_t> t = trace_pcs(read_file(trace));
    std::vector<uint32_t> q = qemu_pcs(read_file(qlog));
    BOOST_TEST_REQUIRE(t.size() == r.counter("sim.instructions"));
    BOOST_TEST_REQUIRE(t.size() > 5000u);
    // QEMU starts in its reset vector (0x1000), then enters the ELF where TRVP starts.
    const auto start = std::find(q.begin(), q.end(), t.front());
    BOOST_TEST_REQUIRE((start != q.end()));
    q.erase(q.begin(), start);
    // TRVP stops at the tohost write; QEMU notices it a few instructions later.
    BOOST_TEST_REQUIRE(q.size() >= t.size());
    BOOST_TEST(q.size() - t.size() <= 8u);
    size_t i = 0;
    while (i < t.size() && t[i] == q[i]) ++i;
    BOOST_TEST(i == t.size(), "first difference at instruction " << i);
}

BOOST_AUTO_TEST_CASE(commit_log_lines_have_spikes_format) {
    const std::string trace = scratch_dir() + "/hello.log";
    auto r = trvp_run(config_path("virt.yaml"))
                 .set("firmware.elf=hello.elf")
                 .arg("--trace")
                 .arg(trace)
                 .arg("--trace-disasm")
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const std::vector<std::string> l = lines_of(read_file(trace));
    BOOST_TEST_REQUIRE(l.size() == r.counter("sim.instructions"));
    // crt0: csrr t0, mhartid; ...; csrw mtvec, t0 (a CSR write); the bss loop's store.
    BOOST_TEST(l[0] == "core   0: 3 0x80000000 (0xf14022f3) x5  0x00000000  ; csrrs   t0, "
                       "mhartid, zero");
    BOOST_TEST(count_with(l, " c773_mtvec 0x") > 0u);
    const std::regex store(
        R"(^core   0: 3 0x[0-9a-f]{8} \(0x[0-9a-f]{8}\) mem 0x[0-9a-f]{8} 0x[0-9a-f]{8}  ; sw +.*)");
    const std::regex load(R"(^core   0: 3 0x[0-9a-f]{8} \(0x[0-9a-f]{8}\) x\d+ +0x[0-9a-f]{8} mem )"
                          R"(0x[0-9a-f]{8}  ; l[bhw]u? +.*)");
    const std::regex byte_store(R"( mem 0x[0-9a-f]{8} 0x[0-9a-f]{2}  ; sb )");
    size_t stores = 0, loads = 0, bytes = 0;
    for (const std::string& s : l) {
        stores += std::regex_match(s, store);
        loads += std::regex_search(s, load);
        bytes += std::regex_search(s, byte_store);
    }
    BOOST_TEST(stores > 0u);
    BOOST_TEST(loads > 0u);
    BOOST_TEST(bytes > 0u);
}

BOOST_AUTO_TEST_CASE(instruction_and_time_windows) {
    const std::string full = scratch_dir() + "/full.log";
    auto all = trvp_run(config_path("virt.yaml"))
                   .set("firmware.elf=hello.elf")
                   .arg("--trace")
                   .arg(full)
                   .run();
    BOOST_TEST_REQUIRE(all.status == 0, all);
    const std::vector<std::string> f = lines_of(read_file(full));
    auto r = trvp_run(config_path("virt.yaml"))
                 .set("firmware.elf=hello.elf")
                 .set("outputs.trace=part.log")
                 .set("outputs.trace_first=1000")
                 .set("outputs.trace_count=250")
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const std::vector<std::string> p = lines_of(r.file("part.log"));
    BOOST_TEST_REQUIRE(p.size() == 250u);
    BOOST_TEST((std::vector<std::string>(f.begin() + 1000, f.begin() + 1250) == p));

    // A time window: a contiguous stretch of the full trace, neither empty nor all of it.
    auto w = trvp_run(config_path("virt.yaml"))
                 .set("firmware.elf=hello.elf")
                 .set("outputs.trace=time.log")
                 .set("outputs.trace_start=\"20 us\"")
                 .set("outputs.trace_end=\"30 us\"")
                 .run();
    BOOST_TEST_REQUIRE(w.status == 0, w);
    const std::vector<std::string> t = lines_of(w.file("time.log"));
    BOOST_TEST_REQUIRE(!t.empty());
    BOOST_TEST(t.size() < f.size() / 2);
    const auto at = std::search(f.begin(), f.end(), t.begin(), t.end());
    BOOST_TEST((at != f.end() && at != f.begin()));
    same_simulated_statistics(all, w);
}

BOOST_AUTO_TEST_CASE(tracing_does_not_change_results) {
    const std::string yaml = read_file(config_path("cached.yaml"));
    auto off = trvp_run(config_path("cached.yaml")).set("firmware.elf=hello.elf").run();
    auto on = trvp_run(config_path("cached.yaml"))
                  .set("firmware.elf=hello.elf")
                  .arg("--trace")
                  .arg(scratch_dir() + "/on.log")
                  .arg("--trace-disasm")
                  .run();
    BOOST_TEST_REQUIRE(off.status == 0, off);
    BOOST_TEST_REQUIRE(on.status == 0, on);
    same_simulated_statistics(off, on);
}

BOOST_AUTO_TEST_CASE(protected_contexts_show_pc_and_privilege_only) {
    // configs/scenarios/kx.yaml: two sealed processes run in protected (TR) contexts.
    auto r = trvp_run(config_path("scenarios/kx.yaml"))
                 .set("outputs.trace=kx.log")
                 .arg("--trace-disasm")
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const std::vector<std::string> l = lines_of(r.file("kx.log"));
    const std::regex hidden(R"(^core   0: 0 0x[0-9a-f]{8} \(protected\)$)");
    size_t protected_lines = 0;
    for (const std::string& s : l)
        if (s.find("(protected)") != std::string::npos) {
            BOOST_TEST(std::regex_match(s, hidden), s);
            ++protected_lines;
        }
    BOOST_TEST(protected_lines > 1000u);
    BOOST_TEST(l.size() > protected_lines); // the kernel's instructions in full
    // Traps taken in a protected context name cause and epc, never tval.
    for (size_t i = 0; i + 1 < l.size(); ++i)
        if (l[i].find("exception trap_user_ecall") != std::string::npos)
            BOOST_TEST(l[i + 1].find("tval") == std::string::npos, l[i + 1]);

    auto full = trvp_run(config_path("scenarios/kx.yaml"))
                    .set("outputs.trace=kx.log")
                    .set("outputs.trace_protected=full")
                    .run();
    BOOST_TEST_REQUIRE(full.status == 0, full);
    const std::vector<std::string> lf = lines_of(full.file("kx.log"));
    BOOST_TEST(count_with(lf, "(protected)") == 0u);
    // The same instructions and traps; only the tval lines of protected traps were hidden.
    BOOST_TEST(lf.size() - count_with(lf, " tval ") == l.size() - count_with(l, " tval "));
    BOOST_TEST(count_with(lf, " tval ") > count_with(l, " tval "));
    same_simulated_statistics(r, full);
}

BOOST_AUTO_TEST_CASE(unwritable_trace_is_a_user_error) {
    auto r = trvp_run(config_path("virt.yaml"))
                 .set("firmware.elf=hello.elf")
                 .arg("--trace")
                 .arg("/nonexistent-dir/x.log")
                 .run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("outputs.trace"), r);
    BOOST_TEST(r.err_has("x.log"), r);
}

BOOST_AUTO_TEST_CASE(vcd_window_keeps_the_fast_path_outside) {
    // A window traced with the fast paths back on outside it writes the very file a run
    // without fast paths writes (every access a traced transaction, as before streaming),
    // and neither changes a simulated statistic.
    const std::string cfg = config_path("cached.yaml");
    auto traced = [&](const std::string& name, bool fast) {
        return trvp_run(cfg)
            .set("firmware.elf=hello.elf")
            .set(std::string("components.cpu.fast_path=") + (fast ? "true" : "false"))
            .set("outputs.vcd_start=\"40 us\"")
            .set("outputs.vcd_end=\"60 us\"")
            .arg("--vcd")
            .arg(scratch_dir() + "/" + name)
            .out(scratch_dir() + "/" + name + ".out")
            .run();
    };
    auto slow = traced("slow.vcd", false), window = traced("window.vcd", true);
    auto off = trvp_run(cfg).set("firmware.elf=hello.elf").run();
    BOOST_TEST_REQUIRE(slow.status == 0, slow);
    BOOST_TEST_REQUIRE(window.status == 0, window);
    BOOST_TEST_REQUIRE(off.status == 0, off);
    same_simulated_statistics(off, window);
    same_simulated_statistics(off, slow);
    // Outside the window the L1s served hits through the fast path again.
    BOOST_TEST(slow.counter("cpu.host.provider_accesses") == 0u);
    BOOST_TEST(window.counter("cpu.host.provider_accesses") > 0u);
    const std::string a = read_file(scratch_dir() + "/slow.vcd"),
                      b = read_file(scratch_dir() + "/window.vcd");
    BOOST_TEST(a.size() > 100000u);
    BOOST_TEST((a == b));
}

BOOST_AUTO_TEST_CASE(fst_through_vcd2fst) {
    require_tool("vcd2fst");
    const std::string fst = scratch_dir() + "/hello.fst";
    auto r = trvp_run(config_path("default.yaml"))
                 .arg("--vcd")
                 .arg(fst)
                 .arg("--vcd-format")
                 .arg("fst")
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    BOOST_TEST_REQUIRE(fs::exists(fst));
    BOOST_TEST(read_file(fst).substr(0, 5) != "$date"); // not the VCD text
    BOOST_TEST(fs::file_size(fst) > 1000u);
    BOOST_TEST(!fs::exists(fst + ".tmp.vcd"));

    // Without vcd2fst on PATH: exit 2 naming the key and the converter, before running.
    const char* old = std::getenv("PATH");
    const std::string saved = old ? old : "";
    setenv("PATH", "/nonexistent-bin", 1);
    auto missing = run_trvp_args({"run", config_path("default.yaml"), "--out", scratch_dir() + "/m",
                                  "--vcd", scratch_dir() + "/m.fst", "--vcd-format", "fst"});
    setenv("PATH", saved.c_str(), 1);
    BOOST_TEST(missing.status == 2, missing);
    BOOST_TEST(missing.err_has("vcd_format"), missing);
    BOOST_TEST(missing.err_has("vcd2fst"), missing);
    BOOST_TEST(!fs::exists(scratch_dir() + "/m.fst"));
}
