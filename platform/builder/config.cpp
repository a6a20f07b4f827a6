#include "config.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <vector>

namespace trvp::platform {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

bool is_index(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool is_prefix_path(const std::string& prefix, const std::string& path) {
    return path == prefix ||
           (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
            path[prefix.size()] == '.');
}

YAML::Node parse_text(const std::string& text, const std::string& where) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        std::ostringstream os;
        os << where;
        if (!e.mark.is_null()) os << ":" << e.mark.line + 1 << ":" << e.mark.column + 1;
        os << ": YAML syntax error: " << e.msg;
        throw config_error(os.str());
    }
}

// Deeper nesting is refused: no configuration needs it, and an alias inside the node it
// names (`a: &x {b: *x}`) makes yaml-cpp build a cycle that every walk would follow forever
// (found by tests/fuzz/fuzz_config.cpp).
constexpr int max_nesting = 64;

// yaml-cpp keeps both entries of a key written twice and answers look-ups with the first:
// refuse the document instead (the second one names the line the user must fix).
void check_duplicate_keys(const YAML::Node& n, const std::string& path, const std::string& file,
                          int depth = 0) {
    if (depth > max_nesting && (n.IsSequence() || n.IsMap()))
        throw config_error(file + ":" + std::to_string(n.Mark().line + 1) + ": " + path +
                           ": nested deeper than " + std::to_string(max_nesting) +
                           " levels (an alias inside the node it names?)");
    if (n.IsSequence()) {
        for (size_t i = 0; i < n.size(); ++i)
            check_duplicate_keys(n[i], join_path(path, std::to_string(i)), file, depth + 1);
        return;
    }
    if (!n.IsMap()) return;
    std::map<std::string, int> first_line;
    for (const auto& kv : n) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        const int line = kv.first.Mark().line + 1;
        const auto [it, fresh] = first_line.emplace(key, line);
        if (!fresh)
            throw config_error(file + ":" + std::to_string(line) + ": " + join_path(path, key) +
                               ": the key appears twice (first at line " +
                               std::to_string(it->second) + ")");
        check_duplicate_keys(kv.second, join_path(path, key), file, depth + 1);
    }
}

} // namespace

std::string join_path(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

std::string describe_node(const YAML::Node& n) {
    switch (n.Type()) {
    case YAML::NodeType::Scalar:
        return "'" + n.Scalar() + "'";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a map";
    case YAML::NodeType::Null:
        return "nothing";
    default:
        return "an undefined value";
    }
}

namespace {

std::string read_text(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw config_error(path + ": cannot read configuration: it is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw config_error(path + ": cannot read configuration: " + std::strerror(err));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw config_error(path + ": cannot read configuration");
    return text.str();
}

std::string folder_of_file(const std::string& file) {
    const auto slash = file.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return file.substr(0, slash);
}

// The identity of a file for the cycle check: its absolute, normalised path.
std::string file_identity(const std::string& path) {
    std::error_code ec;
    const auto p = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::absolute(path).lexically_normal().string() : p.string();
}

// Bases compose at most this deep (a chain this long is a mistake, not a design).
constexpr size_t max_base_depth = 32;

} // namespace

config_doc config_doc::load(const std::string& path) {
    std::vector<std::string> chain;
    return compose(read_text(path), path, chain);
}

config_doc config_doc::from_string(const std::string& text, const std::string& name) {
    std::vector<std::string> chain;
    return compose(text, name, chain);
}

config_doc config_doc::compose(const std::string& text, const std::string& name,
                               std::vector<std::string>& chain) {
    config_doc d;
    d.m_file = name;
    d.m_files.push_back(name);
    d.m_root = parse_text(text, name);
    check_duplicate_keys(d.m_root, "", name);
    if (d.m_root.IsNull()) d.m_root = YAML::Node(YAML::NodeType::Map);
    if (!d.m_root.IsMap())
        d.fail("", d.m_root.Mark(),
               "expected a map of sections (base, simulation, firmware, components, "
               "connections, outputs), got " +
                   describe_node(d.m_root));
    const YAML::Node base = static_cast<const YAML::Node&>(d.m_root)["base"];
    if (!base) return d;

    std::vector<YAML::Node> names;
    if (base.IsScalar())
        names.push_back(base);
    else if (base.IsSequence())
        for (const auto& n : base) names.push_back(n);
    if (names.empty() && !base.IsSequence())
        d.fail("base", base.Mark(),
               "expected a file name or a list of file names (relative to this file), got " +
                   describe_node(base));
    chain.push_back(file_identity(name));
    config_doc composed;
    composed.m_file = name;
    composed.m_root = YAML::Node(YAML::NodeType::Map);
    for (size_t i = 0; i < names.size(); ++i) {
        const YAML::Node& n = names[i];
        const std::string key = base.IsSequence() ? "base." + std::to_string(i) : "base";
        if (!n.IsScalar() || n.Scalar().empty())
            d.fail(key, n.Mark(), "expected a file name, got " + describe_node(n));
        const std::string file = n.Scalar()[0] == '/'
                                     ? n.Scalar()
                                     : (std::filesystem::path(folder_of_file(name)) / n.Scalar())
                                           .lexically_normal()
                                           .string();
        const std::string id = file_identity(file);
        for (size_t k = 0; k < chain.size(); ++k)
            if (chain[k] == id) {
                std::string cycle;
                for (size_t j = k; j < chain.size(); ++j) cycle += chain[j] + " -> ";
                d.fail(key, n.Mark(), "the bases form a cycle: " + cycle + id);
            }
        if (chain.size() >= max_base_depth)
            d.fail(key, n.Mark(),
                   "bases nest deeper than " + std::to_string(max_base_depth) + " files");
        std::string base_text;
        try {
            base_text = read_text(file);
        } catch (const config_error& e) {
            d.fail(key, n.Mark(), e.what());
        }
        const config_doc layer = compose(base_text, file, chain);
        composed.overlay(layer);
        composed.m_files.insert(composed.m_files.end(), layer.m_files.begin(), layer.m_files.end());
    }
    chain.pop_back();
    d.m_root.remove("base");
    composed.overlay(d);
    composed.m_files.insert(composed.m_files.begin(), name);
    return composed;
}

void config_doc::overlay(const config_doc& layer) {
    overlay_map(m_root, layer.m_root, "", layer);
}

void config_doc::overlay_map(YAML::Node dst, const YAML::Node& src, const std::string& path,
                             const config_doc& layer) {
    for (const auto& kv : src) {
        const std::string key = kv.first.Scalar();
        const std::string p = join_path(path, key);
        const YAML::Node& cdst = dst;
        YAML::Node mine = cdst[key];
        const YAML::Node theirs = kv.second;
        if (mine && mine.IsMap() && theirs.IsMap()) {
            overlay_map(mine, theirs, p, layer);
            continue;
        }
        // Replaced (or removed): whatever the lower layers said under p is gone.
        for (auto it = m_origin.begin(); it != m_origin.end();)
            it = is_prefix_path(p, it->first) ? m_origin.erase(it) : std::next(it);
        if (mine) dst.remove(key);
        if (theirs.IsNull()) continue;
        dst.force_insert(kv.first, theirs);
        m_origin[p] = layer.file_of(p);
        for (const auto& [q, f] : layer.m_origin)
            if (is_prefix_path(p, q)) m_origin[q] = f;
    }
}

std::string config_doc::folder() const {
    return folder_of_file(m_file);
}

const std::string& config_doc::file_of(const std::string& path) const {
    const std::string* best = &m_file;
    size_t best_len = 0;
    for (const auto& [p, f] : m_origin)
        if (is_prefix_path(p, path) && p.size() >= best_len) {
            best = &f;
            best_len = p.size();
        }
    return *best;
}

std::string config_doc::folder_of(const std::string& path) const {
    return folder_of_file(file_of(path));
}

std::string config_doc::where(const std::string& path, const YAML::Mark& mark) const {
    // The longest overridden prefix of `path` wins: that value came from the command line.
    const std::string* best = nullptr;
    size_t best_len = 0;
    for (auto& [p, text] : m_overrides) {
        if (is_prefix_path(p, path) && p.size() >= best_len) {
            best = &text;
            best_len = p.size();
        }
    }
    if (best) return "--set " + *best;
    const std::string& file = file_of(path);
    if (mark.is_null()) return file;
    return file + ":" + std::to_string(mark.line + 1);
}

void config_doc::fail(const std::string& path, const YAML::Mark& mark,
                      const std::string& message) const {
    std::string msg = where(path, mark) + ": ";
    if (!path.empty()) msg += path + ": ";
    throw config_error(msg + message);
}

void config_doc::apply_set(const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw config_error("--set " + assignment + ": expected key.path=value");
    std::string key = assignment.substr(0, eq);
    const std::string value_text = assignment.substr(eq + 1);
    auto segments = split(key, '.');
    for (auto& s : segments)
        if (s.empty())
            throw config_error("--set " + assignment + ": empty segment in key path '" + key + "'");
    bool top = false;
    for (const char* t : top_level_sections)
        if (segments[0] == t) top = true;
    if (!top) {
        const YAML::Node& root = m_root;
        const YAML::Node components = root["components"];
        if (!components || !components.IsMap() || !components[segments[0]])
            throw config_error("--set " + assignment + ": '" + segments[0] +
                               "' is neither a section (simulation, firmware, components, "
                               "connections, outputs) nor a component of " +
                               m_file);
        segments.insert(segments.begin(), "components");
    }
    YAML::Node value = parse_text(value_text, "--set " + assignment);

    // Walk down, creating maps for missing keys; the reader rejects keys it does not know.
    YAML::Node cur = m_root;
    std::string path;
    for (size_t i = 0; i < segments.size(); ++i) {
        const std::string& seg = segments[i];
        const bool last = i + 1 == segments.size();
        const std::string child_path = join_path(path, seg);
        if (cur.IsSequence()) {
            if (!is_index(seg))
                throw config_error("--set " + assignment + ": '" + path +
                                   "' is a list; address its items by index (" + path + ".0)");
            const size_t idx = seg.size() <= 9 ? std::stoul(seg) : SIZE_MAX;
            if (idx > cur.size())
                throw config_error("--set " + assignment + ": '" + path + "' has " +
                                   std::to_string(cur.size()) + " items");
            if (last) {
                if (idx == cur.size())
                    cur.push_back(value);
                else
                    cur[idx] = value;
            } else {
                if (idx == cur.size()) cur.push_back(YAML::Node(YAML::NodeType::Map));
                cur.reset(cur[idx]);
            }
        } else {
            if (cur.IsScalar())
                throw config_error("--set " + assignment + ": '" + path +
                                   "' is a value, not a map");
            if (last) {
                cur[seg] = value;
            } else {
                YAML::Node next = cur[seg];
                if (!next || next.IsNull()) {
                    cur[seg] = YAML::Node(YAML::NodeType::Map);
                    next = cur[seg];
                }
                cur.reset(next);
            }
        }
        path = child_path;
    }
    m_overrides[path] = assignment;
}

} // namespace trvp::platform
