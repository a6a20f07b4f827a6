#define BOOST_TEST_MODULE system_robust
// Runs that always end and never lose their output (docs/platform.md, "Run limits",
// "Outputs", "Signals"): trap storms, the default time limit, the progress line, signals,
// write errors, marker floods. The guests are a few instruction words (rv32_words.h) in an
// ELF built by the test.
#include "../platform/elf_builder.h"
#include "run_trvp.h"
#include "rv32_words.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <thread>

using namespace trvp::systest;
namespace rv = trvp::systest::rv;

namespace {

/** Writes a guest made of `words` at 0x80000000 (the entry) and returns its path. */
std::string guest(const std::string& name, const std::vector<uint32_t>& words) {
    trvp::test::elf_builder e;
    e.payload = rv::bytes(words);
    const std::string path = scratch_dir() + "/" + name + ".elf";
    e.write(path);
    return path;
}

// Prints "h\n" on uart0 (virt.yaml: 0x10000000), then loops forever.
std::vector<uint32_t> hello_then_loop() {
    return {rv::lui(rv::t0, 0x10000),  rv::addi(rv::t1, rv::zero, 'h'),
            rv::sb(rv::t1, rv::t0, 0), rv::addi(rv::t1, rv::zero, '\n'),
            rv::sb(rv::t1, rv::t0, 0), rv::j(0)};
}

/** Files in `dir` whose names contain `part`. */
std::vector<std::string> files_with(const std::string& dir, const std::string& part) {
    std::vector<std::string> found;
    for (const auto& f : fs::directory_iterator(dir))
        if (f.path().filename().string().find(part) != std::string::npos)
            found.push_back(f.path().filename().string());
    return found;
}

/** No temporary file and no empty file is left in `dir`. */
void no_partial_files(const std::string& dir) {
    BOOST_TEST(files_with(dir, ".part").empty(), "temporary files left in " << dir);
    for (const auto& f : fs::directory_iterator(dir))
        BOOST_TEST(fs::file_size(f.path()) > 0u, f.path() << " is empty");
}

/** A trvp run in the background: stdout through a pipe (to wait for the guest's output),
 *  stderr to a file. */
class background_run {
public:
    /** `tty`: stderr is a pseudo-terminal (read back by err()), else a file. */
    explicit background_run(const std::vector<std::string>& args, bool tty = false) {
        m_err = scratch_dir() + "/bg.stderr";
        int fds[2];
        BOOST_REQUIRE(pipe(fds) == 0);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
        if (tty) {
            m_pty = posix_openpt(O_RDWR | O_NOCTTY);
            BOOST_REQUIRE(m_pty >= 0);
            BOOST_REQUIRE(grantpt(m_pty) == 0);
            BOOST_REQUIRE(unlockpt(m_pty) == 0);
            posix_spawn_file_actions_addopen(&fa, 2, ptsname(m_pty), O_RDWR | O_NOCTTY, 0);
            posix_spawn_file_actions_addclose(&fa, m_pty);
        } else {
            posix_spawn_file_actions_addopen(&fa, 2, m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                             0644);
        }
        std::vector<std::string> all = {trvp_binary()};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        BOOST_REQUIRE(posix_spawn(&m_pid, argv[0], &fa, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&fa);
        close(fds[1]);
        m_out = fds[0];
    }
    ~background_run() {
        if (m_pid > 0) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
        close(m_out);
        if (m_pty >= 0) close(m_pty);
    }
    /** Reads stdout until it contains `text` (fails after 60 s). */
    bool wait_for_output(const std::string& text) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (m_stdout.find(text) == std::string::npos) {
            if (std::chrono::steady_clock::now() > until) return false;
            pollfd p{m_out, POLLIN, 0};
            if (poll(&p, 1, 1000) <= 0) continue;
            char buf[256];
            const ssize_t n = read(m_out, buf, sizeof buf);
            if (n <= 0) return false; // trvp ended
            m_stdout.append(buf, size_t(n));
        }
        return true;
    }
    void signal(int sig) { kill(m_pid, sig); }
    /** Waits for the end; returns the exit status (128 + signal when killed). */
    int wait() {
        int ws = 0;
        waitpid(m_pid, &ws, 0);
        m_pid = -1;
        return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    }
    std::string err() {
        if (m_pty < 0) return read_file(m_err);
        // The terminal's output so far (after the end, what is left in its buffer).
        for (;;) {
            pollfd p{m_pty, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) break;
            char buf[256];
            const ssize_t n = read(m_pty, buf, sizeof buf);
            if (n <= 0) break;
            m_tty.append(buf, size_t(n));
        }
        return m_tty;
    }

private:
    pid_t m_pid = -1;
    int m_out = -1, m_pty = -1;
    std::string m_tty;
    std::string m_err, m_stdout;
};

// The guest's exit through virt.yaml's finisher (0x100000): 0x5555 = pass.
std::vector<uint32_t> finisher_pass() {
    return {rv::lui(rv::t5, 0x100), rv::lui(rv::t6, 0x5), rv::addi(rv::t6, rv::t6, 0x555),
            rv::sw(rv::t6, rv::t5, 0), rv::j(0)};
}

} // namespace

// ---- trap storms: each used to spin forever (no instruction retires, so no limit fired) ----

BOOST_AUTO_TEST_CASE(illegal_instruction_at_reset_is_a_trap_storm) {
    auto r = trvp_run(config_path("virt.yaml")).firmware(guest("illegal", {0, 0})).run();
    BOOST_TEST(r.status == 3, r);
    BOOST_TEST(r.err_has("trap storm: cpu took"), r);
    BOOST_TEST(r.err_has("first: illegal instruction (cause 2) at pc 0x80000000"), r);
    BOOST_TEST(r.counter("sim.exit_status") == 3u);
    BOOST_TEST(r.text("sim.exit_reason").find("trap storm") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ecall_without_a_handler_is_a_trap_storm) {
    // mtvec is 0 at reset: the ecall traps to 0, where nothing is mapped on virt.yaml.
    auto r = trvp_run(config_path("virt.yaml")).firmware(guest("ecall", {rv::ecall})).run();
    BOOST_TEST(r.status == 3, r);
    BOOST_TEST(r.err_has("trap storm"), r);
    BOOST_TEST(r.err_has("first: ecall from M-mode (cause 11) at pc 0x80000000"), r);
    BOOST_TEST(r.err_has("last: instruction access fault (cause 1) at pc 0x00000000, tval "
                         "0x00000000, handler mtvec 0x00000000"),
               r);
}

BOOST_AUTO_TEST_CASE(jump_to_unmapped_memory_is_a_trap_storm) {
    // The handler is the unmapped address too.
    auto r = trvp_run(config_path("virt.yaml"))
                 .firmware(guest("jump", {rv::lui(rv::t0, 0x40000), rv::csrw(0x305, rv::t0),
                                          rv::jalr(rv::zero, rv::t0, 0)}))
                 .run();
    BOOST_TEST(r.status == 3, r);
    BOOST_TEST(r.err_has("instruction access fault (cause 1) at pc 0x40000000, tval 0x40000000"),
               r);
}

BOOST_AUTO_TEST_CASE(router_cycle_is_refused_before_the_run) {
    // bus -> bus2 -> bus for the page at 0, where the guest's trap handler (mtvec 0) lives.
    // It used to recurse until the host stack overflowed (SIGSEGV). The builder refuses the
    // cycle now (exit 2); a router also answers a request that comes back with an address
    // error (test_router: a_request_that_comes_back_is_an_address_error).
    std::string yaml = read_file(config_path("virt.yaml"));
    auto insert_after = [&yaml](const std::string& at, const std::string& text) {
        const auto p = yaml.find(at);
        BOOST_REQUIRE(p != std::string::npos);
        yaml.insert(p + at.size(), text);
    };
    insert_after("size: 0x1000}\n", "      - {port: loop, base: 0x0, size: 0x1000}\n");
    insert_after("components:\n", "  bus2:\n    type: router\n    map:\n"
                                  "      - {port: back, base: 0x0, size: 0x1000}\n");
    insert_after("connections:\n", "  - bus.loop -> bus2.in\n  - bus2.back -> bus.in\n");
    auto r = trvp_run::from_yaml(yaml, "cycle.yaml").firmware(guest("ecall", {rv::ecall})).run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("routers connected in a cycle"), r);
}

BOOST_AUTO_TEST_CASE(trap_storm_limit_is_a_core_parameter) {
    // 0 turns the check off: the time limit ends the run instead.
    auto r = trvp_run(config_path("virt.yaml"))
                 .firmware(guest("illegal", {0}))
                 .set("cpu.max_trap_storm=0")
                 .max_time("100 us")
                 .run();
    BOOST_TEST(r.status == 3, r);
    BOOST_TEST(!r.err_has("trap storm"), r);
    BOOST_TEST(r.err_has("max_time 100 us reached"), r);
    BOOST_TEST(r.counter("cpu.exceptions.insn_access_fault") > 1000u);
}

// ---- time limit and progress ----

BOOST_AUTO_TEST_CASE(an_infinite_loop_ends_at_the_default_time_limit) {
    // The default limit (10 s) on a 1 MHz clock: 10^7 cycles, a fraction of a second.
    auto r = trvp_run(config_path("virt.yaml"))
                 .firmware(guest("loop", {rv::j(0)}))
                 .set("simulation.clock=1 MHz")
                 .run();
    BOOST_TEST(r.status == 3, r);
    BOOST_TEST(r.err_has("max_time 10 s reached (simulation.max_time; --max-time 0 lifts it)"), r);
    BOOST_TEST(r.text("sim.exit_reason").find("max_time 10 s reached") != std::string::npos);
    // The same default without the config saying it (virt.yaml and default.yaml do).
    auto bare = trvp_run::from_yaml("firmware: {elf: " + guest("loop", {rv::j(0)}) +
                                    "}\n"
                                    "simulation: {clock: 1 MHz}\n"
                                    "components:\n"
                                    "  cpu: {type: rv32_core}\n"
                                    "  bus:\n"
                                    "    type: router\n"
                                    "    map: [{port: dram, base: 0x80000000, size: 1 MiB}]\n"
                                    "  dram: {type: dram, size: 1 MiB}\n"
                                    "connections: [cpu.fetch -> bus.in, cpu.data -> bus.in,"
                                    " bus.dram -> dram.mem]\n")
                    .run();
    BOOST_TEST(bare.status == 3, bare);
    BOOST_TEST(bare.err_has("max_time 10 s reached"), bare);
    // --max-time 0 lifts it (a guest that exits).
    auto l = trvp_run(config_path("virt.yaml"))
                 .firmware(guest("pass", finisher_pass()))
                 .max_time("0")
                 .run();
    BOOST_TEST(l.status == 0, l);
    BOOST_TEST(l.config()["simulation"]["max_time"].as<std::string>() == "0 ns");
}

namespace {

// What a run of the endless guest printed on stderr when it ran for `seconds` of host time
// (longer than progress_line::delay) before SIGINT; on a terminal when `tty`.
std::string stderr_of_a_long_run(bool tty, double seconds) {
    background_run bg({"run", config_path("virt.yaml"), "--set",
                       "firmware.elf=" + guest("hello_loop", hello_then_loop()), "--max-time", "0",
                       "--out", scratch_dir() + "/out"},
                      tty);
    BOOST_REQUIRE_MESSAGE(bg.wait_for_output("h\n"), "the guest printed nothing: " << bg.err());
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    bg.signal(SIGINT);
    BOOST_TEST(bg.wait() == 130);
    return bg.err();
}

} // namespace

BOOST_AUTO_TEST_CASE(no_progress_line_when_stderr_is_not_a_terminal) {
    const std::string err = stderr_of_a_long_run(false, 3.5);
    BOOST_TEST(err.find("interrupted (SIGINT)") != std::string::npos, err);
    BOOST_TEST(err.find('\r') == std::string::npos, err);
    BOOST_TEST(err.find("trvp: simulated") == std::string::npos, err);
}

BOOST_AUTO_TEST_CASE(a_progress_line_on_a_terminal) {
    const std::string err = stderr_of_a_long_run(true, 3.5);
    BOOST_TEST(err.find("\rtrvp: simulated ") != std::string::npos, err);
    BOOST_TEST(err.find(" MIPS, no time limit (Ctrl-C stops)") != std::string::npos, err);
    BOOST_TEST(err.find("\r\033[K") != std::string::npos, "the line is erased before the summary");
    BOOST_TEST(err.find("interrupted (SIGINT)") != std::string::npos, err);
}

// ---- signals ----

namespace {

void interrupted_run_keeps_its_outputs(int sig, int status, const std::string& name) {
    const std::string out = scratch_dir() + "/out";
    background_run bg({"run", config_path("virt.yaml"), "--set",
                       "firmware.elf=" + guest("hello_loop", hello_then_loop()), "--max-time", "0",
                       "--out", out});
    BOOST_REQUIRE_MESSAGE(bg.wait_for_output("h\n"), "the guest printed nothing: " << bg.err());
    bg.signal(sig);
    BOOST_TEST(bg.wait() == status, bg.err());
    const std::string err = bg.err();
    BOOST_TEST(err.find("interrupted (" + name + ") (exit status " + std::to_string(status)) !=
                   std::string::npos,
               err);
    run_result r;
    r.out_dir = out;
    BOOST_TEST(r.counter("sim.interrupted") == 1u);
    BOOST_TEST(r.counter("sim.exit_status") == unsigned(status));
    BOOST_TEST(r.text("sim.exit_reason") == "interrupted (" + name + ")");
    BOOST_TEST(r.counter("cpu.instret") > 0u);
    BOOST_TEST(r.file("uart0.txt") == "h\n");
    BOOST_TEST(fs::exists(out + "/stats.txt"));
    no_partial_files(out);
}

} // namespace

BOOST_AUTO_TEST_CASE(sigterm_writes_the_outputs_and_exits_143) {
    interrupted_run_keeps_its_outputs(SIGTERM, 143, "SIGTERM");
}

BOOST_AUTO_TEST_CASE(sigint_writes_the_outputs_and_exits_130) {
    interrupted_run_keeps_its_outputs(SIGINT, 130, "SIGINT");
}

BOOST_AUTO_TEST_CASE(a_second_signal_exits_at_once) {
    const std::string out = scratch_dir() + "/out";
    background_run bg({"run", config_path("virt.yaml"), "--set",
                       "firmware.elf=" + guest("hello_loop", hello_then_loop()), "--max-time", "0",
                       "--out", out});
    BOOST_REQUIRE(bg.wait_for_output("h\n"));
    bg.signal(SIGINT);
    bg.signal(SIGTERM);
    const int status = bg.wait();
    BOOST_TEST((status == 143 || status == 130), bg.err());
    // Normally the second signal lands while the first is being handled: trvp leaves at once,
    // with the status of the second (signals may arrive in either order). If the run got
    // through its whole end first, it ended the normal way.
    if (bg.err().find("second signal: exiting at once") != std::string::npos) {
        // Nothing half written under a final name: stats.json is not there at all.
        BOOST_TEST(!fs::exists(out + "/stats.json"));
    } else {
        BOOST_TEST(bg.err().find("interrupted (SIG") != std::string::npos, bg.err());
        no_partial_files(out);
    }
}

// ---- outputs: written whole or not at all ----

BOOST_AUTO_TEST_CASE(a_full_disk_is_a_user_error_and_leaves_no_partial_file) {
    // A 4 KiB file size limit (ulimit -f counts 512-byte blocks) with SIGXFSZ ignored: writes
    // past it fail with EFBIG, as on a full disk. config.yaml fits, stats.json does not.
    const std::string out = scratch_dir() + "/out";
    const std::string cmd = "trap '' XFSZ; ulimit -f 8; exec '" + trvp_binary() + "' run '" +
                            config_path("virt.yaml") + "' --set firmware.elf=hello.elf --out '" +
                            out + "' > '" + scratch_dir() + "/stdout' 2> '" + scratch_dir() +
                            "/stderr'";
    const int ws = std::system(cmd.c_str());
    const std::string err = read_file(scratch_dir() + "/stderr");
    BOOST_TEST(WEXITSTATUS(ws) == 2, err);
    BOOST_TEST(err.find("stats.json: write failed: File too large") != std::string::npos, err);
    BOOST_TEST(fs::exists(out + "/config.yaml"));
    BOOST_TEST(YAML::LoadFile(out + "/config.yaml")["components"]["cpu"]);
    BOOST_TEST(!fs::exists(out + "/stats.json"));
    no_partial_files(out);
}

BOOST_AUTO_TEST_CASE(an_output_folder_that_cannot_be_written_names_the_reason) {
    const std::string out = scratch_dir() + "/out";
    fs::create_directories(out + "/stats.json"); // a folder where the file should go
    auto r = trvp_run(config_path("virt.yaml")).firmware("hello.elf").out(out).run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("stats.json: write failed: Is a directory"), r);
    BOOST_TEST(fs::exists(out + "/stats.txt"), "the other outputs are still written");
    BOOST_TEST(files_with(out, ".part").empty());
}

// ---- guest statistics markers ----

BOOST_AUTO_TEST_CASE(a_marker_flood_writes_at_most_1000_phases) {
    // Phases 0..1004, each begun and ended, then the finisher (virt.yaml: stats at 0x101000).
    std::vector<uint32_t> w = {
        rv::lui(rv::t0, 0x101), rv::addi(rv::t1, rv::zero, 0), rv::addi(rv::t3, rv::zero, 1005),
        // loop:
        rv::slli(rv::t2, rv::t1, 8), rv::ori(rv::t4, rv::t2, 1), rv::sw(rv::t4, rv::t0, 0),
        rv::ori(rv::t4, rv::t2, 2), rv::sw(rv::t4, rv::t0, 0), rv::addi(rv::t1, rv::t1, 1),
        rv::blt(rv::t1, rv::t3, -24)};
    for (uint32_t f : finisher_pass()) w.push_back(f);
    auto r = trvp_run(config_path("virt.yaml"))
                 .firmware(guest("markers", w))
                 .set("outputs.stats_text=false")
                 .run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(files_with(r.out_dir, "stats.phase").size() == 1000u);
    BOOST_TEST(fs::exists(r.out_dir + "/stats.phase999.json"));
    BOOST_TEST(!fs::exists(r.out_dir + "/stats.phase1000.json"));
    BOOST_TEST(r.counter("sim.phases_not_written") == 5u);
    const std::string msg = "the guest ended more than 1000 phases";
    const auto first = r.err.find(msg);
    BOOST_TEST(first != std::string::npos, r);
    BOOST_TEST(r.err.find(msg, first + 1) == std::string::npos, "said once");
}

// ---- run identity ----

BOOST_AUTO_TEST_CASE(stats_json_records_the_run_identity) {
    auto run = [](const std::string& dir, const std::vector<std::string>& sets) {
        trvp_run t(config_path("virt.yaml"));
        t.firmware("hello.elf").out(scratch_dir() + "/" + dir);
        for (const auto& s : sets) t.set(s);
        return t.run();
    };
    auto a = run("a", {}), b = run("b", {}), c = run("c", {"dram.latency=60 ns"});
    BOOST_TEST(a.status == 0, a);
    BOOST_TEST(a.text("sim.version").rfind("trvp ", 0) == 0u);
    BOOST_TEST(a.text("sim.build_id").size() >= 32u);
    BOOST_TEST(a.text("sim.config_hash").size() == 64u);
    BOOST_TEST(!a.text("sim.host").empty());
    BOOST_TEST(a.text("sim.config_hash") == b.text("sim.config_hash"), "same config, same hash");
    BOOST_TEST(a.text("sim.config_hash") != c.text("sim.config_hash"), "--set changes the hash");
    BOOST_TEST(a.text("sim.build_id") == c.text("sim.build_id"));
    // The firmware's hash is the file's SHA-256 (as sha256sum prints it).
    const std::string sum = scratch_dir() + "/sum";
    const std::string cmd = "sha256sum '" + firmware_path("hello.elf") + "' > '" + sum + "'";
    BOOST_REQUIRE(std::system(cmd.c_str()) == 0);
    BOOST_TEST(a.text("sim.input.firmware") == read_file(sum).substr(0, 64));
    // A rebuilt simulator or another host is no regression: compare reports, never fails.
    auto cmp = run_trvp_args({"compare", a.out_dir + "/stats.json", c.out_dir + "/stats.json",
                              "--ignore", "sim.time_ps", "--ignore", "sim.seconds"});
    BOOST_TEST(cmp.out_has("sim.config_hash"), cmp.out);
}
