/* isa_test groups for Zicsr, counters, M-mode traps and Zifencei. */
#include "isa_test.h"

void test_csr(void) {
    uint32_t old, trap_stack = csr_read(mscratch); /* mscratch is the trap stack */
    csr_write(mscratch, 0x11111111);
    __asm__ volatile("csrrw %0, mscratch, %1" : "=r"(old) : "r"(0x22222222));
    check("csrrw old", old, 0x11111111);
    check("csrrw new", csr_read(mscratch), 0x22222222);
    __asm__ volatile("csrrs %0, mscratch, %1" : "=r"(old) : "r"(0x0000ff00));
    check("csrrs old", old, 0x22222222);
    check("csrrs new", csr_read(mscratch), 0x2222ff22);
    __asm__ volatile("csrrc %0, mscratch, %1" : "=r"(old) : "r"(0x22000000));
    check("csrrc old", old, 0x2222ff22);
    check("csrrc new", csr_read(mscratch), 0x0022ff22);
    __asm__ volatile("csrrwi %0, mscratch, 5" : "=r"(old));
    check("csrrwi old", old, 0x0022ff22);
    check("csrrwi new", csr_read(mscratch), 5);
    __asm__ volatile("csrrsi %0, mscratch, 0x1a" : "=r"(old));
    check("csrrsi old", old, 5);
    check("csrrsi new", csr_read(mscratch), 0x1f);
    __asm__ volatile("csrrci %0, mscratch, 0x11" : "=r"(old));
    check("csrrci old", old, 0x1f);
    check("csrrci new", csr_read(mscratch), 0x0e);
    __asm__ volatile("csrrw x0, mscratch, %0" ::"r"(0xabcdef01));
    check("csrrw rd=x0 writes", csr_read(mscratch), 0xabcdef01);
    __asm__ volatile("csrrs %0, mscratch, x0" : "=r"(old));
    check("csrrs rs1=x0 reads", old, 0xabcdef01);
    __asm__ volatile("csrrc %0, mscratch, x0" : "=r"(old));
    check("csrrc rs1=x0 no write", csr_read(mscratch), 0xabcdef01);
    __asm__ volatile("csrrsi %0, mscratch, 0\n\tcsrrci %0, mscratch, 0" : "=r"(old));
    check("csrr*i imm=0 no write", csr_read(mscratch), 0xabcdef01);
    csr_write(mscratch, trap_stack);

    /* Reading read-only CSRs with rs1=x0 / imm=0 must not trap. */
    expect_trap_begin();
    __asm__ volatile("csrrs %0, mhartid, x0\n\tcsrrc %0, mvendorid, x0\n\t"
                     "csrrsi %0, marchid, 0\n\tcsrrci %0, mimpid, 0"
                     : "=r"(old));
    expect_trap_end();
    check("read-only CSR reads do not trap", trap_seen.count, 0);

    uint32_t misa = csr_read(misa);
    check("misa MXL=32", misa >> 30, 1);
    check("misa I", (misa >> ('I' - 'A')) & 1, 1);
    check("misa M", (misa >> ('M' - 'A')) & 1, 1);
    check("mhartid", csr_read(mhartid), 0);

    uint32_t tvec = csr_read(mtvec);
    check("mtvec holds the trap entry", tvec, (uint32_t)(uintptr_t)trap_entry_m);
    csr_write(mtvec, 0x80000100);
    check("mtvec write", csr_read(mtvec), 0x80000100);
    csr_write(mtvec, tvec);
    csr_write(mepc, 0x80001234);
    check("mepc write", csr_read(mepc), 0x80001234);
    csr_write(mcause, CAUSE_ILLEGAL);
    check("mcause write", csr_read(mcause), CAUSE_ILLEGAL);
    csr_write(mtval, 0x12345678);
    check("mtval write", csr_read(mtval), 0x12345678);
    csr_set(mstatus, MSTATUS_MIE);
    check("mstatus.MIE set", csr_read(mstatus) & MSTATUS_MIE, MSTATUS_MIE);
    csr_clear(mstatus, MSTATUS_MIE);
    check("mstatus.MIE clear", csr_read(mstatus) & MSTATUS_MIE, 0);
}

void test_counters(void) {
    uint32_t c0 = csr_read(mcycle), i0 = csr_read(minstret);
    uint32_t u0 = csr_read(cycle), v0 = csr_read(instret);
    uint64_t w0 = rdinstret64();
    uint32_t a, b;
    __asm__ volatile("csrr %0, minstret\n\tli t0, 100\n1:\taddi t0, t0, -1\n\tbnez t0, 1b\n\t"
                     "csrr %1, minstret"
                     : "=&r"(a), "=&r"(b)::"t0");
    uint32_t c1 = csr_read(mcycle), i1 = csr_read(minstret);
    uint32_t u1 = csr_read(cycle), v1 = csr_read(instret);
    check("mcycle increases", c1 - c0 > 0 && c1 - c0 < 0x80000000u, 1);
    check("minstret increases", i1 - i0 > 0 && i1 - i0 < 0x80000000u, 1);
    check("cycle increases", u1 - u0 > 0 && u1 - u0 < 0x80000000u, 1);
    check("instret increases", v1 - v0 > 0 && v1 - v0 < 0x80000000u, 1);
    check("minstret 64-bit increases", rdinstret64() > w0, 1);
    /* Exact on a core that counts retired instructions (QEMU only with -icount). */
    printf("counters: 202 instructions retired counted as %u [impl]\n", b - a);
}

/* A misaligned access either traps (cause, mtval = address) or is emulated (the
 * right value): two checks on either path, so the check count is the same. */
static int misaligned_access(const char* what, int store, volatile uint8_t* addr, uint32_t got,
                             uint32_t want) {
    if (trap_seen.count) {
        check(what, trap_seen.cause, store ? CAUSE_MISALIGNED_STORE : CAUSE_MISALIGNED_LOAD);
        check(what, trap_seen.tval, (uint32_t)(uintptr_t)addr);
        return 1;
    }
    check(what, trap_seen.count, 0);
    check(what, got, want);
    return 0;
}

void test_misaligned(void) {
    static volatile uint32_t buf[4] __attribute__((aligned(16)));
    volatile uint8_t* p = (volatile uint8_t*)buf;
    int load_traps = 0, store_traps = 0;
    uint32_t v;
    for (int i = 0; i < 16; i++) p[i] = (uint8_t)(i | 0x80);

    expect_trap_begin();
    v = LD("lw", p, 1);
    load_traps += misaligned_access("lw +1", 0, p + 1, v, 0x84838281);
    expect_trap_begin();
    v = LD("lh", p, 3);
    load_traps += misaligned_access("lh +3", 0, p + 3, v, 0xffff8483);
    expect_trap_begin();
    v = LD("lhu", p, 5);
    load_traps += misaligned_access("lhu +5", 0, p + 5, v, 0x8685);
    expect_trap_begin();
    ST("sw", p, 9, 0x11223344);
    store_traps += misaligned_access("sw +9", 1, p + 9, buf[2] >> 8 | buf[3] << 24, 0x11223344);
    expect_trap_begin();
    ST("sh", p, 3, 0x5566);
    store_traps +=
        misaligned_access("sh +3", 1, p + 3, buf[0] >> 24 | (buf[1] & 0xff) << 8, 0x5566);
    expect_trap_end();
    static const char* const how[] = {"emulated", "mixed", "trapped"};
    printf("misaligned loads: %s [impl]\n", how[load_traps == 0 ? 0 : load_traps == 3 ? 2 : 1]);
    printf("misaligned stores: %s [impl]\n", how[store_traps == 0 ? 0 : store_traps == 2 ? 2 : 1]);
}

/* Runs one illegal 32-bit instruction (16-bit with .half); returns mtval. */
#define ILLEGAL(name, word) ILLEGAL_AS(name, ".word", word)
#define ILLEGAL_AS(name, dir, word)                                                                \
    ({                                                                                             \
        uint32_t at_;                                                                              \
        expect_trap_begin();                                                                       \
        __asm__ volatile("la %0, 1f\n1:\t" dir " " #word : "=r"(at_)::"memory");                   \
        expect_trap_end();                                                                         \
        check(name " traps once", trap_seen.count, 1);                                             \
        check(name " cause", trap_seen.cause, CAUSE_ILLEGAL);                                      \
        check(name " mepc", trap_seen.epc, at_);                                                   \
        trap_seen.tval;                                                                            \
    })

void test_illegal(void) {
#ifdef __riscv_compressed /* with C the zero word is two illegal (zero) halfwords */
    check("all-zero halfword mtval", ILLEGAL_AS("0x0000", ".half", 0x0000), 0);
#else
    check("all-zero word mtval", ILLEGAL("0x00000000", 0x00000000), 0);
#endif
    uint32_t tv = ILLEGAL("unimp (csrrw x0, cycle, x0)", 0xc0001073);
    ILLEGAL("write to read-only mhartid", 0xf1401073);
    ILLEGAL("custom-2 opcode", 0x0000005b);
    ILLEGAL("OP with funct7=2", 0x04000033);
    printf("illegal: mtval %s [impl]\n", tv == 0xc0001073 ? "holds the instruction"
                                         : tv == 0        ? "is 0"
                                                          : "is wrong");
    check("mtval is 0 or the instruction", tv == 0 || tv == 0xc0001073, 1);
}

void test_ecall_ebreak(void) {
    uint32_t at, a0;
    csr_set(mstatus, MSTATUS_MIE); /* mie is 0: nothing can fire */
    expect_trap_begin();
    __asm__ volatile("li a0, 0x1234\n\tla %0, 1f\n1:\tecall\n\tmv %1, a0"
                     : "=&r"(at), "=r"(a0)::"a0", "memory");
    expect_trap_end();
    check("ecall traps once", trap_seen.count, 1);
    check("ecall cause", trap_seen.cause, CAUSE_ECALL_M);
    check("ecall mepc", trap_seen.epc, at);
    check("ecall keeps registers", a0, 0x1234);
    check("trap saves MPP=M", trap_seen.status & MSTATUS_MPP_MASK, MSTATUS_MPP_M);
    check("trap saves MIE in MPIE", trap_seen.status & (MSTATUS_MPIE | MSTATUS_MIE), MSTATUS_MPIE);
    check("mret restores MIE", csr_read(mstatus) & MSTATUS_MIE, MSTATUS_MIE);
    csr_clear(mstatus, MSTATUS_MIE);

    expect_trap_begin();
    __asm__ volatile("la %0, 1f\n1:\tebreak" : "=r"(at)::"memory");
    expect_trap_end();
    check("ebreak traps once", trap_seen.count, 1);
    check("ebreak cause", trap_seen.cause, CAUSE_BREAKPOINT);
    check("ebreak mepc", trap_seen.epc, at);
}

/* Self-modifying code: write "addi a0, zero, imm; ret", fence.i, call it. */
static uint32_t smc[4] __attribute__((aligned(16)));

static uint32_t run_patched(int32_t imm) {
    smc[0] = ((uint32_t)imm << 20) | (10u << 7) | 0x13u; /* addi a0, x0, imm */
    smc[1] = 0x00008067u;                                /* jalr x0, 0(ra) */
    __asm__ volatile("fence.i" ::: "memory");
    uint32_t (*fn)(void) = (uint32_t(*)(void))(uintptr_t)smc;
    return fn();
}

void test_fence_i(void) {
    __asm__ volatile("fence\n\tfence rw, rw\n\tfence iorw, iorw\n\tfence.i" ::: "memory");
    check("patched code runs", run_patched(42), 42);
    check("re-patched code runs", run_patched(-7), (uint32_t)-7);
    check("third patch", run_patched(2047), 2047);
}
