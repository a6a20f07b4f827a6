/* timer_test: CLINT interrupts.
 *  1. M-mode timer: N interrupts through mtimecmp, each at or after its deadline.
 *  2. M-mode software interrupt through msip.
 *  3. S-mode timer: mideleg delegates STI; the M-mode timer handler raises mip.STIP
 *     and S-mode re-arms the timer with an ecall (the way an SBI does it).
 * args[0]: M-mode interrupts (default 5); args[1]: interval in mtime ticks (default
 * 10000 = 1 ms); args[2]: S-mode interrupts (default 3). */
#include "trvp.h"

TRVP_ARGS(5, 10000, 3);

#define SBI_SET_TIMER 0 /* a7 of an S-mode ecall: a0/a1 = deadline low/high */

static unsigned checks, failures;
static void check(const char* what, int ok) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL: %s\n", what);
    }
}

static volatile int s_phase; /* M-mode timer ticks go to S-mode */
static volatile uint32_t m_timer_irqs, m_soft_irqs, s_timer_irqs, bad_causes, early_irqs;
static volatile uint64_t deadline;
static uint32_t interval;

static void m_handler(struct trap_frame* f) {
    if (f->cause == (CAUSE_IRQ | IRQ_M_TIMER)) {
        if (mtime_read() < deadline) early_irqs++; /* fired before its deadline */
        m_timer_irqs++;
        if (s_phase) {
            csr_set(mip, 1u << IRQ_S_TIMER); /* hand the tick to S-mode */
            mtimecmp_write(~0ull);
        } else if (m_timer_irqs < trvp_arg(0)) {
            deadline += interval;
            mtimecmp_write(deadline);
        } else {
            mtimecmp_write(~0ull);
        }
    } else if (f->cause == (CAUSE_IRQ | IRQ_M_SOFT)) {
        m_soft_irqs++;
        msip_write(0);
    } else if (f->cause == CAUSE_ECALL_S && f->x[17] == SBI_SET_TIMER) {
        csr_clear(mip, 1u << IRQ_S_TIMER);
        deadline = ((uint64_t)f->x[11] << 32) | f->x[10];
        mtimecmp_write(deadline);
        f->epc += 4;
    } else {
        bad_causes++;
        printf("unexpected M-mode trap: cause 0x%08x epc 0x%08x\n", f->cause, f->epc);
        exit(1);
    }
}

static void sbi_set_timer(uint64_t when) {
    register uint32_t a0 __asm__("a0") = (uint32_t)when;
    register uint32_t a1 __asm__("a1") = (uint32_t)(when >> 32);
    register uint32_t a7 __asm__("a7") = SBI_SET_TIMER;
    __asm__ volatile("ecall" ::"r"(a0), "r"(a1), "r"(a7) : "memory");
}

static void s_handler(struct trap_frame* f) {
    if (f->cause != (CAUSE_IRQ | IRQ_S_TIMER)) {
        printf("unexpected S-mode trap: cause 0x%08x epc 0x%08x\n", f->cause, f->epc);
        exit(1);
    }
    s_timer_irqs++;
    sbi_set_timer(s_timer_irqs < trvp_arg(2) ? mtime_read() + interval : ~0ull);
}

static void s_main(void) {
    csr_set(sie, 1u << IRQ_S_TIMER);
    csr_set(sstatus, MSTATUS_SIE);
    sbi_set_timer(mtime_read() + interval);
    while (s_timer_irqs < trvp_arg(2)) __asm__ volatile("wfi");
    csr_clear(sstatus, MSTATUS_SIE);
    check("S-mode timer interrupts counted", s_timer_irqs == trvp_arg(2));
    check("S-mode was interrupted only by STI", bad_causes == 0);
    printf("s-timer: %u interrupts in S-mode, scause 0x%08x (STI delegated, STIP set by M-mode)\n",
           s_timer_irqs, CAUSE_IRQ | IRQ_S_TIMER);
    if (failures) {
        printf("timer_test: %u of %u checks FAILED\n", failures, checks);
        exit(1);
    }
    printf("timer_test: %u checks passed\n", checks);
    exit(0);
}

int main(void) {
    uint32_t n = trvp_arg(0);
    interval = trvp_arg(1);
    printf("timer_test: %u M-mode and %u S-mode interrupts, interval %u ticks at 10 MHz\n", n,
           trvp_arg(2), interval);
    set_m_trap_hook(m_handler);

    /* 1. M-mode timer */
    uint64_t start = mtime_read();
    deadline = start + interval;
    mtimecmp_write(deadline);
    csr_set(mie, 1u << IRQ_M_TIMER);
    csr_set(mstatus, MSTATUS_MIE);
    while (m_timer_irqs < n) __asm__ volatile("wfi");
    uint64_t elapsed = mtime_read() - start;
    check("M-mode timer interrupts counted", m_timer_irqs == n);
    check("no interrupt before its deadline", early_irqs == 0);
    check("mtime advanced by n intervals", elapsed >= (uint64_t)n * interval);
    printf("m-timer: %u interrupts, mcause 0x%08x, none before its deadline\n", m_timer_irqs,
           CAUSE_IRQ | IRQ_M_TIMER);
    printf("m-timer: %llu ticks elapsed [impl]\n", elapsed);

    /* 2. M-mode software interrupt */
    csr_set(mie, 1u << IRQ_M_SOFT);
    msip_write(1);
    for (int i = 0; i < 100 && !m_soft_irqs; i++) __asm__ volatile("nop");
    check("msip raises one software interrupt", m_soft_irqs == 1);
    check("msip cleared by the handler", MMIO32(CLINT_MSIP) == 0);
    printf("m-soft: %u interrupt, mcause 0x%08x\n", m_soft_irqs, CAUSE_IRQ | IRQ_M_SOFT);
    csr_clear(mie, 1u << IRQ_M_SOFT);

    /* 3. S-mode timer: delegate STI and drop to S-mode (M interrupts stay enabled). */
    pmp_open_all();
    csr_write(mideleg, 1u << IRQ_S_TIMER);
    s_phase = 1;
    check("mideleg holds STI", csr_read(mideleg) & (1u << IRQ_S_TIMER));
    enter_s_mode(s_main, s_handler);
}
