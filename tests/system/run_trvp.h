#pragma once
// System-test harness: runs the built `trvp` binary and inspects what it produced.
//
//   BOOST_AUTO_TEST_CASE(hello_prints) {
//       auto r = trvp_run(config_path("virt.yaml")).firmware("hello.elf").max_time("10 ms").run();
//       BOOST_TEST(r.status == 0, r);               // prints status, stderr on failure
//       BOOST_TEST(r.file("uart0.txt").find("hello") != std::string::npos);
//       BOOST_TEST(r.counter("cpu.instret") > 100u);
//   }
//
// Every test gets a scratch folder (/tmp/trvp-system/<test name>-<pid>/) that holds the
// run's output folder, captured stdout/stderr and any files the test writes.
// Include once per test executable, after defining BOOST_TEST_MODULE.

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace trvp::systest {

namespace fs = std::filesystem;

/** The trvp binary under test (compile definition TRVP_BINARY). */
inline std::string trvp_binary() {
    return TRVP_BINARY;
}
/** The repository's configs/ folder. */
inline std::string config_path(const std::string& name) {
    return std::string(TRVP_SOURCE_DIR) + "/configs/" + name;
}
/** Fails the running test case, naming `path`, unless the file exists: a prerequisite that
 *  was not built (a guest program, a sealed image) is a failure, never a skip. */
inline std::string require_file(const std::string& path) {
    BOOST_REQUIRE_MESSAGE(fs::exists(path), "missing prerequisite " << path << " (not built?)");
    return path;
}
/** A built guest ELF (TRVP_FIRMWARE_DIR); the test fails if it is missing. */
inline std::string firmware_path(const std::string& elf) {
    return require_file(std::string(TRVP_FIRMWARE_DIR) + "/" + elf);
}
#ifdef TRVP_SEALED_DIR
/** A sealed image built by firmware/CMakeLists.txt; the test fails if it is missing. */
inline std::string sealed_path(const std::string& image) {
    return require_file(std::string(TRVP_SEALED_DIR) + "/" + image);
}
#endif
/** Fails the running test case unless the host tool `name` is on PATH (tools/setup). */
inline void require_tool(const std::string& name) {
    const std::string cmd = "command -v '" + name + "' > /dev/null 2>&1";
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0,
                          "missing prerequisite: the tool " << name << " (run tools/setup)");
}

/** This test case's scratch folder, created empty on first use in a test case. */
inline std::string scratch_dir() {
    static std::string current_test, dir;
    const std::string name = boost::unit_test::framework::current_test_case().p_name;
    if (name != current_test) {
        current_test = name;
        dir = (fs::temp_directory_path() / "trvp-system" / (name + "-" + std::to_string(getpid())))
                  .string();
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    return dir;
}

/** Writes `content` to <scratch>/<name> and returns its path. */
inline std::string write_file(const std::string& name, const std::string& content) {
    const std::string path = scratch_dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/** What one run of trvp left behind. */
struct run_result {
    int status = -1;      // exit status; 128 + signal number if killed
    std::string out, err; // captured stdout and stderr
    std::string out_dir;  // the run's --out folder
    std::vector<std::string> argv;

    /** <out>/stats.json as a YAML node ({"name": {"value": ..., "unit": ..., "desc": ...}}). */
    YAML::Node stats() const { return YAML::LoadFile(out_dir + "/stats.json"); }
    bool has_stat(const std::string& name) const { return bool(stats()[name]); }
    /** A statistic's value; throws if the statistic is missing. */
    double stat(const std::string& name) const { return value(name).as<double>(); }
    uint64_t counter(const std::string& name) const { return value(name).as<uint64_t>(); }
    std::string text(const std::string& name) const { return value(name).as<std::string>(); }
    /** The contents of <out>/<rel> (a UART transcript, stats.txt, ...). */
    std::string file(const std::string& rel) const { return read_file(out_dir + "/" + rel); }
    /** <out>/config.yaml: the resolved configuration. */
    YAML::Node config() const { return YAML::LoadFile(out_dir + "/config.yaml"); }
    bool err_has(const std::string& s) const { return err.find(s) != std::string::npos; }
    bool out_has(const std::string& s) const { return out.find(s) != std::string::npos; }

private:
    YAML::Node value(const std::string& name) const {
        const YAML::Node s = stats()[name];
        if (!s)
            throw std::runtime_error("statistic '" + name + "' not in " + out_dir + "/stats.json");
        return s["value"];
    }
};

/** Printed by BOOST_TEST(cond, r) style messages: the command, status and stderr. */
inline std::ostream& operator<<(std::ostream& os, const run_result& r) {
    os << "trvp";
    for (size_t i = 1; i < r.argv.size(); ++i) os << " '" << r.argv[i] << "'";
    return os << "\n  exit status " << r.status << "\n  stderr:\n" << r.err;
}

/** Runs trvp with `args` (no shell involved); `scratch` holds the captured streams. */
inline run_result run_trvp_args(const std::vector<std::string>& args) {
    run_result r;
    r.argv.push_back(trvp_binary());
    r.argv.insert(r.argv.end(), args.begin(), args.end());
    const std::string dir = scratch_dir();
    static int n = 0;
    const std::string base = dir + "/run" + std::to_string(++n);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, (base + ".stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (base + ".stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (auto& a : r.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + trvp_binary());
    int ws = 0;
    waitpid(pid, &ws, 0);
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    r.out = read_file(base + ".stdout");
    r.err = read_file(base + ".stderr");
    return r;
}

/** A `trvp run` invocation, built step by step; its outputs go to the scratch folder. */
class trvp_run {
public:
    explicit trvp_run(std::string config) : m_config(std::move(config)) {}
    /** Writes `yaml` to the scratch folder as `name` and runs that. */
    static trvp_run from_yaml(const std::string& yaml, const std::string& name = "config.yaml") {
        return trvp_run(write_file(name, yaml));
    }
    /** --set key.path=value */
    trvp_run& set(const std::string& assignment) {
        m_args.push_back("--set");
        m_args.push_back(assignment);
        return *this;
    }
    /** firmware.elf = a built guest program (by file name) or any path. */
    trvp_run& firmware(const std::string& elf) {
        return set("firmware.elf=" +
                   (elf.find('/') == std::string::npos ? firmware_path(elf) : elf));
    }
    /** firmware.args = [a0, a1, ...] */
    trvp_run& args(const std::vector<uint32_t>& words) {
        std::string v = "[";
        for (size_t i = 0; i < words.size(); ++i) v += (i ? ", " : "") + std::to_string(words[i]);
        return set("firmware.args=" + v + "]");
    }
    trvp_run& max_instructions(uint64_t n) {
        return arg("--max-instructions").arg(std::to_string(n));
    }
    trvp_run& max_time(const std::string& t) { return arg("--max-time").arg(t); }
    /** The output folder (default <scratch>/out). */
    trvp_run& out(const std::string& dir) {
        m_out = dir;
        return *this;
    }
    /** Any other argument. */
    trvp_run& arg(const std::string& a) {
        m_args.push_back(a);
        return *this;
    }
    run_result run() const {
        std::vector<std::string> a = {"run", m_config, "--out", out_dir()};
        a.insert(a.end(), m_args.begin(), m_args.end());
        run_result r = run_trvp_args(a);
        r.out_dir = out_dir();
        return r;
    }

private:
    std::string out_dir() const { return m_out.empty() ? scratch_dir() + "/out" : m_out; }
    std::string m_config;
    std::string m_out;
    std::vector<std::string> m_args;
};

} // namespace trvp::systest
