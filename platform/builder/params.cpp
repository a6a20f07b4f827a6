#include "params.h"

#include "config.h"
#include "platform/analysis/value.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace trvp::platform {

namespace {

uint64_t to_ps(const sc_core::sc_time& t) {
    return uint64_t(std::llround(t.to_seconds() * 1e12));
}

std::string format_real(double v) {
    std::ostringstream os;
    os << std::setprecision(12) << v;
    return os.str();
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
    return s;
}

} // namespace

// Nodes are held by construction: assigning a YAML::Node assigns the value it refers to.
struct param_reader::yaml_state {
    explicit yaml_state(YAML::Node n = YAML::Node()) : node(n) {}
    YAML::Node node;
    YAML::Node resolved{YAML::NodeType::Map};
};

param_reader::param_reader() : m_yaml(std::make_unique<yaml_state>()) {}
param_reader::param_reader(param_reader&&) noexcept = default;
param_reader& param_reader::operator=(param_reader&&) noexcept = default;
param_reader::~param_reader() = default;

param_reader::param_reader(const config_doc& doc, YAML::Node node, std::string path,
                           std::string what)
    : m_doc(&doc), m_yaml(std::make_unique<yaml_state>(node)), m_path(std::move(path)),
      m_what(std::move(what)) {
    if (m_yaml->node && !m_yaml->node.IsNull() && !m_yaml->node.IsMap())
        m_doc->fail(m_path, m_yaml->node.Mark(),
                    "expected a map of parameters, got " + describe_node(m_yaml->node));
}

param_reader param_reader::describing(std::string what) {
    param_reader r;
    r.m_what = std::move(what);
    return r;
}

const YAML::Node& param_reader::resolved() const {
    return m_yaml->resolved;
}

YAML::Node param_reader::child(const std::string& key) const {
    if (describing() || !m_yaml->node || !m_yaml->node.IsMap()) {
        static const YAML::Node empty(YAML::NodeType::Map);
        return empty[key]; // an undefined node: "absent"
    }
    const YAML::Node& n = m_yaml->node;
    return n[key];
}

bool param_reader::has(const std::string& key) const {
    return bool(child(key));
}

void param_reader::record(param_info info) {
    m_read.insert(info.key);
    m_schema.push_back(std::move(info));
}

void param_reader::fail(const std::string& key, const std::string& message) const {
    if (describing()) throw config_error(m_what + ": " + message);
    const YAML::Node n = child(key);
    if (n) m_doc->fail(join_path(m_path, key), n.Mark(), message);
    m_doc->fail(m_path, m_yaml->node ? m_yaml->node.Mark() : YAML::Mark::null_mark(),
                key.empty() ? message : key + ": " + message);
}

void param_reader::bad(const std::string& key, const std::string& expected) const {
    fail(key, expected + ", got " + describe_node(child(key)));
}

std::optional<std::string> param_reader::scalar(const std::string& key, const param_info& info,
                                                const std::string& expected) {
    record(info);
    const YAML::Node n = child(key);
    if (!n) {
        if (info.required && !describing())
            fail(key,
                 "missing required parameter '" + key + "' of " + m_what + " (" + info.desc + ")");
        return std::nullopt;
    }
    if (!n.IsScalar()) bad(key, expected);
    return n.Scalar();
}

template <class T, class Parse>
T param_reader::parsed(const std::string& key, const param_info& info, const std::string& expected,
                       T fallback, Parse parse) {
    const auto text = scalar(key, info, expected);
    if (!text) return fallback;
    const std::optional<T> v = parse(*text);
    if (!v) bad(key, expected);
    return *v;
}

uint64_t param_reader::integer(const std::string& key, std::optional<uint64_t> def,
                               const std::string& unit, const std::string& desc, uint64_t min,
                               uint64_t max) {
    param_info info{key, "integer", def ? std::to_string(*def) : "", !def, unit, desc};
    info.min = min;
    info.max = max;
    std::string expected = "expected an integer like 42 or 0x1000";
    if (min != 0 || max != UINT64_MAX)
        expected = "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
    const uint64_t v = parsed(key, info, expected, def.value_or(0), [&](const std::string& t) {
        const auto p = parse_integer(t);
        return p && *p >= min && *p <= max ? p : std::nullopt;
    });
    m_yaml->resolved[key] = v;
    return v;
}

uint64_t param_reader::size(const std::string& key, std::optional<uint64_t> def,
                            const std::string& desc) {
    param_info info{key, "size", def ? format_size(*def) : "", !def, "bytes", desc};
    const std::string expected = "expected a size like 4096, 0x1000 or '128 MiB'";
    const uint64_t v = parsed(key, info, expected, def.value_or(0), parse_integer);
    m_yaml->resolved[key] = format_size(v);
    return v;
}

uint64_t param_reader::address(const std::string& key, std::optional<uint64_t> def,
                               const std::string& desc) {
    param_info info{key, "address", def ? format_hex(*def) : "", !def, "", desc};
    const std::string expected = "expected an address like 0x80000000";
    const uint64_t v = parsed(key, info, expected, def.value_or(0), parse_integer);
    m_yaml->resolved[key] = format_hex(v);
    return v;
}

sc_core::sc_time param_reader::time(const std::string& key, std::optional<sc_core::sc_time> def,
                                    const std::string& desc) {
    param_info info{key, "time", def ? format_time_ps(to_ps(*def)) : "", !def, "", desc};
    const std::string expected = "expected a time like '50 ns'";
    const uint64_t ps = parsed(key, info, expected, def ? to_ps(*def) : 0, parse_time_ps);
    m_yaml->resolved[key] = format_time_ps(ps);
    return sc_core::sc_time(double(ps), sc_core::SC_PS);
}

double param_reader::frequency(const std::string& key, std::optional<double> def,
                               const std::string& desc) {
    param_info info{key, "frequency", def ? format_frequency_hz(*def) : "", !def, "", desc};
    const std::string expected = "expected a frequency like '1 GHz'";
    const double hz = parsed(key, info, expected, def.value_or(0), parse_frequency_hz);
    // One cycle must last at least the simulation's time resolution (1 ps) and be short
    // enough for a run to make progress; outside, periods round to 0 or runs never end.
    if (!describing() && !(hz >= 1 && hz <= 1e12)) {
        std::ostringstream os;
        os << "expected a frequency from 1 Hz to 1000 GHz, got " << hz << " Hz";
        fail(key, os.str());
    }
    m_yaml->resolved[key] = format_frequency_hz(hz);
    return hz;
}

double param_reader::real(const std::string& key, std::optional<double> def,
                          const std::string& unit, const std::string& desc) {
    param_info info{key, "real", def ? format_real(*def) : "", !def, unit, desc};
    const std::string expected = "expected a number like 0.5";
    const double v = parsed(key, info, expected, def.value_or(0), [](const std::string& t) {
        std::istringstream is(t);
        double d;
        return is >> d && is.eof() && std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    });
    m_yaml->resolved[key] = format_real(v);
    return v;
}

bool param_reader::boolean(const std::string& key, std::optional<bool> def,
                           const std::string& desc) {
    param_info info{key, "bool", def ? (*def ? "true" : "false") : "", !def, "", desc};
    const std::string expected = "expected true or false";
    const bool v = parsed(key, info, expected, def.value_or(false), parse_bool);
    m_yaml->resolved[key] = v;
    return v;
}

std::string param_reader::string(const std::string& key, std::optional<std::string> def,
                                 const std::string& desc) {
    param_info info{key, "string", def ? (def->empty() ? "''" : *def) : "", !def, "", desc};
    const auto text = scalar(key, info, "expected a string");
    const std::string v = text ? *text : def.value_or("");
    m_yaml->resolved[key] = v;
    return v;
}

std::string param_reader::choice(const std::string& key, std::optional<std::string> def,
                                 const std::vector<std::string>& options, const std::string& desc) {
    param_info info{key, "one of " + join(options, "|"), def.value_or(""), !def, "", desc};
    info.options = options;
    const std::string expected = "expected one of " + join(options, ", ");
    const auto text = scalar(key, info, expected);
    const std::string v = text ? *text : def.value_or(describing() ? options.front() : "");
    bool ok = false;
    for (auto& o : options) ok |= o == v;
    if (!ok) bad(key, expected);
    m_yaml->resolved[key] = v;
    return v;
}

std::vector<uint64_t> param_reader::integer_list(const std::string& key, const std::string& unit,
                                                 const std::string& desc, size_t max_items,
                                                 uint64_t max) {
    record({key, "list of integers", "[]", false, unit, desc});
    std::vector<uint64_t> out;
    YAML::Node res(YAML::NodeType::Sequence);
    const YAML::Node n = child(key);
    if (n && !n.IsNull()) {
        std::string expected = "expected a list of integers";
        if (max_items != SIZE_MAX) expected += " (at most " + std::to_string(max_items) + ")";
        if (!n.IsSequence() || n.size() > max_items) bad(key, expected);
        for (size_t i = 0; i < n.size(); ++i) {
            const auto p = n[i].IsScalar() ? parse_integer(n[i].Scalar()) : std::nullopt;
            if (!p || *p > max)
                m_doc->fail(join_path(m_path, key) + "." + std::to_string(i), n[i].Mark(),
                            "expected an integer up to " + format_hex(max) + ", got " +
                                describe_node(n[i]));
            out.push_back(*p);
            res.push_back(*p);
        }
    }
    m_yaml->resolved[key] = res;
    return out;
}

std::vector<std::string> param_reader::string_list(const std::string& key,
                                                   const std::string& desc) {
    record({key, "list of strings", "[]", false, "", desc});
    std::vector<std::string> out;
    YAML::Node res(YAML::NodeType::Sequence);
    const YAML::Node n = child(key);
    if (n && !n.IsNull()) {
        if (!n.IsSequence()) bad(key, "expected a list of strings");
        for (size_t i = 0; i < n.size(); ++i) {
            if (!n[i].IsScalar())
                m_doc->fail(join_path(m_path, key) + "." + std::to_string(i), n[i].Mark(),
                            "expected a string, got " + describe_node(n[i]));
            out.push_back(n[i].Scalar());
            res.push_back(n[i].Scalar());
        }
    }
    m_yaml->resolved[key] = res;
    return out;
}

void param_reader::describe_nested(const std::string& prefix,
                                   const std::function<void(param_reader&)>& read) {
    param_reader sub = describing(m_what);
    read(sub);
    for (auto info : sub.m_schema) {
        info.key = prefix + info.key;
        m_schema.push_back(std::move(info));
    }
}

void param_reader::list(const std::string& key, bool required, const std::string& desc,
                        const std::function<void(param_reader&)>& item) {
    record({key, "list", required ? "" : "[]", required, "", desc});
    if (describing()) {
        describe_nested(key + "[].", item);
        return;
    }
    YAML::Node res(YAML::NodeType::Sequence);
    const YAML::Node n = child(key);
    if (!n || n.IsNull()) {
        if (required)
            fail(key, "missing required list '" + key + "' of " + m_what + " (" + desc + ")");
    } else {
        if (!n.IsSequence()) bad(key, "expected a list");
        for (size_t i = 0; i < n.size(); ++i) {
            param_reader sub(*m_doc, n[i], join_path(m_path, key) + "." + std::to_string(i),
                             m_what);
            if (!n[i].IsMap())
                m_doc->fail(sub.path(), n[i].Mark(), "expected a map, got " + describe_node(n[i]));
            item(sub);
            sub.finish();
            res.push_back(sub.resolved());
        }
    }
    m_yaml->resolved[key] = res;
}

void param_reader::group(const std::string& key, const std::string& desc,
                         const std::function<void(param_reader&)>& fn) {
    record({key, "map", "{}", false, "", desc});
    if (describing()) {
        describe_nested(key + ".", fn);
        return;
    }
    const YAML::Node n = child(key);
    param_reader sub(*m_doc, n, join_path(m_path, key), m_what);
    fn(sub);
    sub.finish();
    m_yaml->resolved[key] = sub.resolved();
}

void param_reader::finish() {
    if (describing() || !m_yaml->node || !m_yaml->node.IsMap()) return;
    for (auto it = m_yaml->node.begin(); it != m_yaml->node.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (m_read.count(key)) continue;
        std::vector<std::string> known(m_read.begin(), m_read.end());
        m_doc->fail(join_path(m_path, key), it->first.Mark(),
                    "unknown parameter '" + key + "' of " + m_what +
                        "; known: " + (known.empty() ? std::string("none") : join(known, ", ")));
    }
}

void print_schema(std::ostream& os, const std::vector<param_info>& schema,
                  const std::string& indent) {
    size_t wk = 3, wt = 4, wd = 7, wu = 4;
    for (auto& p : schema) {
        wk = std::max(wk, p.key.size());
        wt = std::max(wt, p.type.size());
        wd = std::max(wd, p.required ? size_t(8) : p.default_text.size());
        wu = std::max(wu, p.unit.size());
    }
    os << indent << std::left << std::setw(int(wk)) << "key"
       << "  " << std::setw(int(wt)) << "type"
       << "  " << std::setw(int(wd)) << "default"
       << "  " << std::setw(int(wu)) << "unit"
       << "  description\n";
    for (auto& p : schema)
        os << indent << std::setw(int(wk)) << p.key << "  " << std::setw(int(wt)) << p.type << "  "
           << std::setw(int(wd)) << (p.required ? "required" : p.default_text) << "  "
           << std::setw(int(wu)) << p.unit << "  " << p.desc << '\n';
}

} // namespace trvp::platform
