// Traps, interrupts, privilege changes and the privileged instructions.
#include "hart.h"

namespace trvp::core {

namespace {
constexpr uint32_t s_irqs = (1u << irq::ssi) | (1u << irq::sti) | (1u << irq::sei);
// Decreasing priority (privileged spec 3.1.9): MEI, MSI, MTI, SEI, SSI, STI.
constexpr unsigned irq_order[] = {irq::mei, irq::msi, irq::mti, irq::sei, irq::ssi, irq::sti};
} // namespace

void hart::raise(exception e, uint32_t tval) {
    --m_instret; // the excepting instruction does not retire
    take_trap(uint32_t(e), tval);
}

void hart::take_trap(uint32_t cause, uint32_t tval) {
    bool is_irq = cause & interrupt_flag;
    uint32_t code = cause & 31;
    uint32_t deleg = is_irq ? m_mideleg : m_medeleg;
    privilege to = (m_priv != privilege::machine && ((deleg >> code) & 1)) ? privilege::supervisor
                                                                           : privilege::machine;
    if (is_irq)
        ++m_stats.interrupts[code & 15];
    else
        ++m_stats.exceptions[code & 15];
    trap_info t{cause, tval, m_pc, m_priv, to};
    // A failed bus access traps at once, so the reason the bus recorded belongs to this trap.
    const auto fault = trvp::mem_fault(m_bus.take_fault());
    if (!is_irq && (code == uint32_t(exception::insn_access_fault) ||
                    code == uint32_t(exception::load_access_fault) ||
                    code == uint32_t(exception::store_access_fault)))
        t.fault = fault;
    if (m_trap_hook) m_trap_hook->on_trap(*this, t);
    m_resv_pa = no_reservation; // a trap ends an LR reservation (an SC after it fails)

    uint32_t vector;
    if (to == privilege::supervisor) {
        m_sepc = t.epc & ~ialign_mask();
        m_scause = cause;
        m_stval = t.tval;
        uint32_t s = m_mstatus & ~(mstatus::spie | mstatus::sie | mstatus::spp);
        if (m_mstatus & mstatus::sie) s |= mstatus::spie;
        if (m_priv == privilege::supervisor) s |= mstatus::spp;
        m_mstatus = s;
        vector = m_stvec;
    } else {
        m_mepc = t.epc & ~ialign_mask();
        m_mcause = cause;
        m_mtval = t.tval;
        uint32_t s = m_mstatus & ~(mstatus::mpie | mstatus::mie | mstatus::mpp);
        if (m_mstatus & mstatus::mie) s |= mstatus::mpie;
        s |= uint32_t(m_priv) << mstatus::mpp_shift;
        m_mstatus = s;
        vector = m_mtvec;
    }
    uint32_t base = vector & ~3u;
    if ((vector & 1) && is_irq) base += 4 * code;
    m_pc = m_npc = base;
    set_priv(to);
    update_modes();
    force_event();
}

uint32_t hart::mip() const {
    uint32_t v = m_mip_sw | m_irq_lines;
    if (m_cycles >= m_deadline) v |= 1u << irq::mti;
    return v;
}

bool hart::check_interrupts() {
    uint32_t pending = mip() & m_mie;
    if (!pending) return false;
    bool m_enabled = m_priv != privilege::machine || (m_mstatus & mstatus::mie);
    bool s_enabled = m_priv == privilege::user ||
                     (m_priv == privilege::supervisor && (m_mstatus & mstatus::sie));
    uint32_t take = 0;
    if (m_enabled) take = pending & ~m_mideleg;
    if (!take && s_enabled) take = pending & m_mideleg;
    if (!take) return false;
    for (unsigned code : irq_order) {
        if (take & (1u << code)) {
            take_trap(interrupt_flag | code, 0);
            return true;
        }
    }
    return false;
}

void hart::set_priv(privilege p) {
    if (p != m_priv) flush_fetch_translation(); // fetch translation depends on the mode
    m_priv = p;
}

void hart::update_modes() {
    bool mprv = m_priv == privilege::machine && (m_mstatus & mstatus::mprv);
    m_data_priv = mprv ? privilege((m_mstatus >> mstatus::mpp_shift) & 3) : m_priv;
    bool sv32 = m_satp >> 31;
    m_data_xlate =
        (sv32 && m_data_priv != privilege::machine) || m_pmp.applies(m_data_priv) || m_trig_data;
    m_fetch_xlate = sv32 && m_priv != privilege::machine;
    m_fetch_pmp = m_pmp.applies(m_priv);
}

void hart::do_ecall() {
    static constexpr exception by_priv[] = {exception::ecall_u, exception::ecall_s,
                                            exception::illegal_insn, exception::ecall_m};
    raise(by_priv[unsigned(m_priv)], 0);
}

void hart::do_mret() {
    if (m_priv != privilege::machine) {
        raise(exception::illegal_insn, 0x30200073);
        return;
    }
    auto to = privilege((m_mstatus >> mstatus::mpp_shift) & 3);
    uint32_t s = m_mstatus & ~(mstatus::mie | mstatus::mpp);
    if (m_mstatus & mstatus::mpie) s |= mstatus::mie;
    s |= mstatus::mpie; // MPP becomes U (0)
    if (to != privilege::machine) s &= ~mstatus::mprv;
    m_mstatus = s;
    m_npc = m_mepc;
    set_priv(to);
    update_modes();
    force_event();
}

void hart::do_sret() {
    if (m_priv == privilege::user ||
        (m_priv == privilege::supervisor && (m_mstatus & mstatus::tsr))) {
        raise(exception::illegal_insn, 0x10200073);
        return;
    }
    auto to = (m_mstatus & mstatus::spp) ? privilege::supervisor : privilege::user;
    uint32_t s = m_mstatus & ~(mstatus::sie | mstatus::spp | mstatus::mprv);
    if (m_mstatus & mstatus::spie) s |= mstatus::sie;
    s |= mstatus::spie;
    m_mstatus = s;
    m_npc = m_sepc;
    set_priv(to);
    update_modes();
    force_event();
}

void hart::do_wfi() {
    // U-mode WFI is illegal (allowed by the spec when S exists); S-mode when TW is set.
    if (m_priv == privilege::user ||
        (m_priv == privilege::supervisor && (m_mstatus & mstatus::tw))) {
        raise(exception::illegal_insn, 0x10500073);
        return;
    }
    if (mip() & m_mie) return; // an enabled interrupt is pending: WFI is a no-op
    m_waiting = true;
    force_event();
}

void hart::do_sfence_vma(const decoded_insn& d) {
    if (m_priv == privilege::user ||
        (m_priv == privilege::supervisor && (m_mstatus & mstatus::tvm))) {
        raise(exception::illegal_insn, d.raw);
        return;
    }
    m_tlb.flush(d.rs1 != 0, m_x[d.rs1], d.rs2 != 0, uint16_t(m_x[d.rs2] & 0x1ff));
    flush_fetch_translation();
}

} // namespace trvp::core
