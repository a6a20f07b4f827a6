#pragma once
// Builds a platform from a configuration: reads the run settings, parses the firmware,
// builds every component through the registry, binds the connections by name and checks
// that nothing is left unbound. Loads the firmware when the simulation starts.

#include "boot.h"
#include "config.h"
#include "elf.h"
#include "registry.h"
#include "sections.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trvp::platform {

class platform {
public:
    /** build: everything; check: reads and checks, builds nothing (check_config). */
    enum class mode { build, check };
    /** Builds everything; `out_dir` must exist. Throws config_error / user_error. */
    platform(config_doc& doc, const std::string& out_dir, mode m = mode::build);
    ~platform();

    const platform_info& info() const { return m_info; }
    const output_options& outputs() const { return m_outputs; }
    stats::registry& stats() { return m_stats; }
    run_control& control() { return m_control; }
    sim_env& env() { return m_env; }

    /** The component named `name`, or null. */
    component* find(const std::string& name) const;
    /** Names of the components of type `type`, in configuration order. */
    std::vector<std::string> components_of_type(const std::string& type) const;
    /** Every component, in configuration order. */
    std::vector<component*> components() const;
    /** The program images of `firmware.images` (their bytes, for the run's identity). */
    const boot_config& boot() const { return m_boot; }
    /** The configuration with every default filled in. */
    const YAML::Node& resolved() const { return m_resolved; }

    /** Every component's end_of_run, then the end-of-run outputs factories asked for. */
    void end_of_run();
    /** Writes the VCD file if tracing is on; returns an error message, empty on success. */
    std::string write_trace();

    /** Writes the ELF segments and args into memory and arms tohost (at start of simulation). */
    void load_firmware();

private:
    struct instance;
    struct link;
    class loader;

    void read_settings(config_doc& doc);
    void build_components(config_doc& doc);
    void plan_connections(config_doc& doc);
    // validate.cpp: the rules checked before anything is built (docs/platform.md).
    void validate(config_doc& doc) const;
    void connect(config_doc& doc);
    void check_unbound(config_doc& doc) const;
    /** Metadata areas outside the guest map stay outside it and apart (metadata_check.cpp). */
    void check_metadata(config_doc& doc) const;
    instance* lookup(const std::string& name);
    /** Builds `name` (pass 2) unless built already; null when there is no such component. */
    component* make_component(const std::string& name);
    target_socket_base& load_socket();
    void write_memory(uint64_t addr, const uint8_t* data, uint64_t len, const std::string& what);
    void watch_tohost(uint64_t addr);
    void write_args();
    void load_boot();                   // boot.cpp: firmware.images and firmware.boot
    void check_image_placement() const; // boot.cpp: images off the firmware and each other
    /** Where the load router maps `component` (through a direct connection), if it does. */
    std::optional<uint64_t> system_bus_base(const std::string& component) const;

    stats::registry m_stats;
    run_control m_control;
    sim_env m_env{m_stats, m_control};
    platform_info m_info;
    output_options m_outputs;
    std::optional<elf_file> m_elf;
    std::vector<uint64_t> m_args;
    boot_config m_boot;
    std::string m_load_via;
    std::string m_load_socket; // the target socket of m_load_via the loader binds to
    std::vector<std::unique_ptr<instance>> m_instances;
    std::vector<link> m_links;
    std::unique_ptr<loader> m_loader;
    YAML::Node m_resolved{YAML::NodeType::Map};
    std::vector<std::function<void()>> m_end_hooks;
    std::unique_ptr<tracer> m_trace; // outputs.vcd; null when tracing is off
};

/**
 * Reads and checks the whole configuration without building anything (no SystemC object):
 * every key against the parameter schema, the firmware and images, and the rules checked
 * before elaboration (docs/platform.md, "Checks before the run"). Returns the resolved
 * configuration; throws config_error / user_error (exit status 2). `trvp run --dry-run` and
 * sweeps use it.
 */
YAML::Node check_config(config_doc& doc);

/** The text of <out>/config.yaml: a header naming `config`, then `resolved`. */
std::string resolved_config_text(const YAML::Node& resolved, const std::string& config);

/** Resolves a firmware path: absolute; else beside the config; else in the firmware build. */
std::string find_firmware(const std::string& elf, const std::string& config_dir,
                          std::vector<std::string>* tried = nullptr);

} // namespace trvp::platform
