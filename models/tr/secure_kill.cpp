// The fault path (docs/tr-isa.md, "Contexts killed by memory"): when memory refuses an access
// of the running protected context for integrity or frame ownership, the secure unit kills
// the context instead of letting it see a bus error it could retry or be steered by: its
// registers are cleared, its entries, handles, keys and frame bindings dropped (the key ids
// scrubbed from the caches, as tr.destroy does) and its id kept, in state killed, until the
// kernel destroys it. The kernel learns why from the trap (stval = TR_EINTEGRITY/TR_EOWNER),
// from tr.info (TR_CTX_KILLED) and from tr.resume (the same code).
#include "tr/secure_unit.h"

namespace trvp {

namespace {
int32_t code_of(mem_fault f) {
    return f == mem_fault::integrity ? TR_EINTEGRITY : TR_EOWNER;
}
} // namespace

void secure_unit::note_fault(bool write) {
    const mem_fault f = m_port.ext_fault();
    if (!m_current || !kills(f) || kills(m_op_fault)) return; // the first refusal decides
    m_op_fault = f;
    m_op_fault_write = write;
}

void secure_unit::kill(core::trap_info& t, mem_fault why) {
    const uint16_t ctx = m_current;
    context& c = m_ctx[ctx];
    c.state = ctx_state::killed;
    c.killed_by = why;
    if (!m_regs.empty()) m_regs[ctx] = saved_regs{};
    for (unsigned i = 1; i < 32; ++i) m_h.set_reg(i, 0); // no argument registers either
    t.tval = uint32_t(code_of(why));                     // never a page-aligned address
    t.epc = 0;
    m_trctx = ctx;
    ++(why == mem_fault::integrity ? m_integrity_kills : m_ownership_kills);
    charge(m_params.costs.trap + m_params.costs.destroy);
    leave();
    for (uint32_t frame : m_bank.destroy_context(ctx, true)) m_h.invalidate_code(frame, 0x1000);
    scrub();
}

int32_t secure_unit::killed_code(uint16_t ctx) const {
    return code_of(m_ctx[ctx].killed_by);
}

} // namespace trvp
