/* kernel_faults: pid 1 (arg 0) checks alloc_pages gives zeroed pages, yields while pid 2
 * (arg 1, load from an unmapped address) and pid 3 (arg 2, store into its own code page) are
 * killed, and then goes on. Kernel exit code: pid 2's, 128 + 13 (load page fault). */
#include "usys.h"

static int zeroed(uint32_t va, uint32_t pages) {
    const volatile uint32_t* w = (const volatile uint32_t*)(uintptr_t)va;
    for (uint32_t i = 0; i < pages * 1024; i++)
        if (w[i]) return 0;
    return 1;
}

static int worker(void) {
    int32_t va = sys_alloc_pages(3);
    if (va < 0) return 1;
    uprintf("worker: alloc_pages(3) -> 0x%08x, zeroed: %s\n", (uint32_t)va,
            zeroed((uint32_t)va, 3) ? "yes" : "no");
    volatile uint32_t* w = (volatile uint32_t*)(uintptr_t)va;
    for (uint32_t i = 0; i < 3 * 1024; i++) w[i] = i ^ 0x5555u;
    uprintf("worker: alloc_pages(0) -> %d, alloc_pages(100000) -> %d\n", sys_alloc_pages(0),
            sys_alloc_pages(100000));
    sys_yield(); /* pid 2 and pid 3 run and die */
    int32_t va2 = sys_alloc_pages(1);
    uint32_t bad = 0;
    for (uint32_t i = 0; i < 3 * 1024; i++) bad += w[i] != (i ^ 0x5555u);
    uprintf("worker: after the faults: new page 0x%08x zeroed: %s, old pages intact: %s\n",
            (uint32_t)va2, zeroed((uint32_t)va2, 1) ? "yes" : "no", bad ? "no" : "yes");
    return bad || va2 != va + 3 * 4096 ? 2 : 0;
}

int main(uint32_t arg, uint32_t pid) {
    if (arg == 0) return worker();
    if (arg == 1) {
        uprintf("faulter: pid %u loads from 0x00000010\n", pid);
        return (int)*(volatile uint32_t*)16u;
    }
    uprintf("scribbler: pid %u stores into its own code at 0x00010000\n", pid);
    *(volatile uint32_t*)0x10000u = 0;
    return 0;
}
