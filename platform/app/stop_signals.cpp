#include "stop_signals.h"

#include <csignal>
#include <unistd.h>

namespace trvp::platform {

namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int, g_old_term;

void on_signal(int sig) {
    if (g_signal) {
        // Only async-signal-safe calls here: write(2) and _exit(2).
        static const char msg[] = "\ntrvp: second signal: exiting at once, outputs not written\n";
        [[maybe_unused]] const ssize_t n = ::write(2, msg, sizeof msg - 1);
        ::_exit(128 + sig);
    }
    g_signal = sig;
}

} // namespace

stop_signals::stop_signals() {
    g_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &g_old_int);
    sigaction(SIGTERM, &sa, &g_old_term);
}

stop_signals::~stop_signals() {
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
}

int stop_signals::pending() {
    return g_signal;
}

const char* stop_signals::name(int sig) {
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal";
}

} // namespace trvp::platform
