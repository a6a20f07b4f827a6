/* M-mode boot stub (untrusted, like the kernel): PMP open, trap delegation, the timer.
 *  - medeleg: every exception except ecall from S and from M goes to S-mode.
 *  - mideleg: S software, S timer and S external interrupts go to S-mode.
 *  - The machine timer is forwarded: its handler sets mip.STIP and clears mie.MTIE; the
 *    kernel re-arms it with the SBI-like ecall SBI_SET_TIMER, which writes mtimecmp,
 *    clears STIP and sets MTIE again.
 *  - A machine timer that interrupts U-mode is redirected straight into the S trap
 *    vector as an S timer interrupt (sepc = mepc, scause = 0x80000005), the way SBI
 *    firmware forwards traps: a protected process has left encrypted mode when M-mode
 *    sees the trap, so returning to it with mret would be wrong; the kernel must
 *    tr.resume it. Interrupting S-mode (the kernel runs with SIE = 0) it just returns:
 *    STIP stays pending and fires when the kernel drops to U. */
#include "kernel.h"

void kmain(void);

static void m_trap(struct trap_frame* f) {
    if (f->cause == (CAUSE_IRQ | IRQ_M_TIMER)) {
        csr_clear(mie, 1u << IRQ_M_TIMER);
        csr_set(mip, 1u << IRQ_S_TIMER);
        if ((f->status & MSTATUS_MPP_MASK) == 0) { /* from U: redirect to the S vector */
            uint32_t ms = csr_read(mstatus);
            csr_write(sepc, f->epc);
            csr_write(scause, CAUSE_IRQ | IRQ_S_TIMER);
            csr_write(stval, 0);
            ms &= ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_MPP_MASK);
            if (ms & MSTATUS_SIE) ms |= MSTATUS_SPIE;
            ms &= ~MSTATUS_SIE;
            ms |= MSTATUS_MPP_S;
            csr_write(mstatus, ms);
            f->epc = csr_read(stvec);
        }
        return;
    }
    if (f->cause == CAUSE_ECALL_S) {
        f->epc += 4;
        if (f->x[17] == SBI_SET_TIMER) {
            mtimecmp_write(((uint64_t)f->x[11] << 32) | f->x[10]);
            csr_clear(mip, 1u << IRQ_S_TIMER);
            csr_set(mie, 1u << IRQ_M_TIMER);
            f->x[10] = 0;
        } else {
            f->x[10] = (uint32_t)-2; /* SBI_ERR_NOT_SUPPORTED */
        }
        return;
    }
    printf("mboot: unexpected M-mode trap cause 0x%08x (%s) mepc 0x%08x mtval 0x%08x\n", f->cause,
           trap_cause_name(f->cause), f->epc, f->tval);
    exit(EXIT_UNHANDLED_TRAP);
}

int main(void) {
    pmp_open_all();
    set_m_trap_hook(m_trap);
    csr_write(medeleg, 0xffffu & ~(1u << CAUSE_ECALL_S) & ~(1u << CAUSE_ECALL_M));
    csr_write(mideleg, (1u << IRQ_S_SOFT) | (1u << IRQ_S_TIMER) | (1u << 9));
    csr_write(mie, 0);
    mtimecmp_write(~0ull);
    csr_clear(mstatus, MSTATUS_MPP_MASK | MSTATUS_MIE);
    csr_set(mstatus, MSTATUS_MPP_S);
    csr_write(satp, 0);
    csr_write(mepc, (uintptr_t)kmain);
    __asm__ volatile("mret");
    return 1;
}
