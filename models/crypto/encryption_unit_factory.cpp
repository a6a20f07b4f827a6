// YAML factory of the encryption unit. Its key table is the one of the attribute bank named
// by `attributes:` (the same key as on the core).

#include "platform/builder/registry.h"
#include "tr/attribute_bank_lookup.h"

#include "crypto/encryption_unit.h"

namespace trvp::platform {

namespace {

struct eu_config {
    eu_params eu;
    std::string attributes; // attribute bank
};

// "xts" is short for "aes-128-xts" (so --set eu.mode=ctr works).
std::string full_mode(const std::string& m) {
    return m == "xts" || m == "ctr" || m == "ecb" ? "aes-128-" + m : m;
}

// integrity.mode tree: the counter tree's keys (docs/crypto.md, Counter tree).
void read_tree(param_reader& g, integrity_params& q) {
    tree_params& t = q.tree;
    t.counters = parse_counter_org(g.choice("counters", std::string(to_string(t.counters)),
                                            {"split", "monolithic"},
                                            "tree: version counters of a counter line"));
    t.arity =
        unsigned(g.integer("arity", t.arity, "", "tree: children per node, a power of two", 2, 64));
    if (t.arity & (t.arity - 1))
        g.fail("arity", "arity " + std::to_string(t.arity) + " is not a power of two");
    t.minor_bits = unsigned(
        g.integer("minor_bits", t.minor_bits, "bits", "tree, split: minor counter width", 3, 16));
    t.root_counters = unsigned(g.integer("root_counters", t.root_counters, "",
                                         "tree: counters of the on-chip root register", 1, 4096));
    t.max_levels = unsigned(g.integer("max_levels", t.max_levels, "",
                                      "tree: stored levels the walker supports", 1, 16));
    t.base = g.address("tree_base", t.base, "tree: address of its first node in the 'meta' memory");
    g.group("protected", "tree: the request addresses it covers", [&](param_reader& r) {
        q.protected_base = r.address("base", q.protected_base, "first covered address");
        t.protected_size = r.size("size", t.protected_size, "bytes covered");
    });
    g.group(
        "node_cache", "tree: on-chip node cache (counter lines and nodes)", [&](param_reader& c) {
            t.cache_entries = unsigned(c.integer("entries", t.cache_entries, "nodes", "nodes held",
                                                 1, integrity_params::max_cache_entries));
            t.cache_ways = unsigned(c.integer("ways", t.cache_ways, "", "associativity", 1, 64));
        });
}

eu_config read_eu(param_reader& r) {
    eu_config c;
    eu_params& p = c.eu;
    p.mode = full_mode(r.choice(
        "mode", p.mode, {"aes-128-xts", "aes-128-ctr", "aes-128-ecb", "none", "xts", "ctr", "ecb"},
        "line cipher (docs/crypto.md); xts/ctr/ecb are short names"));
    c.attributes =
        r.string("attributes", std::nullopt, "the attribute_bank whose key table the unit uses");
    p.line_size =
        unsigned(r.integer("line_size", p.line_size, "bytes",
                           "line size, a multiple of 16 (the last cache's line)", 16, 4096));
    p.pa_base = r.address("pa_base", p.pa_base,
                          "physical address of request address 0 (0 when the unit sits before "
                          "the router and sees physical addresses)");
    r.group("timing", "AES engine timing", [&](param_reader& t) {
        auto& q = p.timing;
        q.aes_latency = unsigned(t.integer("aes_latency", q.aes_latency, "cycles",
                                           "pipeline latency of one line", 0, 1u << 20));
        q.blocks_per_cycle =
            unsigned(t.integer("blocks_per_cycle", q.blocks_per_cycle, "blocks",
                               "16-byte blocks an engine accepts per cycle", 1, 64));
        q.engines = unsigned(t.integer("engines", q.engines, "", "AES engines", 1, 64));
        q.key_switch_penalty =
            unsigned(t.integer("key_switch_penalty", q.key_switch_penalty, "cycles",
                               "loading another key id's schedule", 0, 1u << 20));
        q.xor_latency = unsigned(
            t.integer("xor_latency", q.xor_latency, "cycles", "ctr: pad XOR", 0, 1u << 20));
    });
    r.group("counter_cache", "ctr: on-chip counter cache", [&](param_reader& t) {
        auto& q = p.counter_cache;
        q.entries =
            unsigned(t.integer("entries", q.entries, "lines", "counter lines held", 1, 1u << 20));
        q.ways = unsigned(t.integer("ways", q.ways, "", "associativity", 1, 1024));
    });
    p.counter_base = r.address("counter_base", p.counter_base,
                               "ctr: address of counter line 0 in the 'counters' memory");
    p.counter_miss_penalty =
        unsigned(r.integer("counter_miss_penalty", p.counter_miss_penalty, "cycles",
                           "ctr: added to each counter fetch's read", 0, 1u << 20));
    p.key_stats = unsigned(r.integer("key_stats", p.key_stats, "",
                                     "key ids 0..N-1 get <name>.key<N>.lines", 1, 65536));
    r.group("integrity", "line integrity: tags (mac) checked on every encrypted line read",
            [&](param_reader& g) {
                auto& q = p.integrity;
                q.mode = g.choice("mode", q.mode, {"none", "mac", "tree"},
                                  "none, mac (a tag per line) or tree (docs/crypto.md)");
                q.tag_bits = unsigned(g.integer("tag_bits", q.tag_bits, "bits",
                                                "tag per line, a multiple of 8", 32, 128));
                q.stamp_bits = unsigned(g.integer(
                    "stamp_bits", q.stamp_bits, "bits",
                    "authenticator of each tag entry's stamp (who wrote the line last): 0 takes "
                    "the stamp on trust (open to the stamp attack, docs/attacks.md)",
                    0, 64));
                q.tag_base = g.address("tag_base", q.tag_base,
                                       "address of line 0's tag entry in the 'meta' memory");
                q.mac_latency = unsigned(g.integer("mac_latency", q.mac_latency, "cycles",
                                                   "MAC unit latency per line", 0, 1u << 20));
                g.group("cache", "on-chip metadata cache", [&](param_reader& c) {
                    auto& m = q.cache;
                    m.entries =
                        unsigned(c.integer("entries", m.entries, "lines", "metadata lines held", 1,
                                           integrity_params::max_cache_entries));
                    m.ways = unsigned(c.integer("ways", m.ways, "", "associativity", 1, 64));
                    m.hit_latency =
                        unsigned(c.integer("hit_latency", m.hit_latency, "cycles",
                                           "reading or updating a resident line", 0, 1024));
                });
                read_tree(g, q);
            });
    if (!r.describing()) {
        try {
            p.validate(r.path());
        } catch (const user_error& e) {
            r.fail("", e.what());
        }
    }
    return c;
}

// Where the unit keeps its metadata (docs/crypto.md), for the builder's overlap check: the ctr
// counters on "counters", the tags and tree nodes on "meta"; both sockets are private.
void publish_metadata(build_context& c, const eu_config& cfg) {
    const eu_params& p = cfg.eu;
    const integrity_params& q = p.integrity;
    const integrity_mode im = parse_integrity_mode(q.mode);
    std::vector<metadata_region> v;
    metadata_region ctr{"counters", "", "counter_base"};
    if (p.mode == "aes-128-ctr" && im != integrity_mode::tree) {
        ctr.what = "ctr counters";
        ctr.data_line = p.line_size;
        ctr.base = p.counter_base;
        ctr.entry = 8;
    }
    v.push_back(ctr);
    metadata_region tags{"meta", "", "integrity.tag_base"};
    if (im != integrity_mode::none && p.mode != "none") {
        tags.what = "integrity tags";
        tags.data_line = tags.line = p.line_size;
        tags.base = q.tag_base;
        tags.entry = q.entry_bytes();
        tags.per_line = p.line_size / q.entry_bytes();
    }
    if (im == integrity_mode::tree && p.mode != "none") {
        const tree_layout l(q.tree_config(), p.line_size, c.name);
        tags.first_line = q.protected_base / p.line_size;
        tags.lines = l.data_lines();
        metadata_region nodes{"meta", "tree nodes", "integrity.tree_base"};
        nodes.base = q.tree.base;
        nodes.fixed_size = l.footprint();
        v.push_back(nodes);
    }
    v.push_back(tags);
    c.publish_metadata(std::move(v));
}

const component_factory<eu_config> eu_type{
    "encryption_unit",
    "AES line encryption between the last cache and memory: target 'cpu', initiators 'mem', "
    "'counters' (ctr) and 'meta' (integrity: tags), both memories outside the guest map",
    read_eu,
    [](build_context& c, const eu_config& p) {
        attribute_bank& bank = find_attribute_bank(c, "attributes", p.attributes);
        return std::make_unique<encryption_unit>(c.name.c_str(), c.env, p.eu, bank.keys());
    },
    publish_metadata};

} // namespace

void register_encryption_unit(component_registry& registry) {
    registry.add(eu_type);
}

} // namespace trvp::platform
