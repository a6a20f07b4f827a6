#pragma once
// The configuration document: one YAML file plus `--set key.path=value` overrides, and
// the error messages that point back into them (file, line, key path, expectation).

#include "models/common/errors.h"

#include <map>
#include <string>
#include <yaml-cpp/yaml.h>

namespace trvp::platform {

/** A configuration error: one message naming the input, exit status 2. */
class config_error : public user_error {
public:
    using user_error::user_error;
};

/** The top-level sections a configuration may contain. */
inline const char* const top_level_sections[] = {"simulation", "firmware", "components",
                                                 "connections", "outputs"};

class config_doc {
public:
    /** Reads and parses `path`; throws config_error if it is missing, unreadable or malformed. */
    static config_doc load(const std::string& path);
    /** Parses YAML text as if it were the file `name` (tests, `trvp describe`). */
    static config_doc from_string(const std::string& text, const std::string& name);

    /**
     * Applies one "key.path=value" override. The value is parsed as YAML. A path whose first
     * segment is not a top-level section names a component ("dram.latency" means
     * "components.dram.latency"). Sequence items are addressed by index ("bus.map.0.size").
     */
    void apply_set(const std::string& assignment);

    YAML::Node& root() { return m_root; }
    const std::string& file() const { return m_file; }
    /** The folder that holds the file (for paths inside it); "." for in-memory documents. */
    std::string folder() const;

    /** "FILE:LINE" or "--set k=v": where the value at `path` (with mark `mark`) came from. */
    std::string where(const std::string& path, const YAML::Mark& mark) const;
    /** Throws config_error("WHERE: PATH: MESSAGE"). */
    [[noreturn]] void fail(const std::string& path, const YAML::Mark& mark,
                           const std::string& message) const;

private:
    std::string m_file;
    YAML::Node m_root;
    std::map<std::string, std::string> m_overrides; // key path -> the --set text
};

/** "a.b" + "c" -> "a.b.c"; "" + "c" -> "c". */
std::string join_path(const std::string& parent, const std::string& key);

/** A scalar's text for messages, or its kind ("a map", "a list") for other nodes. */
std::string describe_node(const YAML::Node& n);

} // namespace trvp::platform
