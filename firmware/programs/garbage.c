/* garbage: jumps into a region that holds no code and shows that the fault traps
 * in the guest: the handler prints the cause and exits with failure code 7.
 * args[0]: 0 = all-zero words (default; 0x00000000 is an illegal instruction),
 *          1 = pseudo-random bytes (args[1] = LCG seed; what traps first then
 *              depends on how the core decodes them, so that run is [impl]). */
#include "trvp.h"

TRVP_ARGS(0, 12345);

#define WORDS 64
static uint32_t region[WORDS] __attribute__((aligned(64)));

static void on_trap(struct trap_frame* f) {
    uint32_t off = f->epc - (uint32_t)(uintptr_t)region;
    const char* impl = trvp_arg(0) ? " [impl]" : "";
    if (off < sizeof region)
        printf("garbage: trap cause=%u (%s) at region+0x%x, mtval=0x%08x%s\n", f->cause,
               trap_cause_name(f->cause), off, f->tval, impl);
    else
        printf("garbage: trap cause=0x%x (%s) outside the region, mtval=0x%08x%s\n", f->cause,
               trap_cause_name(f->cause), f->tval, impl);
    puts("garbage: the guest fault trapped in the guest; exiting with code 7");
    exit(7);
}

int main(void) {
    if (trvp_arg(0) == 1) {
        uint32_t x = trvp_arg(1);
        for (int i = 0; i < WORDS; i++) {
            x = x * 1664525u + 1013904223u;
            region[i] = x;
        }
        puts("garbage: jumping into 64 pseudo-random words");
        /* A watchdog timer ends a run whose bytes happen to loop. */
        mtimecmp_write(mtime_read() + TIMEBASE_HZ);
        csr_set(mie, 1u << IRQ_M_TIMER);
        csr_set(mstatus, MSTATUS_MIE);
    } else {
        puts("garbage: jumping into 64 all-zero words");
    }
    set_m_trap_hook(on_trap);
    __asm__ volatile("fence.i" ::: "memory");
    ((void (*)(void))(uintptr_t)region)();
    puts("garbage: returned from the region (unexpected)");
    return 1;
}
