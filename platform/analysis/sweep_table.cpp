#include "sweep_table.h"

#include "models/common/stats.h"
#include "models/common/user_error.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace trvp::platform::sweep {

namespace {

YAML::Node load_json(const std::string& path) {
    try {
        // JSON is YAML flow syntax; yaml-cpp is the parser the platform already uses.
        return YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw user_error(path + ": cannot read");
    } catch (const YAML::Exception& e) {
        throw user_error(path + ": not a valid stats.json: " + e.what());
    }
}

void flatten(const std::string& name, const YAML::Node& v, flat_stats& out) {
    if (v.IsScalar()) {
        out[name] = v.Scalar();
    } else if (v.IsMap()) {
        for (const auto& kv : v) {
            const std::string k = kv.first.Scalar();
            if (k == "buckets") continue;
            flatten(name + "." + k, kv.second, out);
        }
    }
}

} // namespace

flat_stats read_stats_json(const std::string& path) {
    const YAML::Node root = load_json(path);
    if (!root.IsMap()) throw user_error(path + ": not a stats.json (expected an object)");
    flat_stats out;
    for (const auto& kv : root) {
        const YAML::Node v = kv.second.IsMap() ? kv.second["value"] : YAML::Node();
        if (!v) throw user_error(path + ": statistic '" + kv.first.Scalar() + "' has no value");
        flatten(kv.first.Scalar(), v, out);
    }
    return out;
}

std::map<std::string, std::string> read_stats_better(const std::string& path) {
    const YAML::Node root = load_json(path);
    std::map<std::string, std::string> out;
    if (!root.IsMap()) return out;
    for (const auto& kv : root) {
        if (!kv.second.IsMap()) continue;
        const std::string name = kv.first.Scalar();
        stats::better b = stats::better::neither;
        const YAML::Node better = kv.second["better"], unit = kv.second["unit"];
        if (!better || !better.IsScalar() || !stats::parse_better(better.Scalar(), b))
            b = stats::default_better(name, unit && unit.IsScalar() ? unit.Scalar() : "");
        out[name] = stats::better_name(b);
    }
    return out;
}

int csv_table::column(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return int(i);
    return -1;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

void write_csv(const std::string& path, const csv_table& t) {
    std::ofstream os(path);
    if (!os) throw user_error(path + ": cannot write");
    auto line = [&](const std::vector<std::string>& fields) {
        for (size_t i = 0; i < fields.size(); ++i) os << (i ? "," : "") << csv_field(fields[i]);
        os << '\n';
    };
    line(t.header);
    for (const auto& r : t.rows) line(r);
    if (!os) throw user_error(path + ": write failed");
}

csv_table read_csv(const std::string& path) {
    const std::string text = slurp(path);
    std::vector<std::vector<std::string>> lines;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            fields.push_back(field);
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                fields.push_back(field);
                lines.push_back(fields);
            }
            fields.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (quoted) throw user_error(path + ": unterminated quoted field");
    if (any || !field.empty()) {
        fields.push_back(field);
        lines.push_back(fields);
    }
    if (lines.empty()) throw user_error(path + ": empty CSV file");
    csv_table t;
    t.header = lines[0];
    for (size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].size() != t.header.size())
            throw user_error(path + ": row " + std::to_string(i + 1) + " has " +
                             std::to_string(lines[i].size()) + " fields, the header " +
                             std::to_string(t.header.size()));
        t.rows.push_back(lines[i]);
    }
    return t;
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

bool parse_number(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && std::isfinite(out);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw user_error(path + ": cannot read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace trvp::platform::sweep
