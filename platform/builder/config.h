#pragma once
// The configuration document: one YAML file, the files it names as its bases (`base:`,
// composed as docs/platform.md "Composing configurations" says), `--set key.path=value`
// overrides, and the error messages that point back into them: the file (and line) that set
// the key, the key path, the expectation.

#include "models/common/errors.h"

#include <map>
#include <string>
#include <vector>
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
    /**
     * Reads and parses `path` and its bases (`base: FILE` or `base: [FILE, ...]`, relative to
     * the file naming them), composed into one document without `base:`; throws config_error
     * if a file is missing, unreadable or malformed, or the bases form a cycle.
     */
    static config_doc load(const std::string& path);
    /** Parses YAML text as if it were the file `name` (tests); bases are relative to it. */
    static config_doc from_string(const std::string& text, const std::string& name);

    /**
     * Applies one "key.path=value" override. The value is parsed as YAML. A path whose first
     * segment is not a top-level section names a component ("dram.latency" means
     * "components.dram.latency"). Sequence items are addressed by index ("bus.map.0.size").
     */
    void apply_set(const std::string& assignment);

    YAML::Node& root() { return m_root; }
    const YAML::Node& root() const { return m_root; }
    const std::string& file() const { return m_file; }
    /** The folder that holds the file (for paths inside it); "." for in-memory documents. */
    std::string folder() const;
    /** The file that set the value at key path `path` (the file itself or one of its bases). */
    const std::string& file_of(const std::string& path) const;
    /** The folder of file_of(path): relative paths in a value are relative to it. */
    std::string folder_of(const std::string& path) const;
    /** Every file read: the file itself, then its bases as they were read. */
    const std::vector<std::string>& files() const { return m_files; }

    /** "FILE:LINE" or "--set k=v": where the value at `path` (with mark `mark`) came from. */
    std::string where(const std::string& path, const YAML::Mark& mark) const;
    /** Throws config_error("WHERE: PATH: MESSAGE"). */
    [[noreturn]] void fail(const std::string& path, const YAML::Mark& mark,
                           const std::string& message) const;

private:
    // Parses `text` (the file `name`) and composes it over its bases; `chain` holds the
    // files that name it (cycle check).
    static config_doc compose(const std::string& text, const std::string& name,
                              std::vector<std::string>& chain);
    // Merges `layer` over this document: maps merge key by key, anything else replaces,
    // a null value removes the key.
    void overlay(const config_doc& layer);
    void overlay_map(YAML::Node dst, const YAML::Node& src, const std::string& path,
                     const config_doc& layer);

    std::string m_file;
    YAML::Node m_root;
    std::map<std::string, std::string> m_overrides; // key path -> the --set text
    std::map<std::string, std::string> m_origin;    // key path -> file that set it (bases)
    std::vector<std::string> m_files;
};

/** "a.b" + "c" -> "a.b.c"; "" + "c" -> "c". */
std::string join_path(const std::string& parent, const std::string& key);

/** A scalar's text for messages, or its kind ("a map", "a list") for other nodes. */
std::string describe_node(const YAML::Node& n);

} // namespace trvp::platform
