// The secure unit: construction, the trap and translation hooks, statistics and trace
// signals (the instruction rows are in secure_ops.cpp).
#include "tr/secure_unit.h"

#include "common/errors.h"
#include "common/tracer.h"
#include "sealing/seal_error.h"

namespace trvp {

using core::access_type;
using core::exception;
using core::privilege;

namespace {

sealing::device_key make_device_key(const secure_params& p) {
    try {
        if (!p.device_key.empty())
            return sealing::device_key_from_private(sealing::cspan(p.device_key));
        return sealing::device_key_from_seed(sealing::cspan(p.device_seed));
    } catch (const sealing::seal_error& e) {
        throw user_error(std::string("secure.device_key: ") + e.what());
    }
}

} // namespace

secure_unit::secure_unit(const std::string& prefix, sim_env& env, core::hart& h,
                         extension_port& port, attribute_bank& bank, const secure_params& p)
    : m_h(h), m_port(port), m_bank(bank), m_params(p), m_device(make_device_key(p)),
      m_drbg(sealing::cspan(p.drbg_seed)), m_ctx(bank.params().contexts + 1),
      m_regs(p.context_save == context_save_mode::on_chip ? m_ctx.size() : 0),
      m_versions(m_ctx.size(), 0), m_trace(env.trace), m_prefix(prefix), m_reg(env.stats),
      m_errors(m_reg, prefix + "errors", "count", "TR instructions that returned an error code"),
      m_launches(m_reg, prefix + "launches", "count", "contexts launched from sealed images"),
      m_launch_bytes(m_reg, prefix + "launch_bytes", "bytes",
                     "bytes written into protected pages by tr.launch"),
      m_enters(m_reg, prefix + "enters", "count", "switches into encrypted mode (tr.resume)"),
      m_exits(m_reg, prefix + "exits", "count", "traps out of encrypted mode"),
      m_switches(m_reg, prefix + "switches", "count",
                 "resumes of another context than the last one resumed, or after plaintext "
                 "U-mode execution"),
      m_scrubs(m_reg, prefix + "scrubs", "count",
               "key ids cleaned from the caches and freed (clean+invalidate by key id)"),
      m_fetch_faults(m_reg, prefix + "fetch_faults", "count",
                     "fetches refused in encrypted mode (outside a code entry with X)"),
      m_binding_faults(m_reg, prefix + "binding_faults", "count",
                       "translations refused: frame not bound to (context, virtual page)"),
      m_perm_faults(m_reg, prefix + "perm_faults", "count",
                    "loads/stores (and TR operand accesses) refused in encrypted mode by the "
                    "EAR entry's perms"),
      m_rand_words(m_reg, prefix + "rand_words", "count", "words drawn by tr.rand"),
      m_saves(m_reg, prefix + "ctx_save.saves", "count",
              "trapped contexts sealed into their kernel save area (context_save: memory)"),
      m_restores(m_reg, prefix + "ctx_save.restores", "count",
                 "saved contexts read back, verified and restored by tr.resume"),
      m_refused_stale(m_reg, prefix + "ctx_save.refused.stale", "count",
                      "resumes refused: the save area held another version (a replayed copy)"),
      m_refused_altered(m_reg, prefix + "ctx_save.refused.altered", "count",
                        "resumes refused: the saved blob's header or tag did not verify"),
      m_save_bytes(m_reg, prefix + "ctx_save.bytes", "bytes",
                   "bytes of saved-context blobs written and read"),
      m_integrity_kills(m_reg, prefix + "integrity_kills", "count",
                        "contexts killed: memory's integrity check refused one of their accesses"),
      m_ownership_kills(m_reg, prefix + "ownership_kills", "count",
                        "contexts killed: frame ownership refused one of their accesses"),
      m_images_refused(m_reg, prefix + "images_refused", "count",
                       "sealed images tr.launch refused (TR_EIMAGE)"),
      m_image_refused(m_reg, prefix + "image_refused", "",
                      "why the last refused sealed image was refused (docs/sealed-image.md)") {
    // The limit is declared by the core's factory (models/core/core_factory.cpp).
    if (p.line_size < 4 || (p.line_size & (p.line_size - 1)) || p.line_size > 4096)
        TRVP_PANIC("trvp/tr", prefix + "line_size must be a power of two in [4, 4096]");
    if (m_trace) {
        const std::string scope = prefix.substr(0, prefix.size() - 1);
        m_sig_ctx = m_trace->add(scope, "context", 16);
        m_sig_enc = m_trace->add(scope, "encrypted", 1);
        m_sig_key = m_trace->add(scope, "key_id", 16);
    }
    // The temporary processor key of memory saves: drawn once at reset, never leaves the
    // unit (on_chip draws nothing, so its DRBG stream is unchanged).
    if (memory_save()) m_drbg.generate(sealing::mspan(m_temp_key));
    install();
    m_h.set_trap_hook(this);
    m_h.set_translation_hook(this);
}

secure_unit::~secure_unit() {
    m_h.set_trap_hook(nullptr);
    m_h.set_translation_hook(nullptr);
}

int32_t secure_unit::fail(int32_t code) {
    m_bank.count_refusal(code);
    return code;
}

// ---- hooks ----

bool secure_unit::fetch_allowed(uint32_t va, uint16_t key_id) const {
    if (!m_current) return true;
    const ear_entry* e = m_bank.lookup(m_current, va);
    return e && e->kind == ear_kind::code && (e->perms & ear_x) && e->key_id == key_id;
}

namespace {
constexpr uint8_t bit(access_type t) {
    return uint8_t(1u << unsigned(t));
}
// The access types an entry refuses: fetch outside code (or without X), loads without R,
// stores without W.
uint8_t refused_by(const ear_entry& e) {
    uint8_t deny = 0;
    if (e.kind != ear_kind::code || !(e.perms & ear_x)) deny |= bit(access_type::fetch);
    if (!(e.perms & ear_r)) deny |= bit(access_type::load);
    if (!(e.perms & ear_w)) deny |= bit(access_type::store);
    return deny;
}
} // namespace

bool secure_unit::on_translate(core::hart&, uint32_t va, uint32_t pa, access_type t,
                               uint16_t& key_id, uint8_t& deny) {
    key_id = 0;
    deny = 0;
    if (!m_current) return true;
    const ear_entry* e = m_bank.lookup(m_current, va);
    deny = e ? refused_by(*e) : bit(access_type::fetch);
    if (t == access_type::fetch && (deny & bit(t))) {
        ++m_fetch_faults;
        return false;
    }
    if (!e) return true; // outside every entry: plaintext (system-call buffers, messages)
    if (!m_bank.frame_matches(pa & ~0xfffu, m_current, va & ~0xfffu)) {
        ++m_binding_faults;
        return false;
    }
    if (deny & bit(t)) { // a load without R or a store without W
        ++m_perm_faults;
        return false;
    }
    key_id = e->key_id;
    return true;
}

void secure_unit::on_trap(core::hart& h, core::trap_info& t) {
    if (!m_current) {
        if (t.from == privilege::user) m_last_resumed = 0; // plaintext user code ran
        return;
    }
    const mem_fault why = kills(t.fault) ? t.fault : m_op_fault;
    m_op_fault = mem_fault::none;
    if (kills(why)) {
        kill(t, why);
        return;
    }
    context& c = m_ctx[m_current];
    const bool is_irq = t.cause & core::interrupt_flag;
    const bool ecall = !is_irq && t.cause == uint32_t(exception::ecall_u);
    c.state = ecall ? ctx_state::at_ecall : ctx_state::at_trap;
    if (memory_save()) {
        save_to_memory(m_current, h, t.epc);
    } else {
        saved_regs& r = m_regs[m_current];
        for (unsigned i = 1; i < 32; ++i) r.x[i] = h.reg(i);
        r.pc = t.epc;
    }
    for (unsigned i = 1; i < 32; ++i)
        if (!(ecall && i >= 10 && i <= 17)) h.set_reg(i, 0);
    const bool page_fault = !is_irq && (t.cause == uint32_t(exception::insn_page_fault) ||
                                        t.cause == uint32_t(exception::load_page_fault) ||
                                        t.cause == uint32_t(exception::store_page_fault));
    t.tval = page_fault ? (t.tval & ~0xfffu) : 0;
    t.epc = 0;
    m_trctx = m_current;
    charge(m_params.costs.trap);
    leave();
}

// ---- the extension's factory ----

extension_factory make_tr_extension(attribute_bank& bank, const secure_params& p) {
    return [&bank, p](const extension_site& site) -> std::unique_ptr<core_extension> {
        return std::make_unique<secure_unit>(site.core_name + ".secure.", site.env, site.hart,
                                             site.port, bank, p);
    };
}

// ---- trace ----

void secure_unit::trace_state() {
    if (!m_trace) return;
    const sc_core::sc_time t = m_port.ext_time();
    m_trace->change(m_sig_ctx, t, m_current);
    m_trace->change(m_sig_enc, t, m_current ? 1 : 0);
    m_trace->change(m_sig_key, t, m_current ? m_bank.data_key(m_current) : 0);
}

} // namespace trvp
