/* lrsc_test (rv32imac): 20 times LR.W a word, spin, then SC.W it; prints how many SCs failed.
 * Alone every SC succeeds; with another initiator writing the word's line meanwhile (a
 * traffic generator on a router the core snoops, tests/system/test_guest.cpp) every SC must
 * fail. The word is at a fixed address (DRAM + 64 MiB) so that a configuration can aim at it. */
#include "trvp.h"

#define WORD ((volatile uint32_t*)(uintptr_t)(DRAM_BASE + 0x4000000u))

int main(void) {
    unsigned failed = 0;
    *WORD = 0;
    for (int i = 0; i < 20; i++) {
        uint32_t v, r;
        __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(WORD) : "memory");
        for (volatile int j = 0; j < 200; j++)
            ;
        __asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(r) : "r"(WORD), "r"(v + 1) : "memory");
        failed += r != 0;
    }
    printf("lrsc_test: %u of 20 SC failed [impl]\n", failed);
    puts("lrsc_test: done");
    return 0;
}
