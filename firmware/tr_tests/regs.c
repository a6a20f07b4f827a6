/* u_tr_regs (protected): keeps ten marker words (REG_MARK(i), i = 0..9) in s2..s11 from a
 * yield() to its exit: every trap in between (the yield, timer interrupts, the exit ecall)
 * saves them with the rest of the registers. Between the yield and the exit it reads 64
 * plaintext pages, which pushes the save area's lines out of the caches into DRAM. The host
 * test looks for the markers in the saved blobs (the spy kernel prints them) and in the raw
 * DRAM at the save area; its control is a plaintext copy of the markers at offset 1024 of
 * the plaintext page, which the same DRAM scan must find. */
#include "tr_util.h"

#define REG_MARK(i) (0x5e9a0000u + 0x0101u * (i) + 0x30u)
#define EVICT_PAGES 64u

int main(void) {
    uint32_t* copy = (uint32_t*)(uintptr_t)(plain_page() + 1024);
    for (uint32_t i = 0; i < 10; i++) copy[i] = REG_MARK(i);
    const int32_t buf = sys_alloc_pages(EVICT_PAGES);
    if (buf < 0) return 1;
    pprintf("regs: markers in s2..s11 from the next system call to the exit\n");
    register uint32_t lines __asm__("t3") = EVICT_PAGES * 4096u / 64u;
    register uint32_t p __asm__("t4") = (uint32_t)buf;
    __asm__ volatile("li s2, %[m0]\n li s3, %[m1]\n li s4, %[m2]\n li s5, %[m3]\n"
                     "li s6, %[m4]\n li s7, %[m5]\n li s8, %[m6]\n li s9, %[m7]\n"
                     "li s10, %[m8]\n li s11, %[m9]\n"
                     "li a7, %[yield]\n ecall\n"
                     "1: lw t0, 0(t4)\n addi t4, t4, 64\n addi t3, t3, -1\n bnez t3, 1b\n"
                     "li a0, 0\n li a7, %[exit]\n ecall\n"
                     : "+r"(lines), "+r"(p)
                     : [m0] "i"(REG_MARK(0)), [m1] "i"(REG_MARK(1)), [m2] "i"(REG_MARK(2)),
                       [m3] "i"(REG_MARK(3)), [m4] "i"(REG_MARK(4)), [m5] "i"(REG_MARK(5)),
                       [m6] "i"(REG_MARK(6)), [m7] "i"(REG_MARK(7)), [m8] "i"(REG_MARK(8)),
                       [m9] "i"(REG_MARK(9)), [yield] "i"(SYS_YIELD), [exit] "i"(SYS_EXIT)
                     : "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t0", "a0",
                       "a1", "a7", "memory");
    return 0; /* not reached: the exit ecall above */
}
