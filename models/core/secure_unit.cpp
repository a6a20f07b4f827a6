// The secure unit: construction, the instruction rows and their dispatch, the trap and
// translation hooks, statistics and trace signals.
#include "core/secure_unit.h"

#include "common/errors.h"
#include "common/tracer.h"
#include "secure/seal_error.h"

namespace trvp {

using core::access_type;
using core::exception;
using core::privilege;

namespace {

// Instruction groups (funct3) and the statistics' order of the operations.
enum op_index : unsigned {
    op_launch,
    op_resume,
    op_destroy,
    op_info,
    op_region,
    op_unregion,
    op_keyload,
    op_keydrop,
    op_pka,
    op_rand,
    op_savearea,
    op_count
};
const char* const op_names[op_count] = {"launch", "resume",   "destroy", "info",
                                        "region", "unregion", "keyload", "keydrop",
                                        "pka",    "rand",     "savearea"};

constexpr uint32_t custom0 = 0x0b;
constexpr uint16_t csr_trctx = 0x5c0;

secure::device_key make_device_key(const secure_params& p) {
    try {
        if (!p.device_key.empty())
            return secure::device_key_from_private(secure::cspan(p.device_key));
        return secure::device_key_from_seed(secure::cspan(p.device_seed));
    } catch (const secure::seal_error& e) {
        throw user_error(std::string("secure.device_key: ") + e.what());
    }
}

} // namespace

secure_unit::secure_unit(const std::string& prefix, sim_env& env, core::hart& h, secure_port& port,
                         attribute_bank& bank, const secure_params& p)
    : m_h(h), m_port(port), m_bank(bank), m_params(p), m_device(make_device_key(p)),
      m_drbg(secure::cspan(p.drbg_seed)), m_ctx(bank.params().contexts + 1),
      m_regs(p.context_save == context_save_mode::on_chip ? m_ctx.size() : 0),
      m_versions(m_ctx.size(), 0), m_trace(env.trace), m_reg(env.stats),
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
                   "bytes of saved-context blobs written and read") {
    if (p.line_size < 4 || (p.line_size & (p.line_size - 1)) || p.line_size > 4096)
        throw user_error(prefix + "line_size must be a power of two in [4, 4096]");
    for (unsigned i = 0; i < op_count; ++i)
        m_op_stats.push_back(std::make_unique<stats::counter>(
            m_reg, prefix + "op." + op_names[i], "count",
            std::string("tr.") + op_names[i] + " instructions executed"));
    if (m_trace) {
        const std::string scope = prefix.substr(0, prefix.size() - 1);
        m_sig_ctx = m_trace->add(scope, "context", 16);
        m_sig_enc = m_trace->add(scope, "encrypted", 1);
        m_sig_key = m_trace->add(scope, "key_id", 16);
    }
    // The temporary processor key of memory saves: drawn once at reset, never leaves the
    // unit (on_chip draws nothing, so its DRBG stream is unchanged).
    if (memory_save()) m_drbg.generate(secure::mspan(m_temp_key));
    install();
    m_h.set_trap_hook(this);
    m_h.set_translation_hook(this);
}

secure_unit::~secure_unit() {
    m_h.set_trap_hook(nullptr);
    m_h.set_translation_hook(nullptr);
}

void secure_unit::install() {
    using core::insn_desc;
    using core::insn_format;
    using core::timing_class;
    // One row per operation; a catch-all per group answers unknown operations.
    auto row = [&](const char* name, uint32_t f3, uint32_t f7) {
        m_h.add_instruction(insn_desc{name, core::enc(custom0, f3, f7), core::mask_f7,
                                      insn_format::r, timing_class::system, exec, this});
    };
    row("tr.launch", 0, 0);
    row("tr.resume", 0, 1);
    row("tr.destroy", 0, 2);
    row("tr.info", 0, 3);
    row("tr.savearea", 0, 4);
    row("tr.region", 1, 0);
    row("tr.unregion", 1, 1);
    row("tr.keyload", 1, 2);
    row("tr.keydrop", 1, 3);
    for (uint32_t op = 0; op <= 6; ++op) row("tr.pka", 2, op);
    row("tr.rand", 2, 15);
    m_h.add_instruction(insn_desc{"tr.pka?", core::enc(custom0, 2), core::mask_f3, insn_format::r,
                                  timing_class::system, exec, this});
    // trctx: csrrs/csrrc/csrrsi/csrrci with rs1 = x0 (reads). Other accesses hit the standard
    // CSR path, which does not know 0x5c0: illegal instruction.
    for (uint32_t f3 : {2u, 3u, 6u, 7u})
        m_h.add_instruction(insn_desc{"csrr.trctx", (uint32_t(csr_trctx) << 20) | (f3 << 12) | 0x73,
                                      0xfffff07fu, insn_format::csr, timing_class::csr, exec_trctx,
                                      this});
}

void secure_unit::exec_trctx(core::hart& h, const core::decoded_insn& d) {
    auto* self = static_cast<secure_unit*>(d.desc->user);
    if (h.priv() == privilege::user) {
        h.raise(exception::illegal_insn, d.raw);
        return;
    }
    h.x(d.rd) = self->m_trctx;
}

void secure_unit::exec(core::hart& h, const core::decoded_insn& d) {
    auto* self = static_cast<secure_unit*>(d.desc->user);
    const uint32_t f3 = (d.raw >> 12) & 7, f7 = d.raw >> 25;
    const bool user = h.priv() == privilege::user;
    const bool encrypted = self->m_current != 0;
    // Who may execute what: kernel ops from S/M, in-context ops in encrypted mode only.
    if ((f3 == 0 && user) || (f3 == 1 && !(user && encrypted)) || f3 > 2) {
        h.raise(exception::illegal_insn, d.raw);
        return;
    }
    const uint32_t a = h.x(d.rs1), b = h.x(d.rs2);
    int32_t r = tr::einval;
    unsigned idx = op_count;
    if (f3 == 0) {
        idx = f7 <= 3 ? f7 : f7 == 4 ? op_savearea : op_count;
        switch (f7) {
        case 0:
            r = self->launch(a, b);
            break;
        case 1:
            r = self->resume(a);
            if (r == tr::ok) { // now in the context: its registers are restored, rd untouched
                ++*self->m_op_stats[op_resume];
                return;
            }
            break;
        case 2:
            r = self->destroy(a);
            break;
        case 3:
            r = self->info(a);
            break;
        case 4:
            r = self->savearea(a, b);
            break;
        }
    } else if (f3 == 1) {
        idx = op_region + f7;
        switch (f7) {
        case 0:
            r = self->region(a);
            break;
        case 1:
            r = self->unregion(a);
            break;
        case 2:
            r = self->keyload(a);
            break;
        case 3:
            r = self->keydrop(a);
            break;
        }
    } else if (f7 == 15) {
        idx = op_rand;
        self->charge(self->m_params.costs.rand);
        r = int32_t(self->m_drbg.next_u32());
        ++self->m_rand_words;
    } else {
        idx = op_pka;
        r = self->pka(f7, a);
    }
    if (idx < op_count) ++*self->m_op_stats[idx];
    if (r < 0 && idx != op_rand) ++self->m_errors;
    h.x(d.rd) = uint32_t(r);
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

// ---- trace ----

void secure_unit::trace_state() {
    if (!m_trace) return;
    const sc_core::sc_time t = m_port.secure_time();
    m_trace->change(m_sig_ctx, t, m_current);
    m_trace->change(m_sig_enc, t, m_current ? 1 : 0);
    m_trace->change(m_sig_key, t, m_current ? m_bank.data_key(m_current) : 0);
}

} // namespace trvp
