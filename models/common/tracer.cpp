#include "tracer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

namespace trvp {

namespace {

// VCD identifiers: printable ASCII from '!' to '~', base 94.
std::string vcd_id(uint32_t n) {
    std::string id;
    do {
        id.push_back(static_cast<char>('!' + n % 94));
        n /= 94;
    } while (n);
    return id;
}

constexpr size_t text_chunk = size_t(1) << 20; // formatted bytes handed to the file at once

} // namespace

tracer::tracer(std::string path, sc_core::sc_time start, sc_core::sc_time end, size_t flush_every)
    : m_path(std::move(path)), m_start(start), m_end(end),
      m_flush_every(std::max<size_t>(flush_every, 1)), m_flush_at(m_flush_every),
      m_written(start.value()), m_now(start.value()) {
    m_file = std::fopen(m_path.c_str(), "wb");
    if (!m_file) m_error = "cannot write VCD file '" + m_path + "': " + std::strerror(errno);
    m_text.reserve(text_chunk + 4096);
}

tracer::~tracer() {
    write();
}

tracer::signal tracer::add(const std::string& scope, const std::string& name, unsigned width,
                           uint64_t initial) {
    if (m_header)
        throw std::logic_error("tracer: signal '" + scope + "." + name +
                               "' declared after the VCD header was written");
    const signal s = static_cast<signal>(m_signals.size());
    m_signals.push_back(
        {scope, name, vcd_id(s), width ? std::min(width, 64u) : 1, initial, false, 0});
    m_value.push_back(initial);
    m_level.push_back(0);
    return s;
}

tracer::signal tracer::add_level(const std::string& scope, const std::string& name,
                                 unsigned width) {
    const signal s = add(scope, name, width, 0);
    m_signals[s].level = true;
    return s;
}

void tracer::step(signal s, const sc_core::sc_time& t, int delta) {
    if (t >= m_end || m_closed) return;
    if (t < m_start) { // only the level at the window's start matters
        m_level[s] += delta;
        return;
    }
    record(t.value(), s, uint64_t(int64_t(delta)));
}

void tracer::record(uint64_t t_ps, signal s, uint64_t v) {
    if (m_closed) return;
    if (t_ps < m_written) { // into the past: keep the file ordered, count it
        ++m_late;
        t_ps = m_written;
    }
    m_changes.push_back({t_ps, m_seq++, s, v});
    ++m_recorded;
    if (m_changes.size() >= m_flush_at) {
        m_peak = std::max(m_peak, m_changes.size());
        // Every model stamps its changes at or after the global time: those before it are final.
        flush_before(uint64_t(sc_core::sc_time_stamp().value()));
        // What is left is ahead of the global time; let it grow until time moves on.
        m_flush_at = std::max(m_flush_every, 2 * m_changes.size());
    }
}

void tracer::write_header() {
    m_header = true;
    m_text += "$date TRVP run $end\n$version TRVP tracer $end\n$timescale 1ps $end\n";
    std::map<std::string, std::vector<const signal_info*>> scopes;
    for (const signal_info& s : m_signals) scopes[s.scope].push_back(&s);
    m_text += "$scope module top $end\n";
    for (auto& [scope, sigs] : scopes) {
        m_text += "$scope module " + scope + " $end\n";
        for (const signal_info* s : sigs)
            m_text +=
                "$var wire " + std::to_string(s->width) + ' ' + s->id + ' ' + s->name + " $end\n";
        m_text += "$upscope $end\n";
    }
    m_text += "$upscope $end\n$enddefinitions $end\n";
    m_text += '#' + std::to_string(m_start.value()) + "\n$dumpvars\n";
    for (const signal_info& s : m_signals) write_value(s.width, s.initial, s.id);
    m_text += "$end\n";
}

void tracer::write_value(unsigned width, uint64_t v, const std::string& id) {
    if (width == 1) {
        m_text += v ? '1' : '0';
    } else {
        m_text += 'b';
        int b = static_cast<int>(width) - 1;
        while (b > 0 && !((v >> b) & 1)) --b; // no leading zeros
        for (; b >= 0; --b) m_text += ((v >> b) & 1) ? '1' : '0';
        m_text += ' ';
    }
    m_text += id;
    m_text += '\n';
}

void tracer::flush_before(uint64_t frontier) {
    if (!m_header) write_header();
    // Order: time; at one time, plain changes in the order recorded, then each level signal
    // (by declaration) with all its steps at that time summed.
    auto key_less = [this](const change_rec& a, const change_rec& b) {
        if (a.t_ps != b.t_ps) return a.t_ps < b.t_ps;
        const bool la = m_signals[a.s].level, lb = m_signals[b.s].level;
        if (la != lb) return lb;
        if (la && a.s != b.s) return a.s < b.s;
        return a.seq < b.seq;
    };
    std::sort(m_changes.begin(), m_changes.end(), key_less);
    const auto end = std::lower_bound(m_changes.begin(), m_changes.end(), frontier,
                                      [](const change_rec& c, uint64_t t) { return c.t_ps < t; });
    for (auto it = m_changes.begin(); it != end; ++it) {
        const change_rec& c = *it;
        const signal_info& si = m_signals[c.s];
        uint64_t v = c.v;
        if (si.level) {
            m_level[c.s] += int64_t(c.v);
            const auto next = it + 1;
            if (next != end && next->t_ps == c.t_ps && next->s == c.s) continue;
            const uint64_t top = si.width >= 64 ? ~uint64_t(0) : (uint64_t(1) << si.width) - 1;
            v = m_level[c.s] <= 0 ? 0 : std::min<uint64_t>(uint64_t(m_level[c.s]), top);
        }
        if (m_value[c.s] == v) continue;
        if (c.t_ps != m_now) {
            m_now = c.t_ps;
            m_text += '#';
            m_text += std::to_string(m_now);
            m_text += '\n';
        }
        m_value[c.s] = v;
        write_value(si.width, v, si.id);
        if (m_text.size() >= text_chunk) drain(false);
    }
    m_changes.erase(m_changes.begin(), end);
    m_written = std::max(m_written, frontier);
    drain(false);
}

void tracer::drain(bool force) {
    if (m_text.empty() || (!force && m_text.size() < text_chunk)) return;
    if (m_file && m_error.empty() &&
        std::fwrite(m_text.data(), 1, m_text.size(), m_file) != m_text.size())
        m_error = "error while writing VCD file '" + m_path + "': " + std::strerror(errno);
    m_text.clear();
}

bool tracer::write() {
    if (m_closed) return m_result;
    m_peak = std::max(m_peak, m_changes.size());
    if (m_file) {
        flush_before(UINT64_MAX);
        drain(true);
        if (std::fclose(m_file) != 0 && m_error.empty())
            m_error = "error while writing VCD file '" + m_path + "': " + std::strerror(errno);
        m_file = nullptr;
    }
    m_changes.clear();
    m_changes.shrink_to_fit();
    m_closed = true;
    m_result = m_error.empty();
    return m_result;
}

} // namespace trvp
