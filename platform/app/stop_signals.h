#pragma once
// SIGINT and SIGTERM during `trvp run`: the first one is remembered and the run stops at the
// next slice boundary through run_control::request_stop, then ends the normal way (outputs
// written, stats.json marked interrupted, exit status 128 + signal). A second one exits at
// once with the same status. docs/platform.md, "Signals".

namespace trvp::platform {

class stop_signals {
public:
    /** Installs the handlers; the destructor restores the previous ones. */
    stop_signals();
    ~stop_signals();
    stop_signals(const stop_signals&) = delete;
    stop_signals& operator=(const stop_signals&) = delete;

    /** The first signal received (SIGINT or SIGTERM), 0 when none. */
    static int pending();
    /** "SIGINT", "SIGTERM" */
    static const char* name(int sig);
};

} // namespace trvp::platform
