#include "progress.h"

#include <cstdio>
#include <sstream>
#include <unistd.h>

namespace trvp::platform {

namespace {

std::string sim_time(double s) {
    char buf[32];
    if (s >= 1)
        std::snprintf(buf, sizeof buf, "%.3f s", s);
    else if (s >= 1e-3)
        std::snprintf(buf, sizeof buf, "%.3f ms", s * 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.3f us", s * 1e6);
    return buf;
}

std::string host_time(double s) {
    char buf[32];
    const auto t = static_cast<unsigned long long>(s + 0.5);
    if (t >= 3600)
        std::snprintf(buf, sizeof buf, "%lluh%02llum", t / 3600, t / 60 % 60);
    else if (t >= 60)
        std::snprintf(buf, sizeof buf, "%llum%02llus", t / 60, t % 60);
    else
        std::snprintf(buf, sizeof buf, "%llus", t);
    return buf;
}

} // namespace

progress_line::progress_line(bool enabled, double limit_s)
    : m_enabled(enabled && ::isatty(2)), m_limit(limit_s), m_start(clock::now()),
      m_next(m_start +
             std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(delay))) {}

std::string progress_line::text(double sim_s, uint64_t insns, double host_s, double limit_s) {
    std::ostringstream os;
    char mips[32];
    std::snprintf(mips, sizeof mips, "%.1f", host_s > 0 ? double(insns) / host_s / 1e6 : 0.0);
    os << "trvp: simulated " << sim_time(sim_s) << ", " << mips << " MIPS";
    if (limit_s > 0) {
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.1f%%", 100 * sim_s / limit_s);
        os << ", " << pct << " of max_time " << sim_time(limit_s);
        if (sim_s > 0 && sim_s < limit_s)
            os << ", at most " << host_time(host_s * (limit_s - sim_s) / sim_s) << " left";
    } else {
        os << ", no time limit";
    }
    os << " (Ctrl-C stops)";
    return os.str();
}

void progress_line::update(double sim_s, uint64_t insns) {
    if (!m_enabled) return;
    const auto now = clock::now();
    if (now < m_next) return;
    m_next =
        now + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(period));
    const double host = std::chrono::duration<double>(now - m_start).count();
    const std::string line = "\r" + text(sim_s, insns, host, m_limit) + "\033[K";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    m_shown = true;
}

void progress_line::clear() {
    if (!m_shown) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_shown = false;
}

} // namespace trvp::platform
