#include "sweep_exec.h"

#include "models/common/user_error.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace trvp::platform::sweep {

namespace {

using clock_type = std::chrono::steady_clock;

volatile std::sig_atomic_t g_signal = 0, g_signals = 0;

extern "C" void on_stop_signal(int sig) {
    if (!g_signal) g_signal = sig;
    g_signals = g_signals + 1;
}

// Installs the stop handlers for the lifetime of one run_jobs call (no SA_RESTART: the
// polling sleep returns early).
class stop_signals {
public:
    stop_signals() {
        g_signal = g_signals = 0;
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &m_int);
        sigaction(SIGTERM, &sa, &m_term);
    }
    ~stop_signals() {
        sigaction(SIGINT, &m_int, nullptr);
        sigaction(SIGTERM, &m_term, nullptr);
    }
    stop_signals(const stop_signals&) = delete;
    stop_signals& operator=(const stop_signals&) = delete;

private:
    struct sigaction m_int {
    }, m_term{};
};

// A child in its own process group: a Ctrl-C on the terminal reaches the sweep only, which
// forwards it once (a child that got it twice might give up writing its outputs).
pid_t spawn(const job& j) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, (j.dir + "/stdout.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (j.dir + "/stderr.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    std::vector<char*> av;
    for (const auto& a : j.argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, av[0], &fa, &attr, av.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw user_error("cannot start " + j.argv[0] + ": " + std::strerror(rc));
    return pid;
}

struct child {
    size_t index;
    clock_type::time_point start;
    job_end end = job_end::exited;
    clock_type::time_point stop_sent{}; // when SIGTERM/SIGINT was sent; epoch: not yet
    bool killed = false;
};

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

} // namespace

int run_jobs(const std::vector<job>& jobs, unsigned parallel, double host_seconds,
             const std::function<void(size_t)>& started,
             const std::function<void(size_t, const job_result&)>& ended,
             const std::function<void()>& tick) {
    stop_signals guard;
    std::map<pid_t, child> running;
    size_t next = 0;
    int stop = 0; // the signal being handled
    auto last_tick = clock_type::now();
    auto send = [](pid_t pid, child& c, int sig, job_end why) {
        if (c.stop_sent != clock_type::time_point{}) return;
        kill(pid, sig);
        c.stop_sent = clock_type::now();
        c.end = why;
    };
    while ((next < jobs.size() && !stop) || !running.empty()) {
        if (g_signal && !stop) stop = g_signal;
        if (stop) {
            // Forward once; a second signal, or the grace period running out, kills.
            const bool again = g_signals > 1;
            for (auto& [pid, c] : running) {
                send(pid, c, stop, job_end::interrupted);
                if (!c.killed && (again || seconds_since(c.stop_sent) > stop_grace_seconds)) {
                    kill(pid, SIGKILL);
                    c.killed = true;
                }
            }
        }
        while (!stop && next < jobs.size() && running.size() < parallel) {
            running[spawn(jobs[next])] = {next, clock_type::now()};
            started(next++);
        }
        if (host_seconds > 0)
            for (auto& [pid, c] : running) {
                if (c.stop_sent == clock_type::time_point{} &&
                    seconds_since(c.start) > host_seconds)
                    send(pid, c, SIGTERM, job_end::timeout);
                if (!c.killed && c.end == job_end::timeout &&
                    seconds_since(c.stop_sent) > stop_grace_seconds) {
                    kill(pid, SIGKILL);
                    c.killed = true;
                }
            }
        int ws = 0;
        const pid_t pid = waitpid(-1, &ws, WNOHANG);
        if (pid <= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (clock_type::now() - last_tick > std::chrono::seconds(1)) {
                tick();
                last_tick = clock_type::now();
            }
            continue;
        }
        auto it = running.find(pid);
        if (it == running.end()) continue;
        job_result r;
        r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        r.end = it->second.end;
        const size_t index = it->second.index;
        running.erase(it);
        ended(index, r);
    }
    return stop;
}

} // namespace trvp::platform::sweep
