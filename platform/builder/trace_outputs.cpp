#include "trace_outputs.h"

#include "models/common/commit_trace.h"
#include "models/common/component.h"
#include "models/common/tracer.h"
#include "models/common/user_error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace trvp::platform {

namespace {

namespace fs = std::filesystem;

std::string in_out_dir(const std::string& file, const std::string& out_dir) {
    const fs::path p(file);
    return p.is_absolute() ? p.string() : (fs::path(out_dir) / p).string();
}

// Runs `argv` (no shell) and waits; returns "" or what went wrong.
std::string run_program(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    const int err = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (err) return "cannot run " + argv[0] + ": " + std::strerror(err);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return "cannot wait for " + argv[0] + ": " + std::strerror(errno);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
    return argv[0] + " failed (" +
           (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                              : "signal " + std::to_string(WTERMSIG(status))) +
           ")";
}

} // namespace

std::string find_program(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
        const std::string candidate = dir + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate))
            return candidate;
        start = end + 1;
    }
    return "";
}

trace_outputs::trace_outputs(const output_options& o, const std::string& out_dir, sim_env& env) {
    if (!o.trace.empty()) {
        m_commits = std::make_unique<commit_trace>(in_out_dir(o.trace, out_dir), o.trace_opts);
        if (!m_commits->ok()) throw user_error("outputs.trace: " + m_commits->error());
        env.commits = m_commits.get();
    }
    if (o.vcd.empty()) return;
    const sc_core::sc_time end =
        o.vcd_end == sc_core::SC_ZERO_TIME ? sc_core::sc_max_time() : o.vcd_end;
    m_vcd_path = in_out_dir(o.vcd, out_dir);
    if (o.vcd_format == "fst") {
        m_fst = m_vcd_path;
        m_vcd_path = m_fst + ".tmp.vcd"; // streamed here, converted by close()
    }
    m_vcd = std::make_unique<tracer>(m_vcd_path, o.vcd_start, end);
    if (!m_vcd->ok()) throw user_error("outputs.vcd: " + m_vcd->error());
    env.trace = m_vcd.get();
}

trace_outputs::~trace_outputs() {
    close();
}

std::string trace_outputs::close() {
    if (m_closed) return m_result;
    m_closed = true;
    if (m_commits && !m_commits->close()) m_result = m_commits->error();
    if (m_vcd && !m_vcd->write() && m_result.empty()) m_result = m_vcd->error();
    if (m_vcd && m_vcd->late()) // a model bug, not the user's: the file is still usable
        std::cerr << "trvp: warning: " << m_vcd->late()
                  << " VCD changes arrived stamped before a time already written; they are "
                     "written at the earliest open time\n";
    if (m_vcd && !m_fst.empty() && m_result.empty()) {
        const std::string err = run_program({"vcd2fst", m_vcd_path, m_fst});
        if (!err.empty()) m_result = "cannot write FST file '" + m_fst + "': " + err;
        std::error_code ec;
        fs::remove(m_vcd_path, ec);
    }
    return m_result;
}

} // namespace trvp::platform
