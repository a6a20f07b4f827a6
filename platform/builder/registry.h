#pragma once
// The component registry: a `type:` string in the YAML maps to a factory that reads the
// component's parameters through a param_reader and constructs it. Each type's factory sits
// beside its model (models/cache/cache_factory.cpp, ...) and is registered by one line in
// builder/components.cpp.

#include "models/common/component.h"
#include "params.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trvp::platform {

/** A contiguous range of addresses a router forwards to one of its ports (offset = addr - base). */
struct map_entry {
    std::string port;
    uint64_t base = 0;
    uint64_t size = 0;
    bool cacheable = false;
};

/**
 * Memory a component keeps outside the guest's reach behind one of its initiator sockets
 * (the encryption unit's tags, ctr counters and tree nodes). The builder follows the routers
 * from that socket and from every other initiator to the memory components and refuses a
 * configuration where the area overlaps memory anything else reaches, or another area.
 */
struct metadata_region {
    std::string socket; // the initiator socket that reaches it ("meta", "counters")
    std::string what;   // "integrity tags", "ctr counters", "tree nodes"; empty: the socket
                        // is private but holds nothing in this configuration
    std::string key;    // the parameter that places it, under the component ("integrity.tag_base")
    /** Per data line: line n (request address / data_line, over what the component's `data`
     *  socket reaches) has its entry at base + (n / per_line) * line + (n % per_line) * entry,
     *  or base + n * entry when per_line is 0 (modulo 2^64). */
    std::string data = "mem";
    unsigned data_line = 64;
    uint64_t base = 0;
    unsigned entry = 0, per_line = 0, line = 64;
    /** Only data lines [first_line, first_line + lines) when lines != 0 (the tree's range). */
    uint64_t first_line = 0, lines = 0;
    /** A fixed range [base, base + fixed_size) instead, when fixed_size != 0. */
    uint64_t fixed_size = 0;
};

/** What the platform knows before the components are built (firmware, run options). */
struct platform_info {
    std::string elf;                  // resolved firmware path; empty without firmware
    uint32_t entry = 0;               // the ELF entry point: the cores' reset pc
    std::optional<uint64_t> tohost;   // address of the `tohost` symbol, if any
    std::optional<uint64_t> fromhost; // address of the `fromhost` symbol, if any
    std::optional<uint64_t> args;     // address of `trvp_args`, if any
    double clock_hz = 1e9;            // simulation.clock
    sc_core::sc_time clock_period{1, sc_core::SC_NS};
    sc_core::sc_time quantum{10, sc_core::SC_US};
    uint64_t max_instructions = 0; // 0: no limit
    sc_core::sc_time max_time;     // SC_ZERO_TIME: no limit
    uint64_t seed = 1;
    std::string out_dir;    // where this run writes its outputs
    std::string config_dir; // folder of the configuration file
    bool dram_dump = false; // outputs.dram_dump: memories dump their contents at the end
    /**
     * The system address map: the ranges of the `firmware.load_via` router, known before any
     * component is constructed (cores take their cacheable ranges from it).
     */
    std::vector<map_entry> address_map;
};

/** Called after a guest write into a watched range with the range's current contents. */
using write_watcher = std::function<void(const uint8_t* contents, uint64_t len)>;
/** Installs `fn` on the range [offset, offset + len) of a memory component. */
using watch_installer = std::function<void(uint64_t offset, uint64_t len, write_watcher fn)>;

/** Handed to a factory while it builds one component. */
struct build_context {
    std::string name;          // the component's instance name in the YAML
    sim_env& env;              // statistics, run control, tracer
    const platform_info& info; // entry point, clock, quantum, limits, folders
    /** Routers publish their address map (tohost lookup, `trvp` summary). */
    std::function<void(std::vector<map_entry>)> publish_map;
    /** Memories offer write watches (the HTIF tohost convention). */
    std::function<void(watch_installer)> offer_watch;
    /**
     * Another component by its YAML name, built first if it comes later in the YAML (for
     * references such as a core's `attributes: ear`); null when there is no such component.
     * Only in pass 2 (make); throws user_error on a reference cycle.
     */
    std::function<component*(const std::string&)> find_component;
    /** Runs `fn` at the end of the run, after every component's end_of_run (output files). */
    std::function<void(std::function<void()>)> at_end_of_run;
    /** Components that keep metadata outside the guest map publish where (checked once the
     *  connections are bound). */
    std::function<void(std::vector<metadata_region>)> publish_metadata;
    /** A path from the configuration: absolute, or relative to `info.out_dir`. */
    std::string output_path(const std::string& p) const;
};

/** What the platform checks about a type's instances before building them (docs/platform.md). */
struct component_traits {
    bool needs_firmware = false; // runs a program (a core): refused without firmware.elf
    bool memory = false;         // its `size` parameter is its capacity: mapped ranges must fit
};

/** One component type: reads its parameters and builds instances. */
class component_type {
public:
    virtual ~component_type() = default;
    virtual const std::string& type() const = 0;
    virtual const std::string& summary() const = 0;
    virtual const component_traits& traits() const = 0;
    using maker = std::function<std::unique_ptr<component>()>;
    /**
     * Pass 1: reads (all) the parameters, checks them, lets the type publish what others
     * need (a router its map); returns pass 2, which constructs the component.
     */
    virtual maker prepare(param_reader& params, build_context& ctx) const = 0;
    /** Reads the parameters from a describing reader (records the schema). */
    virtual void describe(param_reader& params) const = 0;
};

/**
 * Component types by name; builder/components.cpp fills the one the platform uses. Types
 * are not owned: each is a static component_factory in its factory's file.
 */
class component_registry {
public:
    /** Adds `t`, which must outlive the registry; a type name registered twice is a bug. */
    void add(const component_type& t);
    const component_type* find(const std::string& type) const;
    std::vector<std::string> types() const;

private:
    std::map<std::string, const component_type*> m_types;
};

/**
 * A component type read into a `Params` struct. A factory beside its model defines one per
 * type and a register function that adds them (one line in builder/components.cpp calls it):
 *
 *   const component_factory<dram_params> dram_type{"dram", "DRAM with a probe port",
 *       [](param_reader& r) { dram_params p; p.size = r.size("size", p.size, "capacity");
 *                             return p; },
 *       [](build_context& c, const dram_params& p) {
 *           return std::make_unique<dram>(c.name.c_str(), c.env, p); }};
 *   void register_dram(component_registry& registry) { registry.add(dram_type); }
 *
 * `read` must read every parameter on every call (describe mode returns the defaults).
 * Every component's `read` (and `publish`, if given) runs before any `make`, so `make` sees
 * `ctx.info.address_map` complete whatever the order of the components in the YAML.
 */
template <class Params>
class component_factory : public component_type {
public:
    using read_fn = std::function<Params(param_reader&)>;
    using make_fn = std::function<std::unique_ptr<component>(build_context&, const Params&)>;
    using publish_fn = std::function<void(build_context&, const Params&)>;

    component_factory(std::string type, std::string summary, read_fn read, make_fn make,
                      publish_fn publish = nullptr, component_traits traits = {})
        : m_type(std::move(type)), m_summary(std::move(summary)), m_read(std::move(read)),
          m_make(std::move(make)), m_publish(std::move(publish)), m_traits(traits) {}
    const std::string& type() const override { return m_type; }
    const std::string& summary() const override { return m_summary; }
    const component_traits& traits() const override { return m_traits; }
    maker prepare(param_reader& r, build_context& ctx) const override {
        Params p = m_read(r);
        r.finish();
        if (m_publish) m_publish(ctx, p);
        return [this, &ctx, p = std::move(p)] { return m_make(ctx, p); };
    }
    void describe(param_reader& r) const override { (void)m_read(r); }

private:
    std::string m_type, m_summary;
    read_fn m_read;
    make_fn m_make;
    publish_fn m_publish;
    component_traits m_traits;
};

} // namespace trvp::platform
