/* C side of the trap entry: per-mode hooks and a default that reports and exits. */
#include "trvp.h"

static trap_hook_fn m_hook, s_hook;

void set_m_trap_hook(trap_hook_fn h) {
    m_hook = h;
}
void set_s_trap_hook(trap_hook_fn h) {
    s_hook = h;
}

const char* trap_cause_name(uint32_t cause) {
    static const char* const exc[] = {"instruction address misaligned",
                                      "instruction access fault",
                                      "illegal instruction",
                                      "breakpoint",
                                      "load address misaligned",
                                      "load access fault",
                                      "store address misaligned",
                                      "store access fault",
                                      "ecall from U-mode",
                                      "ecall from S-mode",
                                      "reserved",
                                      "ecall from M-mode",
                                      "instruction page fault",
                                      "load page fault",
                                      "reserved",
                                      "store page fault"};
    static const char* const irq[] = {"reserved", "S software", "reserved", "M software",
                                      "reserved", "S timer",    "reserved", "M timer",
                                      "reserved", "S external", "reserved", "M external"};
    uint32_t code = cause & ~CAUSE_IRQ;
    if (cause & CAUSE_IRQ) return code < 12 ? irq[code] : "interrupt";
    return code < 16 ? exc[code] : "exception";
}

void trap_dispatch(struct trap_frame* f, int mode) {
    trap_hook_fn h = mode == 3 ? m_hook : s_hook;
    if (h) {
        h(f);
        return;
    }
    printf("unhandled trap in %c-mode handler: cause=0x%x (%s) epc=0x%08x tval=0x%08x\n",
           mode == 3 ? 'M' : 'S', f->cause, trap_cause_name(f->cause), f->epc, f->tval);
    exit(EXIT_UNHANDLED_TRAP);
}

/* Skips an instruction that traps (a core without PMP may reject the CSRs). */
static void skip_trap(struct trap_frame* f) {
    f->epc += 4;
}

void pmp_open_all(void) {
    trap_hook_fn saved = m_hook;
    m_hook = skip_trap;
    csr_write(pmpaddr0, 0xffffffffu); /* NAPOT covering the whole 34-bit space */
    csr_write(pmpcfg0, 0x1f);         /* entry 0: R W X, A = NAPOT */
    m_hook = saved;
}
