// YAML factory of the physical-attacker device (models/attack, docs/attacks.md): the memory
// components it reaches are named, and reached through their probe ports.

#include "platform/builder/registry.h"

#include "attack/dram_attacker.h"
#include "memory/dram.h"

namespace trvp::platform {
namespace {

struct attacker_config {
    dram_attacker_params p;
    struct memory {
        std::string name;
        uint64_t base = 0;
    };
    std::vector<memory> memories;
    struct meta {
        std::string kind, memory;
        metadata_area area;
    };
    std::vector<meta> metadata;
};

attacker_config read_attacker(param_reader& r) {
    attacker_config c;
    c.p.line_size =
        unsigned(r.integer("line_size", c.p.line_size, "bytes", "data line size", 16, 4096));
    c.p.slots = unsigned(r.integer("slots", c.p.slots, "", "snapshot slots", 1, 1024));
    c.p.max_bytes = r.size("max_bytes", c.p.max_bytes, "data bytes per snapshot or copy");
    r.list("memories", true,
           "memory components the attacker reaches (type dram); the first is the data memory",
           [&](param_reader& m) {
               attacker_config::memory x;
               x.name = m.string("name", std::nullopt, "the memory component");
               x.base = m.address("base", 0, "the address the attacker uses for its offset 0");
               c.memories.push_back(x);
           });
    r.list("metadata", false,
           "where data line N's metadata lives (N = data address / line_size, as the "
           "encryption unit counts): base + N * entry, or packed per_line to a metadata line",
           [&](param_reader& m) {
               attacker_config::meta x;
               metadata_area& a = x.area;
               x.kind = m.choice("kind", std::nullopt, {"tag", "counter", "node"},
                                 "what a command's kinds mask calls it");
               x.memory =
                   m.string("memory", std::nullopt, "one of memories[].name (not the first)");
               a.base = m.address("base", 0,
                                  "address of entry 0 in that memory, modulo 2^64 (the unit's "
                                  "counter_base, tag_base, ...)");
               a.entry = unsigned(m.integer("entry", a.entry, "bytes",
                                            "bytes of one data line's entry (0: whole_line only, "
                                            "e.g. a tree node)",
                                            0, 4096));
               a.per_line = unsigned(m.integer("per_line", a.per_line, "entries",
                                               "entries packed in one metadata line (0: back to "
                                               "back)",
                                               0, 4096));
               a.line = unsigned(
                   m.integer("line", a.line, "bytes", "metadata line bytes (per_line)", 1, 4096));
               a.whole_line = m.boolean("whole_line", a.whole_line,
                                        "snapshots take the whole metadata line of an entry");
               if (!m.describing() && a.per_line && uint64_t(a.per_line) * a.entry > a.line)
                   m.fail("per_line", "per_line entries do not fit in one metadata line");
               if (!m.describing() && !a.entry && !a.whole_line)
                   m.fail("entry", "entry 0 needs whole_line: true");
               c.metadata.push_back(x);
           });
    if (!r.describing()) {
        if (c.p.line_size & (c.p.line_size - 1)) r.fail("line_size", "must be a power of two");
        for (const auto& m : c.metadata) {
            bool found = false;
            for (size_t i = 1; i < c.memories.size(); ++i) found |= c.memories[i].name == m.memory;
            if (!found)
                r.fail("metadata", "memory '" + m.memory +
                                       "' is not one of memories[1..] (the first is the data)");
        }
    }
    return c;
}

raw_memory probe_of(build_context& ctx, const std::string& name, uint64_t base) {
    component* c = ctx.find_component(name);
    auto* d = dynamic_cast<dram*>(c);
    if (!d)
        throw user_error("components." + ctx.name + ".memories: '" + name + "' is " +
                         (c ? "not a dram" : "not a component of this platform"));
    raw_memory m;
    m.name = name;
    m.base = base;
    m.size = d->size();
    m.read = [d](uint64_t off, uint8_t* dst, uint64_t len) {
        const std::vector<uint8_t> b = d->probe_read(off, len);
        std::copy(b.begin(), b.end(), dst);
    };
    m.write = [d](uint64_t off, const uint8_t* src, uint64_t len) {
        d->probe_write(off, src, len);
    };
    return m;
}

const component_factory<attacker_config> dram_attacker_type{
    "dram_attacker",
    "physical DRAM attacker for attack configurations (target 'regs'): snapshot, restore, "
    "copy and XOR raw contents of the named memories through their probe ports",
    read_attacker, [](build_context& ctx, const attacker_config& c) {
        std::vector<raw_memory> mems;
        for (const auto& m : c.memories) mems.push_back(probe_of(ctx, m.name, m.base));
        std::vector<metadata_area> meta;
        for (const auto& m : c.metadata) {
            metadata_area a = m.area;
            a.kind = m.kind == "tag"       ? metadata_area::tag
                     : m.kind == "counter" ? metadata_area::counter
                                           : metadata_area::node;
            for (size_t i = 1; i < c.memories.size(); ++i)
                if (c.memories[i].name == m.memory) a.memory = unsigned(i);
            meta.push_back(a);
        }
        return std::make_unique<dram_attacker>(ctx.name.c_str(), ctx.env, c.p, std::move(mems),
                                               std::move(meta));
    }};

} // namespace

void register_dram_attacker(component_registry& registry) {
    registry.add(dram_attacker_type);
}

} // namespace trvp::platform
