/* TRVP guest runtime: the one header a firmware program includes. */
#ifndef TRVP_H
#define TRVP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Memory map (QEMU `virt`, also TRVP's default map) ---- */
#define DRAM_BASE 0x80000000u
#define UART_BASE 0x10000000u /* NS16550A, reg-shift 0 */
#define CLINT_BASE 0x02000000u
#define CLINT_MSIP (CLINT_BASE + 0x0000u)     /* hart 0 software interrupt */
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000u) /* hart 0, 64-bit */
#define CLINT_MTIME (CLINT_BASE + 0xBFF8u)    /* 64-bit, 10 MHz */
#define FINISHER_BASE 0x00100000u             /* SiFive test finisher */
#define TIMEBASE_HZ 10000000u

#define MMIO32(a) (*(volatile uint32_t*)(uintptr_t)(a))

/* ---- CSR access: the CSR name is pasted into the instruction ---- */
#define csr_read(csr)                                                                              \
    ({                                                                                             \
        uint32_t v_;                                                                               \
        __asm__ volatile("csrr %0, " #csr : "=r"(v_)::"memory");                                   \
        v_;                                                                                        \
    })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"rK"((uint32_t)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"rK"((uint32_t)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"rK"((uint32_t)(v)) : "memory")
#define csr_swap(csr, v)                                                                           \
    ({                                                                                             \
        uint32_t o_;                                                                               \
        __asm__ volatile("csrrw %0, " #csr ", %1" : "=r"(o_) : "rK"((uint32_t)(v)) : "memory");    \
        o_;                                                                                        \
    })

/* mstatus / sstatus bits */
#define MSTATUS_SIE (1u << 1)
#define MSTATUS_MIE (1u << 3)
#define MSTATUS_SPIE (1u << 5)
#define MSTATUS_MPIE (1u << 7)
#define MSTATUS_SPP (1u << 8)
#define MSTATUS_MPP_MASK (3u << 11)
#define MSTATUS_MPP_S (1u << 11)
#define MSTATUS_MPP_M (3u << 11)
#define MSTATUS_SUM (1u << 18)
#define MSTATUS_MXR (1u << 19)

/* interrupt numbers (bits of mip/mie, low bits of an interrupt mcause) */
#define IRQ_S_SOFT 1
#define IRQ_M_SOFT 3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define CAUSE_IRQ 0x80000000u

/* exception causes */
enum {
    CAUSE_MISALIGNED_FETCH = 0,
    CAUSE_FETCH_ACCESS = 1,
    CAUSE_ILLEGAL = 2,
    CAUSE_BREAKPOINT = 3,
    CAUSE_MISALIGNED_LOAD = 4,
    CAUSE_LOAD_ACCESS = 5,
    CAUSE_MISALIGNED_STORE = 6,
    CAUSE_STORE_ACCESS = 7,
    CAUSE_ECALL_U = 8,
    CAUSE_ECALL_S = 9,
    CAUSE_ECALL_M = 11,
    CAUSE_FETCH_PAGE_FAULT = 12,
    CAUSE_LOAD_PAGE_FAULT = 13,
    CAUSE_STORE_PAGE_FAULT = 15,
};

/* ---- Boot arguments ----
 * Every program has `uint32_t trvp_args[16]` in .data. The simulator overwrites it
 * from the YAML before start; QEMU runs see the compiled-in defaults. A program sets
 * its defaults with TRVP_ARGS(a0, a1, ...); a program without it gets all zeros.
 * trvp_args[15] is reserved: the MMIO address of the statistics marker (0 = none). */
extern uint32_t trvp_args[16];
#define TRVP_ARGS(...)                                                                             \
    uint32_t trvp_args[16]                                                                         \
        __attribute__((section(".data.trvp_args"), used, aligned(4))) = {__VA_ARGS__}
#define TRVP_ARG_MARKER 15
static inline uint32_t trvp_arg(unsigned i) {
    return ((volatile uint32_t*)trvp_args)[i & 15];
}

/* Statistics phase marker: writes (phase << 8) | event to the address in
 * trvp_args[15] if it is non-zero. event 1 = phase begins (reset stats),
 * 2 = phase ends (dump stats). Phase 0 is a program's whole region of interest. */
#define MARK_BEGIN 1u
#define MARK_END 2u
void trvp_marker(uint32_t phase, uint32_t event);

/* ---- Console (UART) ---- */
int putchar(int c);
int puts(const char* s); /* appends '\n' */
void putstr(const char* s);
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap);
int snprintf(char* buf, size_t n, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t n, const char* fmt, va_list ap);

/* ---- Exit ----
 * exit(): test finisher (0x5555 pass, (code<<16)|0x3333 fail), then tohost as a
 * fallback for a platform without a finisher. tohost_exit(): tohost only. */
void exit(int code) __attribute__((noreturn));
void tohost_exit(int code) __attribute__((noreturn));
extern volatile uint64_t tohost, fromhost;
#define EXIT_UNHANDLED_TRAP 100 /* exit code of the default trap handler */

/* ---- Timer (CLINT) ---- */
uint64_t mtime_read(void);
void mtimecmp_write(uint64_t when);
void msip_write(uint32_t v);
static inline uint32_t rdcycle(void) {
    return csr_read(mcycle);
}
static inline uint32_t rdinstret(void) {
    return csr_read(minstret);
}
uint64_t rdcycle64(void);
uint64_t rdinstret64(void);

/* ---- Traps ----
 * crt0.S saves all registers into a trap_frame on a per-mode trap stack (the
 * xscratch CSR holds its top) and calls the hook for that mode. On return the
 * registers and xepc are reloaded from the frame, so a hook may change them
 * (e.g. f->epc += 4 to skip the faulting instruction). */
struct trap_frame {
    uint32_t x[32]; /* x[0] unused; x[2] is the interrupted sp */
    uint32_t epc, cause, tval, status;
};
typedef void (*trap_hook_fn)(struct trap_frame* f);
void set_m_trap_hook(trap_hook_fn h); /* NULL = default: report and exit */
void set_s_trap_hook(trap_hook_fn h);
void trap_entry_m(void); /* mtvec target (direct mode) */
void trap_entry_s(void); /* stvec target */
const char* trap_cause_name(uint32_t cause);

/* Leaves M-mode for S-mode at `entry`: S-mode traps go to `hook` on the runtime's S trap
 * stack (crt0.S). Delegation (medeleg/mideleg) is the caller's. Does not return. */
static inline __attribute__((noreturn)) void enter_s_mode(void (*entry)(void), trap_hook_fn hook) {
    extern char strap_stack_top[];
    csr_write(stvec, (uintptr_t)trap_entry_s);
    csr_write(sscratch, (uintptr_t)strap_stack_top);
    set_s_trap_hook(hook);
    csr_clear(mstatus, MSTATUS_MPP_MASK);
    csr_set(mstatus, MSTATUS_MPP_S);
    csr_write(mepc, (uintptr_t)entry);
    __asm__ volatile("mret");
    __builtin_unreachable();
}

/* ---- Sv32 page-table entries ---- */
#define PTE_V 0x01u
#define PTE_R 0x02u
#define PTE_W 0x04u
#define PTE_X 0x08u
#define PTE_U 0x10u
#define PTE_G 0x20u
#define PTE_A 0x40u
#define PTE_D 0x80u
#define PTE(pa, flags) ((((uint32_t)(pa) >> 12) << 10) | (flags)) /* a leaf or pointer PTE */
#define PTE_PA(pte) (((pte) >> 10) << 12)
#define SATP_SV32 0x80000000u

/* Open PMP entry 0 over all memory so S/U-mode can access it (QEMU denies S/U
 * accesses while no PMP entry matches). Tolerates a core without PMP CSRs. */
void pmp_open_all(void);

/* ---- Memory for big buffers: bump allocator between the image and the stack ---- */
void* heap_alloc(size_t bytes, size_t align); /* exits with code 2 when out of memory */

/* ---- Freestanding libc subset ---- */
void* memcpy(void* d, const void* s, size_t n);
void* memmove(void* d, const void* s, size_t n);
void* memset(void* d, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);

/* Length of the instruction at `pc` (a trap's epc), to step over it: with C (built
 * -march=rv32imac) 2 for a compressed one, else 4. */
static inline uint32_t insn_length_at(uint32_t pc) {
#ifdef __riscv_compressed
    return (*(const volatile uint16_t*)(uintptr_t)pc & 3) == 3 ? 4 : 2;
#else
    (void)pc;
    return 4;
#endif
}

#endif
