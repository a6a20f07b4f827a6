#pragma once
// The process side of `trvp sweep` (docs/sweeps.md): runs trvp child processes a bounded
// number at a time, each in its own process group with its output in its run folder, stops
// a child that passes its host-time limit, and on SIGINT/SIGTERM stops starting children,
// forwards the signal to the running ones and waits for them to write their outputs.

#include <functional>
#include <string>
#include <vector>

namespace trvp::platform::sweep {

/** One child: its command line and the folder that receives stdout.txt and stderr.txt. */
struct job {
    std::vector<std::string> argv;
    std::string dir;
};

/** How a child ended. */
enum class job_end {
    exited,      // on its own: `status` is its exit status (128+N if a signal N killed it)
    interrupted, // the sweep forwarded SIGINT/SIGTERM to it (it may have ended first: status)
    timeout      // the sweep stopped it at its host-time limit (idem)
};

struct job_result {
    int status = 0;
    job_end end = job_end::exited;
};

/** Seconds a child gets to write its outputs after a stop request before SIGKILL. */
constexpr double stop_grace_seconds = 10;

/**
 * Runs `jobs`, at most `parallel` at a time; `host_seconds` > 0 stops a child after that
 * much wall-clock time. `started(i)` and `ended(i, result)` report each job; `tick()` is
 * called about once a second. Returns the signal that interrupted the sweep (SIGINT or
 * SIGTERM; the jobs not started yet are skipped), else 0. Throws user_error if a child
 * cannot be started.
 */
int run_jobs(const std::vector<job>& jobs, unsigned parallel, double host_seconds,
             const std::function<void(size_t)>& started,
             const std::function<void(size_t, const job_result&)>& ended,
             const std::function<void()>& tick);

} // namespace trvp::platform::sweep
