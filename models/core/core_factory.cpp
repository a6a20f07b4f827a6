// YAML factory of the RV32 core.

#include "platform/builder/registry.h"
#include "tr/attribute_bank_lookup.h"

#include "core/core.h"
#include "interconnect/router.h"
#include "sealing/device_key.h"
#include "sealing/seal_error.h"
#include "tr/secure_unit.h"

#include <filesystem>

namespace trvp::platform {

namespace {

// The core's parameters plus the names the platform resolves when it builds it.
struct core_config {
    rv32_core_params core;
    secure_params secure;        // the TR extension (models/tr), attached when enabled
    std::string attributes;      // attribute bank (component name)
    std::string device_key_file; // secure.device_key_file, as written
    std::string snoop;           // router whose writes end the LR reservation
};

void read_secure(param_reader& s, core_config& c) {
    secure_params& p = c.secure;
    p.enabled = s.boolean("enabled", p.enabled, "the TR extension (custom-0 instructions)");
    p.device_seed = s.string("device_seed", p.device_seed,
                             "device key pair from this seed (docs/sealed-image.md)");
    c.device_key_file = s.string("device_key_file", "",
                                 "device private key file (overrides device_seed); relative to "
                                 "the config's folder");
    p.drbg_seed = s.string("drbg_seed", p.drbg_seed, "seed of the chip's DRBG (entropy source)");
    p.max_image_size =
        uint32_t(s.size("max_image_size", p.max_image_size, "larger sealed images are refused"));
    p.line_size = uint32_t(s.integer("line_size", p.line_size, "bytes",
                                     "bytes per secure-unit transaction (the L1D line)", 4, 4096));
    if (!s.describing() && (p.line_size & (p.line_size - 1)))
        s.fail("line_size", "expected a power of two, got " + std::to_string(p.line_size));
    p.context_save =
        s.choice("context_save", "on_chip", {"on_chip", "memory"},
                 "where a trapped protected context's registers go: the on-chip context table, "
                 "or an AES-GCM blob in a kernel-provided save area (docs/tr-isa.md)") == "memory"
            ? context_save_mode::memory
            : context_save_mode::on_chip;
    s.group("costs", "cycles charged per TR operation (docs/tr-isa.md)", [&](param_reader& k) {
        secure_costs& q = p.costs;
        auto cost = [&](const char* key, uint32_t& v, const char* desc) {
            v = uint32_t(k.integer(key, v, "cycles", desc, 0, 1u << 30));
        };
        cost("launch", q.launch, "tr.launch, fixed part");
        cost("launch_per_byte", q.launch_per_byte, "tr.launch, per byte moved");
        cost("launch_aes_per_line", q.launch_aes_per_line, "tr.launch, per image line (AES-GCM)");
        cost("resume", q.resume, "tr.resume");
        cost("trap", q.trap, "saving and clearing the registers on a trap");
        cost("destroy", q.destroy, "tr.destroy");
        cost("info", q.info, "tr.info");
        cost("region", q.region, "tr.region, fixed part");
        cost("fill_per_line", q.fill_per_line, "zero-fill, per line");
        cost("unregion", q.unregion, "tr.unregion");
        cost("keyload", q.keyload, "tr.keyload");
        cost("keydrop", q.keydrop, "tr.keydrop");
        cost("x25519_keypair", q.x25519_keypair, "PKA op 0");
        cost("x25519_agree", q.x25519_agree, "PKA op 1");
        cost("ed25519_keypair", q.ed25519_keypair, "PKA op 2");
        cost("ed25519_sign", q.ed25519_sign, "PKA op 3 (+ sha256_block per 64 bytes)");
        cost("ed25519_verify", q.ed25519_verify, "PKA op 4 (+ sha256_block per 64 bytes)");
        cost("sha256_block", q.sha256_block, "PKA op 5, per 64-byte block");
        cost("hkdf", q.hkdf, "PKA op 6, fixed part");
        cost("rand", q.rand, "tr.rand");
        cost("savearea", q.savearea, "tr.savearea");
        cost("context_seal", q.context_seal, "memory save: sealing the registers on a trap");
        cost("context_open", q.context_open, "memory save: verifying them at tr.resume");
    });
}

const component_factory<core_config> core_type{
    "rv32_core",
    "RV32IMAC+Zicsr+Zifencei hart, M/S/U, Sv32 (initiators 'fetch', 'data', optional 'mmio'; "
    "interrupt input 'irq')",
    [](param_reader& r) {
        core_config cfg;
        rv32_core_params& p = cfg.core;
        p.hart.reset_pc = static_cast<uint32_t>(
            r.address("reset_pc", p.hart.reset_pc,
                      "pc after reset (a loaded ELF's entry point overrides it)"));
        p.hart.hart_id = static_cast<uint32_t>(
            r.integer("hart_id", p.hart.hart_id, "", "mhartid", 0, UINT32_MAX));
        for (unsigned c = 0; c < core::num_timing_classes; ++c)
            p.hart.class_cycles[c] = static_cast<uint32_t>(r.integer(
                std::string(core::timing_class_names[c]) + "_cycles", p.hart.class_cycles[c],
                "cycles", std::string("cost of a ") + core::timing_class_names[c] + " instruction",
                0, 1u << 20));
        p.hart.fetch_line = static_cast<uint32_t>(
            r.integer("fetch_line", p.hart.fetch_line, "bytes",
                      "bytes per timed instruction fetch (set it to the L1I line size)", 4, 4096));
        p.hart.tlb_entries = static_cast<uint32_t>(r.integer(
            "tlb_entries", p.hart.tlb_entries, "", "TLB entries (power of two)", 1, 4096));
        p.hart.tlb_ways = static_cast<uint32_t>(
            r.integer("tlb_ways", p.hart.tlb_ways, "", "TLB ways (power of two)", 1, 4096));
        const std::string isa =
            r.choice("isa", "rv32imac", {"rv32im", "rv32ima", "rv32imc", "rv32imac"},
                     "instruction set: RV32IM (+ Zicsr, Zifencei) with the A and C extensions or "
                     "without; misa reports the extensions present");
        p.hart.ext_a = isa.find('a', 5) != std::string::npos;
        p.hart.ext_c = isa.find('c', 5) != std::string::npos;
        p.hart.misaligned =
            r.choice("misaligned", "trap", {"trap", "split"},
                     "misaligned loads and stores: trap (address-misaligned exception) or split "
                     "(two accesses, each timed and counted; docs/core.md)") == "split"
                ? core::hart_params::misaligned_mode::split
                : core::hart_params::misaligned_mode::trap;
        p.hart.fast_path = r.boolean(
            "fast_path", p.hart.fast_path,
            "use fast paths granted by the nearest model (false: every access through TLM)");
        r.group("pmp", "physical memory protection (docs/core.md#pmp)", [&](param_reader& q) {
            core::pmp_params& m = p.hart.pmp;
            m.entries = uint32_t(q.integer("entries", 16, "",
                                           "implemented PMP entries (the lowest-numbered)", 0, 16));
            m.granularity = uint32_t(
                q.integer("granularity", m.granularity, "bytes",
                          "smallest region a PMP entry protects (power of two)", 4, 1u << 30));
            if (!q.describing() && (m.granularity & (m.granularity - 1)))
                q.fail("granularity",
                       "expected a power of two, got " + std::to_string(m.granularity));
        });
        p.timebase_hz =
            r.frequency("timebase", p.timebase_hz, "frequency of the time CSR (the CLINT's mtime)");
        p.max_trap_storm = r.integer(
            "max_trap_storm", p.max_trap_storm, "traps",
            "stop the run (exit status 3) after this many traps in a row with no instruction "
            "retired (a trap loop without a working handler); 0: never");
        r.list("cacheable", false,
               "physical ranges reached through 'fetch'/'data' (PMA); others go to 'mmio' when "
               "it is bound",
               [&p](param_reader& item) {
                   pma_range range;
                   range.base = item.address("base", std::nullopt, "first address");
                   range.size = item.size("size", std::nullopt, "length in bytes");
                   p.cacheable.push_back(range);
               });
        cfg.snoop = r.string("snoop", "",
                             "a router whose forwarded writes (other initiators': a traffic "
                             "generator, DMA) end this core's LR reservation when they touch "
                             "its word (docs/core.md)");
        cfg.attributes = r.string("attributes", "",
                                  "the attribute_bank of the TR extension (with secure.enabled)");
        r.group("secure", "the TR extension's secure unit (docs/tr-isa.md)",
                [&](param_reader& s) { read_secure(s, cfg); });
        if (!r.describing() && cfg.secure.enabled && cfg.attributes.empty())
            r.fail("attributes", "secure.enabled needs 'attributes: <attribute_bank name>'");
        return cfg;
    },
    [](build_context& c, const core_config& cfg) {
        rv32_core_params p = cfg.core;
        if (!c.info.elf.empty()) p.hart.reset_pc = c.info.entry;
        p.max_instructions = c.info.max_instructions;
        // VCD tracing records every access, so every access takes the TLM path (no grants,
        // no direct calls into the L1s): identical simulated results, slower.
        if (c.env.trace) p.hart.fast_path = false;
        attribute_bank* bank = cfg.attributes.empty()
                                   ? nullptr
                                   : &find_attribute_bank(c, "attributes", cfg.attributes);
        secure_params secure = cfg.secure;
        if (!cfg.device_key_file.empty()) {
            namespace fs = std::filesystem;
            fs::path file(cfg.device_key_file);
            if (file.is_relative()) file = fs::path(c.info.config_dir) / file;
            try {
                const auto key = sealing::load_device_key_file(file.string());
                secure.device_key.assign(key.priv.begin(), key.priv.end());
            } catch (const sealing::seal_error& e) {
                throw user_error("components." + c.name + ".secure.device_key_file: " + e.what());
            }
        }
        // The TR extension is the core's only extension; the core never names it.
        if (secure.enabled) p.extensions.push_back(make_tr_extension(*bank, secure));
        router* snooped = nullptr;
        if (!cfg.snoop.empty()) {
            component* other = c.find_component(cfg.snoop);
            snooped = dynamic_cast<router*>(other);
            if (!snooped)
                throw user_error("components." + c.name + ".snoop: '" + cfg.snoop + "' is " +
                                 (other ? "not a router" : "not a component of this platform"));
        }
        auto core = std::make_unique<rv32_core>(c.name.c_str(), c.env, p);
        if (snooped) {
            core::hart& h = core->hart();
            snooped->listen_writes([&h](uint64_t addr, uint64_t len) {
                if (addr < (uint64_t(1) << 32)) h.snoop_write(uint32_t(addr), uint32_t(len));
            });
        }
        return core;
    },
    nullptr,
    component_traits{/*needs_firmware=*/true, /*memory=*/false}};

} // namespace

void register_core(component_registry& registry) {
    registry.add(core_type);
}

} // namespace trvp::platform
