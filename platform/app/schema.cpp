// `trvp describe --schema`: the JSON Schema (draft-07) of a configuration file, written from
// the parameter declarations `trvp describe` lists (docs/platform.md, "Editor support").
// Values are described as trvp reads them: integers also as strings with a base prefix or a
// size suffix ("0x1000", "128 MiB"), times and frequencies as strings with a unit.

#include "describe.h"

#include <ostream>
#include <utility>

namespace trvp::platform {

namespace {

// A JSON value, kept in insertion order; numbers and literals are stored as their text.
class jnode {
public:
    enum class kind { object, array, string, literal };
    static jnode object() { return jnode(kind::object); }
    static jnode array() { return jnode(kind::array); }
    static jnode str(std::string s) { return jnode(kind::string, std::move(s)); }
    static jnode lit(std::string s) { return jnode(kind::literal, std::move(s)); }
    static jnode num(uint64_t v) { return lit(std::to_string(v)); }

    jnode& set(const std::string& key, jnode v) {
        for (auto& kv : m_members)
            if (kv.first == key) {
                kv.second = std::move(v);
                return *this;
            }
        m_members.emplace_back(key, std::move(v));
        return *this;
    }
    jnode& at(const std::string& key) {
        for (auto& kv : m_members)
            if (kv.first == key) return kv.second;
        m_members.emplace_back(key, object());
        return m_members.back().second;
    }
    jnode& add(jnode v) {
        m_items.push_back(std::move(v));
        return *this;
    }
    bool empty() const { return m_members.empty() && m_items.empty(); }

    void write(std::ostream& os, int indent) const {
        const std::string pad(size_t(indent) * 2, ' '), inner(size_t(indent + 1) * 2, ' ');
        switch (m_kind) {
        case kind::string:
            write_string(os, m_text);
            return;
        case kind::literal:
            os << m_text;
            return;
        case kind::array:
            if (m_items.empty()) {
                os << "[]";
                return;
            }
            os << "[\n";
            for (size_t i = 0; i < m_items.size(); ++i) {
                os << inner;
                m_items[i].write(os, indent + 1);
                os << (i + 1 < m_items.size() ? ",\n" : "\n");
            }
            os << pad << ']';
            return;
        case kind::object:
            if (m_members.empty()) {
                os << "{}";
                return;
            }
            os << "{\n";
            for (size_t i = 0; i < m_members.size(); ++i) {
                os << inner;
                write_string(os, m_members[i].first);
                os << ": ";
                m_members[i].second.write(os, indent + 1);
                os << (i + 1 < m_members.size() ? ",\n" : "\n");
            }
            os << pad << '}';
            return;
        }
    }

private:
    explicit jnode(kind k, std::string text = "") : m_kind(k), m_text(std::move(text)) {}
    static void write_string(std::ostream& os, const std::string& s) {
        static const char* const hex = "0123456789abcdef";
        os << '"';
        for (char c : s) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\')
                os << '\\' << c;
            else if (c == '\n')
                os << "\\n";
            else if (u < 0x20)
                os << "\\u00" << hex[u >> 4] << hex[u & 15];
            else
                os << c;
        }
        os << '"';
    }

    kind m_kind;
    std::string m_text;
    std::vector<std::pair<std::string, jnode>> m_members;
    std::vector<jnode> m_items;
};

jnode string_pattern(const std::string& pattern) {
    return jnode::object().set("type", jnode::str("string")).set("pattern", jnode::str(pattern));
}

jnode any_of(std::vector<jnode> alternatives) {
    jnode a = jnode::array();
    for (auto& n : alternatives) a.add(std::move(n));
    return jnode::object().set("anyOf", std::move(a));
}

// value.h's syntaxes.
const char* const integer_text =
    "^\\s*(0[xX][0-9a-fA-F_]+|0[bB][01_]+|[0-9_]+)\\s*([kKmMgGtT]([iI][bB])?|[bB])?\\s*$";
const char* const time_text = "^\\s*[0-9][0-9.eE+-]*\\s*(s|sec|ms|us|ns|ps)\\s*$";
const char* const frequency_text = "^\\s*[0-9][0-9.eE+-]*\\s*[kKmMgG]?[hH][zZ]\\s*$";
const char* const real_text = "^\\s*[+-]?[0-9.]+([eE][+-]?[0-9]+)?\\s*$";
const char* const bool_text = "^\\s*(true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|"
                              "On|ON|off|Off|OFF|1|0)\\s*$";

jnode integer_schema(uint64_t min, uint64_t max) {
    jnode n = jnode::object().set("type", jnode::str("integer"));
    n.set("minimum", jnode::num(min));
    if (max != UINT64_MAX) n.set("maximum", jnode::num(max));
    return any_of({std::move(n), string_pattern(integer_text)});
}

jnode value_schema(const param_info& p) {
    if (p.type == "integer") return integer_schema(p.min, p.max);
    if (p.type == "size" || p.type == "address") return integer_schema(0, UINT64_MAX);
    if (p.type == "time")
        return any_of({string_pattern(time_text), jnode::object().set("const", jnode::num(0))});
    if (p.type == "frequency") return string_pattern(frequency_text);
    if (p.type == "real")
        return any_of(
            {jnode::object().set("type", jnode::str("number")), string_pattern(real_text)});
    if (p.type == "bool")
        return any_of(
            {jnode::object().set("type", jnode::str("boolean")),
             jnode::object().set("enum", jnode::array().add(jnode::num(0)).add(jnode::num(1))),
             string_pattern(bool_text)});
    if (!p.options.empty()) {
        jnode e = jnode::array();
        for (const auto& o : p.options) e.add(jnode::str(o));
        return jnode::object().set("enum", std::move(e));
    }
    jnode scalar = jnode::object().set("type", jnode::array()
                                                   .add(jnode::str("string"))
                                                   .add(jnode::str("number"))
                                                   .add(jnode::str("boolean")));
    if (p.type == "list of integers")
        return jnode::object()
            .set("type", jnode::str("array"))
            .set("items", integer_schema(0, UINT64_MAX));
    if (p.type == "list of strings")
        return jnode::object().set("type", jnode::str("array")).set("items", std::move(scalar));
    return scalar; // string
}

std::string describe_text(const param_info& p) {
    std::string d = p.desc;
    if (!p.unit.empty()) d += " [" + p.unit + "]";
    if (p.required)
        d += " (required)";
    else if (!p.default_text.empty() && p.type != "map" && p.type != "list")
        d += " (default " + p.default_text + ")";
    return d;
}

// The object whose keys are the parameters directly under `prefix` ("", "timing.",
// "map[].").
jnode object_schema(const std::vector<param_info>& params, const std::string& prefix,
                    bool with_required) {
    jnode props = jnode::object();
    jnode required = jnode::array();
    for (const param_info& p : params) {
        if (p.key.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string key = p.key.substr(prefix.size());
        if (key.find('.') != std::string::npos || key.find("[]") != std::string::npos) continue;
        jnode v = p.type == "map"    ? object_schema(params, p.key + ".", false)
                  : p.type == "list" ? jnode::object()
                                           .set("type", jnode::str("array"))
                                           .set("items", object_schema(params, p.key + "[].", true))
                                     : value_schema(p);
        v.set("description", jnode::str(describe_text(p)));
        props.set(key, std::move(v));
        if (p.required && with_required) required.add(jnode::str(key));
    }
    jnode o = jnode::object().set("type", jnode::str("object"));
    o.set("properties", std::move(props));
    o.set("additionalProperties", jnode::lit("false"));
    if (!required.empty()) o.set("required", std::move(required));
    return o;
}

} // namespace

void write_schema(std::ostream& os) {
    const std::vector<described> all = describe_all();
    jnode root = jnode::object();
    root.set("$schema", jnode::str("http://json-schema.org/draft-07/schema#"));
    root.set("$id", jnode::str("trvp.schema.json"));
    root.set("title", jnode::str("TRVP platform configuration"));
    root.set("description",
             jnode::str("Generated by `trvp describe --schema` from the parameter declarations "
                        "(docs/platform.md). A component without `type:` overrides one of a "
                        "base file and is checked by trvp only."));
    root.set("type", jnode::str("object"));
    jnode props = jnode::object();
    props.set("base",
              any_of({jnode::object().set("type", jnode::str("string")),
                      jnode::object()
                          .set("type", jnode::str("array"))
                          .set("items", jnode::object().set("type", jnode::str("string")))})
                  .set("description", jnode::str("the file(s) this one overrides, relative to it: "
                                                 "maps merge, lists and values are replaced, "
                                                 "null removes")));
    jnode defs = jnode::object();
    jnode types = jnode::array();
    jnode dispatch = jnode::array();
    for (const described& d : all) {
        if (d.section) {
            props.set(d.name, object_schema(d.schema, "", false)
                                  .set("description", jnode::str("section " + d.name)));
            continue;
        }
        jnode o = object_schema(d.schema, "", false);
        o.at("properties").set("type", jnode::object().set("const", jnode::str(d.name)));
        o.set("description", jnode::str(d.summary));
        defs.set("type." + d.name, std::move(o));
        types.add(jnode::str(d.name));
        dispatch.add(
            jnode::object()
                .set("if", jnode::object()
                               .set("properties",
                                    jnode::object().set(
                                        "type", jnode::object().set("const", jnode::str(d.name))))
                               .set("required", jnode::array().add(jnode::str("type"))))
                .set("then",
                     jnode::object().set("$ref", jnode::str("#/definitions/type." + d.name))));
    }
    defs.set("component",
             jnode::object()
                 .set("type", jnode::str("object"))
                 .set("properties",
                      jnode::object().set("type", jnode::object().set("enum", std::move(types))))
                 .set("allOf", std::move(dispatch)));
    props.set("components",
              jnode::object()
                  .set("type", jnode::str("object"))
                  .set("description", jnode::str("the components by name: {type: ..., parameters}"))
                  .set("propertyNames", string_pattern("^[A-Za-z_][A-Za-z0-9_]*$"))
                  .set("additionalProperties",
                       any_of({jnode::object().set("$ref", jnode::str("#/definitions/component")),
                               jnode::object().set("type", jnode::str("null"))})));
    props.set("connections",
              jnode::object()
                  .set("type", jnode::str("array"))
                  .set("description", jnode::str("\"component.socket -> component.socket\""))
                  .set("items", string_pattern("^\\s*[A-Za-z_][A-Za-z0-9_]*\\.[^.\\s]+\\s*->\\s*"
                                               "[A-Za-z_][A-Za-z0-9_]*\\.[^.\\s]+\\s*$")));
    root.set("properties", std::move(props));
    root.set("additionalProperties", jnode::lit("false"));
    root.set("definitions", std::move(defs));
    root.write(os, 0);
    os << '\n';
}

} // namespace trvp::platform
