#include "stats.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace trvp::stats {

namespace {

void write_number(std::ostream& os, double v) {
    if (!std::isfinite(v)) {
        os << "null"; // JSON has no NaN or infinity
        return;
    }
    std::ostringstream s;
    s << std::setprecision(12) << v;
    os << s.str();
}

void write_line(std::ostream& os, const std::string& name, const std::string& value,
                const std::string& unit, const std::string& desc) {
    os << std::left << std::setw(48) << name << ' ' << std::right << std::setw(20) << value << ' '
       << std::left << std::setw(10) << unit << " # " << desc << '\n';
}

std::string format_double(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(std::fabs(v) >= 1000 ? 1 : 6) << v;
    return s.str();
}

} // namespace

void write_json_string(std::ostream& os, const std::string& s) {
    os << '"';
    for (char c : s) {
        switch (c) {
        case '"':
            os << "\\\"";
            break;
        case '\\':
            os << "\\\\";
            break;
        case '\n':
            os << "\\n";
            break;
        case '\t':
            os << "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                os << "\\u" << std::hex << std::setw(4) << std::setfill('0') << int(c) << std::dec
                   << std::setfill(' ');
            } else {
                os << c;
            }
        }
    }
    os << '"';
}

const char* better_name(better b) {
    return b == better::lower ? "lower" : b == better::higher ? "higher" : "neither";
}

bool parse_better(const std::string& text, better& out) {
    for (better b : {better::neither, better::lower, better::higher})
        if (text == better_name(b)) {
            out = b;
            return true;
        }
    return false;
}

namespace {
bool has(const std::string& s, const char* part) {
    return s.find(part) != std::string::npos;
}
bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
} // namespace

better default_better(const std::string& name, const std::string& unit) {
    const auto dot = name.rfind('.');
    const std::string leaf = dot == std::string::npos ? name : name.substr(dot + 1);
    // Points in time (when a window or span began) are neither better early nor late.
    if (has(leaf, "begin") || has(leaf, "start")) return better::neither;
    if (unit == "ps" || unit == "ns" || unit == "s" || unit == "cycles" || unit == "cycles/insn")
        return better::lower;
    if (unit == "MIPS" || unit == "bytes/s") return better::higher;
    if (has(leaf, "hit_rate") || ends_with(leaf, "hits")) return better::higher;
    if (has(leaf, "miss_rate") || ends_with(leaf, "misses") || has(leaf, "errors") ||
        has(leaf, "faults"))
        return better::lower;
    return better::neither;
}

stat::stat(registry& reg, std::string name, std::string unit, std::string desc) {
    attach(reg, std::move(name), std::move(unit), std::move(desc));
}

void stat::attach(registry& reg, std::string name, std::string unit, std::string desc) {
    m_name = std::move(name);
    m_unit = std::move(unit);
    m_desc = std::move(desc);
    reg.add(this);
    m_registry = &reg;
}

stat::~stat() {
    if (m_registry) m_registry->remove(this);
}

vector::vector(const group& g, unsigned size, const namer& leaf, const std::string& unit,
               const namer& desc, uint64_t* storage)
    : m_size(size), m_items(new counter[size]) {
    for (unsigned i = 0; i < size; ++i) {
        if (storage) m_items[i].m_bound = storage + i;
        m_items[i].attach(g.reg(), g.name(leaf(i)), unit, desc(i));
    }
}

std::vector<uint64_t> vector::values() const {
    std::vector<uint64_t> v(m_size);
    for (unsigned i = 0; i < m_size; ++i) v[i] = m_items[i].value();
    return v;
}

unsigned per_key::checked_slots(unsigned slots) {
    if (slots == 0 || slots > 65536)
        throw std::invalid_argument("key_stats must be between 1 and 65536, got " +
                                    std::to_string(slots));
    return slots;
}

per_key::per_key(const group& g, unsigned slots, const std::string& leaf, const std::string& unit,
                 const std::string& what)
    : m_slots(checked_slots(slots)),
      m_v(
          g, m_slots + 1,
          [this, &leaf](unsigned k) {
              return (k < m_slots ? "key" + std::to_string(k) : std::string("key_other")) + "." +
                     leaf;
          },
          unit,
          [this, &what](unsigned k) {
              return what + (k < m_slots ? " under key id " + std::to_string(k)
                                         : " under key ids >= " + std::to_string(m_slots));
          }) {}

void counter::reset() {
    if (m_bound)
        *m_bound = 0;
    else
        m_value = m_running ? *m_running : 0;
}

void counter::write_json(std::ostream& os) const {
    os << value();
}

void counter::write_text(std::ostream& os) const {
    write_line(os, name(), std::to_string(value()), unit(), desc());
}

void scalar::write_json(std::ostream& os) const {
    write_number(os, m_value);
}

void scalar::write_text(std::ostream& os) const {
    write_line(os, name(), format_double(m_value), unit(), desc());
}

void text::write_json(std::ostream& os) const {
    write_json_string(os, m_value);
}

void text::write_text(std::ostream& os) const {
    write_line(os, name(), m_value, unit(), desc());
}

formula::formula(registry& reg, std::string name, std::string unit, std::string desc,
                 std::function<double()> fn)
    : stat(reg, std::move(name), std::move(unit), std::move(desc)), m_fn(std::move(fn)) {}

void formula::write_json(std::ostream& os) const {
    write_number(os, m_fn());
}

void formula::write_text(std::ostream& os) const {
    write_line(os, name(), format_double(m_fn()), unit(), desc());
}

histogram::histogram(registry& reg, std::string name, std::string unit, std::string desc,
                     uint64_t bucket_width, unsigned buckets)
    : stat(reg, std::move(name), std::move(unit), std::move(desc)),
      m_width(bucket_width ? bucket_width : 1), m_buckets(buckets + 1, 0), m_overflow(buckets) {}

uint64_t histogram::percentile(double p) const {
    fold();
    if (m_count == 0) return 0;
    const double want = p / 100.0 * double(m_count);
    uint64_t seen = 0;
    for (size_t b = 0; b + 1 < m_buckets.size(); ++b) {
        seen += m_buckets[b];
        if (double(seen) >= want) return std::min(m_max, (b + 1) * m_width.divisor() - 1);
    }
    return m_max;
}

void histogram::reset() {
    m_run_times = 0;
    std::fill(m_buckets.begin(), m_buckets.end(), 0);
    m_count = m_sum = m_max = 0;
    m_min = UINT64_MAX;
}

void histogram::write_json(std::ostream& os) const {
    fold();
    os << "{\"count\": " << m_count << ", \"sum\": " << m_sum << ", \"mean\": ";
    write_number(os, mean());
    os << ", \"min\": " << min() << ", \"max\": " << m_max << ", \"p50\": " << percentile(50)
       << ", \"p90\": " << percentile(90) << ", \"p99\": " << percentile(99)
       << ", \"bucket_width\": " << m_width.divisor() << ", \"buckets\": {";
    bool first = true;
    for (size_t b = 0; b < m_buckets.size(); ++b) {
        if (!m_buckets[b]) continue;
        os << (first ? "" : ", ") << '"' << b * m_width.divisor() << "\": " << m_buckets[b];
        first = false;
    }
    os << "}}";
}

void histogram::write_text(std::ostream& os) const {
    fold();
    write_line(os, name() + ".count", std::to_string(m_count), "samples", desc());
    write_line(os, name() + ".mean", format_double(mean()), unit(), "mean of " + name());
    write_line(os, name() + ".min", std::to_string(min()), unit(), "minimum of " + name());
    write_line(os, name() + ".p50", std::to_string(percentile(50)), unit(), "median of " + name());
    write_line(os, name() + ".p99", std::to_string(percentile(99)), unit(),
               "99th percentile of " + name());
    write_line(os, name() + ".max", std::to_string(m_max), unit(), "maximum of " + name());
}

void registry::add(stat* s) {
    if (find(s->name())) throw std::logic_error("statistic '" + s->name() + "' registered twice");
    m_stats.push_back(s);
}

void registry::remove(stat* s) {
    m_stats.erase(std::remove(m_stats.begin(), m_stats.end(), s), m_stats.end());
}

const stat* registry::find(const std::string& name) const {
    for (const stat* s : m_stats)
        if (s->name() == name) return s;
    return nullptr;
}

void registry::reset_all() {
    for (stat* s : m_stats) s->reset();
}

namespace {
std::vector<const stat*> sorted(const std::vector<stat*>& v) {
    std::vector<const stat*> out(v.begin(), v.end());
    std::sort(out.begin(), out.end(),
              [](const stat* a, const stat* b) { return a->name() < b->name(); });
    return out;
}
} // namespace

void registry::write_json(std::ostream& os) const {
    os << "{\n";
    bool first = true;
    for (const stat* s : sorted(m_stats)) {
        os << (first ? "" : ",\n") << "  ";
        write_json_string(os, s->name());
        os << ": {\"value\": ";
        s->write_json(os);
        os << ", \"unit\": ";
        write_json_string(os, s->unit());
        os << ", \"better\": \"" << better_name(s->direction()) << "\", \"desc\": ";
        write_json_string(os, s->desc());
        os << '}';
        first = false;
    }
    os << "\n}\n";
}

void registry::write_text(std::ostream& os) const {
    for (const stat* s : sorted(m_stats)) s->write_text(os);
}

} // namespace trvp::stats
