#include "tracer.h"

#include <algorithm>
#include <fstream>
#include <map>

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

void write_value(std::ostream& os, unsigned width, uint64_t v, const std::string& id) {
    if (width == 1) {
        os << (v ? '1' : '0') << id << '\n';
        return;
    }
    os << 'b';
    bool leading = true;
    for (int b = static_cast<int>(width) - 1; b >= 0; --b) {
        const bool bit = (v >> b) & 1;
        if (bit) leading = false;
        if (!leading || b == 0) os << (bit ? '1' : '0');
    }
    os << ' ' << id << '\n';
}

} // namespace

tracer::tracer(std::string path, sc_core::sc_time start, sc_core::sc_time end)
    : m_path(std::move(path)), m_start(start), m_end(end) {}

tracer::signal tracer::add(const std::string& scope, const std::string& name, unsigned width,
                           uint64_t initial) {
    const signal s = static_cast<signal>(m_signals.size());
    m_signals.push_back({scope, name, vcd_id(s), width ? std::min(width, 64u) : 1, initial});
    return s;
}

bool tracer::write() {
    std::ofstream os(m_path);
    if (!os) {
        m_error = "cannot write VCD file '" + m_path + "'";
        return false;
    }
    os << "$date TRVP run $end\n$version TRVP tracer $end\n$timescale 1ps $end\n";
    std::map<std::string, std::vector<const signal_info*>> scopes;
    for (const signal_info& s : m_signals) scopes[s.scope].push_back(&s);
    os << "$scope module top $end\n";
    for (auto& [scope, sigs] : scopes) {
        os << "$scope module " << scope << " $end\n";
        for (const signal_info* s : sigs)
            os << "$var wire " << s->width << ' ' << s->id << ' ' << s->name << " $end\n";
        os << "$upscope $end\n";
    }
    os << "$upscope $end\n$enddefinitions $end\n";

    std::stable_sort(m_changes.begin(), m_changes.end(),
                     [](const change_rec& a, const change_rec& b) {
                         return a.t_ps != b.t_ps ? a.t_ps < b.t_ps : a.seq < b.seq;
                     });
    std::vector<uint64_t> value(m_signals.size());
    os << "#" << m_start.value() << "\n$dumpvars\n";
    for (size_t i = 0; i < m_signals.size(); ++i) {
        value[i] = m_signals[i].initial;
        write_value(os, m_signals[i].width, value[i], m_signals[i].id);
    }
    os << "$end\n";
    uint64_t now = m_start.value();
    for (const change_rec& c : m_changes) {
        if (value[c.s] == c.v) continue;
        if (c.t_ps != now) {
            now = c.t_ps;
            os << '#' << now << '\n';
        }
        value[c.s] = c.v;
        write_value(os, m_signals[c.s].width, c.v, m_signals[c.s].id);
    }
    os.flush();
    if (!os) {
        m_error = "error while writing VCD file '" + m_path + "'";
        return false;
    }
    return true;
}

} // namespace trvp
