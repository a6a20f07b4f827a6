// Contexts: tr.resume (restore and enter encrypted mode), tr.destroy, tr.info, leaving
// encrypted mode on a trap, and freeing drained key ids.
#include "tr/secure_unit.h"

namespace trvp {

using core::privilege;

namespace {
constexpr uint16_t csr_sstatus = 0x100, csr_mstatus = 0x300, csr_satp = 0x180;
constexpr uint32_t sie = 1u << 1, mie = 1u << 3, spie = 1u << 5, mpie = 1u << 7, spp = 1u << 8;
constexpr uint32_t mpp = 3u << 11, mprv = 1u << 17;
} // namespace

secure_unit::ctx_state secure_unit::state(uint16_t ctx) const {
    return ctx < m_ctx.size() ? m_ctx[ctx].state : ctx_state::free;
}

int32_t secure_unit::resume(uint32_t id) {
    charge(m_params.costs.resume);
    if (id < m_ctx.size() && m_ctx[id].state == ctx_state::killed) return fail(killed_code(id));
    if (id == 0 || id >= m_ctx.size() || !m_bank.context_valid(uint16_t(id))) {
        return fail(TR_ECONTEXT);
    }
    context& c = m_ctx[id];
    if (c.state != ctx_state::runnable && c.state != ctx_state::at_ecall &&
        c.state != ctx_state::at_trap)
        return fail(TR_ECONTEXT);
    if (memory_save() && !c.has_area) return fail(TR_ENOSAVE);
    const uint32_t a0 = m_h.reg(10), a1 = m_h.reg(11);
    uint32_t pc = 0;
    std::array<uint32_t, 32> x{};
    if (c.state != ctx_state::runnable) { // a trapped context: its registers come back
        if (memory_save()) {
            const int32_t code = restore_from_memory(uint16_t(id), x, pc);
            if (code != TR_OK) return fail(code); // not entered; the state is unchanged
        } else {
            x = m_regs[id].x;
            pc = m_regs[id].pc;
        }
    }
    switch (c.state) {
    case ctx_state::runnable: // first entry: zeros, the manifest's stack, the kernel's a0/a1
        x.fill(0);
        x[2] = c.stack_top;
        x[10] = a0;
        x[11] = a1;
        pc = c.entry;
        break;
    case ctx_state::at_ecall: // system-call results, continue after the ecall
        x[10] = a0;
        x[11] = a1;
        pc += 4;
        break;
    default: // interrupt or fault: exactly where it stopped
        break;
    }
    // Leave the kernel as sret/mret would (interrupt-enable stacking), then switch.
    if (m_h.priv() == privilege::supervisor) {
        uint32_t s = 0;
        m_h.csr_read(csr_sstatus, s);
        s = (s & ~(sie | spp)) | ((s & spie) ? sie : 0) | spie;
        m_h.csr_write(csr_sstatus, s);
    } else {
        uint32_t s = 0;
        m_h.csr_read(csr_mstatus, s);
        s = (s & ~(mie | mpp | mprv)) | ((s & mpie) ? mie : 0) | mpie;
        m_h.csr_write(csr_mstatus, s);
    }
    m_h.csr_write(csr_satp, c.satp);
    for (unsigned i = 1; i < 32; ++i) m_h.set_reg(i, x[i]);
    c.state = ctx_state::running;
    enter(uint16_t(id));
    m_h.switch_mode(privilege::user);
    m_h.set_next_pc(pc);
    return TR_OK;
}

void secure_unit::enter(uint16_t ctx) {
    m_current = ctx;
    m_h.set_access_context(ctx);
    m_h.flush_translations(); // TLB entries carry the context's key ids
    ++m_enters;
    if (ctx != m_last_resumed) ++m_switches;
    m_last_resumed = ctx;
    trace_state();
}

void secure_unit::leave() {
    m_current = 0;
    m_h.set_access_context(0);
    m_h.flush_translations();
    ++m_exits;
    trace_state();
}

int32_t secure_unit::destroy(uint32_t id) {
    charge(m_params.costs.destroy);
    if (id && id < m_ctx.size() && m_ctx[id].state == ctx_state::killed) {
        m_bank.release_context_id(uint16_t(id)); // the rest went when it was killed
        m_ctx[id] = context{};
        if (id == m_last_resumed) m_last_resumed = 0;
        return TR_OK;
    }
    if (id == 0 || id >= m_ctx.size() || !m_bank.context_valid(uint16_t(id)))
        return fail(TR_ECONTEXT);
    for (uint32_t frame : m_bank.destroy_context(uint16_t(id))) m_h.invalidate_code(frame, 0x1000);
    m_ctx[id] = context{};
    if (id == m_last_resumed) m_last_resumed = 0; // a new context may reuse the id
    if (!m_regs.empty()) m_regs[id] = saved_regs{};
    // m_versions[id] is kept: the id's next incarnation continues the count, so no blob of
    // this one is ever current again (and no GCM nonce repeats under the temporary key).
    scrub();
    return TR_OK;
}

int32_t secure_unit::info(uint32_t id) {
    charge(m_params.costs.info);
    if (id == 0) return memory_save() ? TR_FEATURE_SAVE_MEMORY : 0; // feature bits
    if (id == TR_INFO_IMAGE_STATUS) return m_image_status;
    if (id >= m_ctx.size()) return int32_t(ctx_state::free);
    return int32_t(m_ctx[id].state);
}

// Key ids whose last reference went away: write their dirty lines back (encrypted under the
// old key) and drop every line tagged with them, on both paths, before the id is reused.
void secure_unit::scrub() {
    key_table& keys = m_bank.keys();
    for (uint16_t id : keys.pending_scrub()) {
        m_port.cache_maintain(cache_op_ext::op::clean_invalidate, cache_op_ext::scope::key_id, id,
                              0, 0, true, true);
        keys.scrubbed(id);
        ++m_scrubs;
    }
}

} // namespace trvp
