#pragma once
// The typed reader through which every factory (and the platform's own sections) reads
// its parameters. Each read records key, type, default, unit and a one-line description,
// so that unknown keys are errors, `trvp describe` lists every parameter, and the
// resolved configuration (every default filled in) can be written out.
// Factories live beside their models, which never see yaml-cpp: this header only
// forward-declares the YAML and document types; params.cpp holds the YAML side.

#include "models/common/user_error.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <systemc>
#include <vector>

namespace YAML {
class Node;
}

namespace trvp::platform {

class config_doc;

/** One parameter as `trvp describe` prints it (and `trvp describe --schema` writes it). */
struct param_info {
    param_info() = default;
    param_info(std::string k, std::string t, std::string def, bool req, std::string u,
               std::string d)
        : key(std::move(k)), type(std::move(t)), default_text(std::move(def)), required(req),
          unit(std::move(u)), desc(std::move(d)) {}
    std::string key; // "latency"; list items: "map[].base"
    std::string type;
    std::string default_text; // empty when required
    bool required = false;
    std::string unit;
    std::string desc;
    uint64_t min = 0, max = UINT64_MAX; // integer: the accepted range
    std::vector<std::string> options;   // choice: the accepted values
};

class param_reader {
public:
    /** Reads the map `node` found at key path `path` of `doc`; `what` names it in messages. */
    param_reader(const config_doc& doc, YAML::Node node, std::string path, std::string what);
    /** A reader that only records the schema: every read returns its default. */
    static param_reader describing(std::string what);
    param_reader(param_reader&&) noexcept;
    param_reader& operator=(param_reader&&) noexcept;
    ~param_reader();

    /** An unsigned integer (decimal, hex, size suffixes accepted) within [min, max]. */
    uint64_t integer(const std::string& key, std::optional<uint64_t> def, const std::string& unit,
                     const std::string& desc, uint64_t min = 0, uint64_t max = UINT64_MAX);
    /** A byte count; written back as "128 MiB". */
    uint64_t size(const std::string& key, std::optional<uint64_t> def, const std::string& desc);
    /** A physical address; written back in hex. */
    uint64_t address(const std::string& key, std::optional<uint64_t> def, const std::string& desc);
    sc_core::sc_time time(const std::string& key, std::optional<sc_core::sc_time> def,
                          const std::string& desc);
    /** A frequency in hertz ("1 GHz"). */
    double frequency(const std::string& key, std::optional<double> def, const std::string& desc);
    double real(const std::string& key, std::optional<double> def, const std::string& unit,
                const std::string& desc);
    bool boolean(const std::string& key, std::optional<bool> def, const std::string& desc);
    std::string string(const std::string& key, std::optional<std::string> def,
                       const std::string& desc);
    /** One of `options` (an enumeration such as a cipher mode). */
    std::string choice(const std::string& key, std::optional<std::string> def,
                       const std::vector<std::string>& options, const std::string& desc);
    /** A list of unsigned integers (at most max_items). */
    std::vector<uint64_t> integer_list(const std::string& key, const std::string& unit,
                                       const std::string& desc, size_t max_items = SIZE_MAX,
                                       uint64_t max = UINT64_MAX);
    /** A list of strings (empty when absent). */
    std::vector<std::string> string_list(const std::string& key, const std::string& desc);
    /**
     * A list of maps; `item` reads each one through its own reader (describe mode: once,
     * to record the item schema as "key[].field"). Absent means empty unless required.
     */
    void list(const std::string& key, bool required, const std::string& desc,
              const std::function<void(param_reader&)>& item);
    /**
     * A nested map (`secure: {enabled: true, ...}`) read by `fn` through its own reader,
     * whose keys are reported as "key.field"; absent means every default.
     */
    void group(const std::string& key, const std::string& desc,
               const std::function<void(param_reader&)>& fn);

    /** Rejects keys that were never read (call after all reads). */
    void finish();
    /** Throws a config_error located at `key` (or at this map when `key` is absent). */
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;
    /** A key that is handled by the caller and must not be reported as unknown. */
    void accept(const std::string& key) { m_read.insert(key); }

    bool describing() const { return m_doc == nullptr; }
    const std::string& path() const { return m_path; }
    const std::vector<param_info>& schema() const { return m_schema; }
    /** Every parameter with its value or default, in reading order. */
    const YAML::Node& resolved() const;
    /** Whether `key` is present in the input. */
    bool has(const std::string& key) const;

private:
    param_reader();
    // Returns the scalar text at key, or nullopt when absent (records the schema entry).
    std::optional<std::string> scalar(const std::string& key, const param_info& info,
                                      const std::string& expected);
    // The scalar at key through `parse` (nullopt: not a valid value, reported as `expected`),
    // or `fallback` when the key is absent. Defined and used in params.cpp only.
    template <class T, class Parse>
    T parsed(const std::string& key, const param_info& info, const std::string& expected,
             T fallback, Parse parse);
    void record(param_info info);
    // describe: the schema of a nested reader (a list item, a group), keys under `prefix`.
    void describe_nested(const std::string& prefix, const std::function<void(param_reader&)>& read);
    [[noreturn]] void bad(const std::string& key, const std::string& expected) const;
    YAML::Node child(const std::string& key) const;

    struct yaml_state; // the map being read and the resolved values (params.cpp)

    const config_doc* m_doc = nullptr;
    std::unique_ptr<yaml_state> m_yaml;
    std::string m_path;
    std::string m_what;
    std::set<std::string> m_read;
    std::vector<param_info> m_schema;
};

/** Prints a schema as aligned "key type default unit description" lines. */
void print_schema(std::ostream& os, const std::vector<param_info>& schema,
                  const std::string& indent = "  ");

} // namespace trvp::platform
