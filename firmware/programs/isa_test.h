/* Shared by the isa_test sources: check() and instruction-level macros. Each macro
 * runs exactly the named instruction in inline asm, so the compiler cannot fold it. */
#ifndef ISA_TEST_H
#define ISA_TEST_H
#include "trvp.h"

extern unsigned checks, failures;
void check(const char* what, uint32_t got, uint32_t want);

/* rd = op rs1, rs2 */
#define RR(op, a, b)                                                                               \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"((uint32_t)(a)), "r"((uint32_t)(b)));    \
        r_;                                                                                        \
    })
/* rd = op rs1, imm */
#define RI(op, a, imm)                                                                             \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"((uint32_t)(a)), "i"(imm));              \
        r_;                                                                                        \
    })
/* 1 if "op rs1, rs2, target" branches */
#define BR(op, a, b)                                                                               \
    ({                                                                                             \
        uint32_t t_;                                                                               \
        __asm__ volatile("li %0, 1\n\t" op " %1, %2, 1f\n\tli %0, 0\n1:"                           \
                         : "=&r"(t_)                                                               \
                         : "r"((uint32_t)(a)), "r"((uint32_t)(b)));                                \
        t_;                                                                                        \
    })
/* load / store with a literal offset from a base pointer */
#define LD(op, base, off)                                                                          \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile(op " %0, " #off "(%1)" : "=r"(r_) : "r"(base) : "memory");                \
        r_;                                                                                        \
    })
#define ST(op, base, off, v)                                                                       \
    __asm__ volatile(op " %0, " #off "(%1)" ::"r"((uint32_t)(v)), "r"(base) : "memory")

/* Trap recording for the trap groups: the hook stores what it saw and skips the
 * 4-byte instruction. */
struct trap_seen {
    volatile uint32_t count, cause, epc, tval, status;
};
extern struct trap_seen trap_seen;
void expect_trap_begin(void);
void expect_trap_end(void);

void test_alu(void);
void test_branch(void);
void test_jump(void);
void test_load_store(void);
void test_mul(void);
void test_div(void);
void test_csr(void);
void test_counters(void);
void test_misaligned(void);
void test_illegal(void);
void test_ecall_ebreak(void);
void test_fence_i(void);
#endif
