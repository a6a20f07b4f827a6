/* pmp_test: a small kernel that fences itself with PMP (docs/core.md#pmp).
 *  Entry 0 (unlocked, no permissions) fences a secret page from S/U-mode; entry 1 (locked,
 *  read-only) makes a table read-only for every mode, M included; entry 15 opens the rest.
 *  M-mode checks the lock (writes to a locked entry are ignored, its store faults), then
 *  S-mode checks that the secret page refuses loads and stores and the table refuses stores.
 *  Access faults go to the M-mode handler, which counts them and skips the instruction. */
#include "trvp.h"

#define PMP_R 0x01u
#define PMP_W 0x02u
#define PMP_X 0x04u
#define PMP_NAPOT 0x18u
#define PMP_L 0x80u

static volatile uint32_t secret[1024] __attribute__((aligned(4096)));
static volatile uint32_t table[1024] __attribute__((aligned(4096)));
static volatile uint32_t load_faults, store_faults, last_tval;
static unsigned checks, failures;

static void check(const char* what, int ok) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL: %s\n", what);
    }
}

static uint32_t napot(volatile void* base, uint32_t size) {
    return ((uint32_t)(uintptr_t)base >> 2) | ((size >> 3) - 1);
}

static void finish(void) {
    if (failures) {
        printf("pmp_test: %u of %u checks FAILED\n", failures, checks);
        exit(1);
    }
    printf("pmp_test: %u checks passed\n", checks);
    exit(0);
}

static void m_handler(struct trap_frame* f) {
    if (f->cause == CAUSE_LOAD_ACCESS || f->cause == CAUSE_STORE_ACCESS) {
        if (f->cause == CAUSE_LOAD_ACCESS)
            load_faults++;
        else
            store_faults++;
        last_tval = f->tval;
        f->x[10] = 0; /* a0: what a refused load "returns" here */
        f->epc += 4;
    } else {
        printf("unexpected M-mode trap: cause 0x%08x epc 0x%08x\n", f->cause, f->epc);
        exit(1);
    }
}

/* A load the handler may skip: its result is in a0 (zeroed by the handler on a fault). */
static uint32_t load(volatile uint32_t* p) {
    register uint32_t a0 __asm__("a0");
    __asm__ volatile("lw a0, 0(%1)" : "=r"(a0) : "r"(p) : "memory");
    return a0;
}
static void store(volatile uint32_t* p, uint32_t v) {
    __asm__ volatile("sw %0, 0(%1)" ::"r"(v), "r"(p) : "memory");
}

static void s_main(void) {
    uint32_t before = load_faults;
    check("S: the secret page refuses a load", load(&secret[3]) == 0 && load_faults == before + 1);
    check("S: the fault's tval is the address", last_tval == (uint32_t)(uintptr_t)&secret[3]);
    before = store_faults;
    store(&secret[0], 1);
    check("S: the secret page refuses a store", store_faults == before + 1);
    check("S: the read-only table reads", load(&table[1]) == 0x7ab1e);
    store(&table[1], 2);
    check("S: the read-only table refuses a store", store_faults == before + 2);
    printf("s-mode: %u load and %u store access faults\n", load_faults, store_faults);
    finish();
}

int main(void) {
    set_m_trap_hook(m_handler);
    secret[0] = 0x5ec2e7;
    table[1] = 0x7ab1e;
    csr_write(pmpaddr0, napot(secret, sizeof secret));
    csr_write(pmpaddr1, napot(table, sizeof table));
    csr_write(pmpaddr15, 0xffffffffu);
    csr_write(pmpcfg3, (PMP_R | PMP_W | PMP_X | PMP_NAPOT) << 24);
    csr_write(pmpcfg0, PMP_NAPOT | ((PMP_L | PMP_R | PMP_NAPOT) << 8));
    printf("pmp_test: secret page fenced from S/U, table locked read-only\n");

    check("M: the unlocked fence does not apply to M", load(&secret[0]) == 0x5ec2e7);
    store(&table[1], 3);
    check("M: a locked read-only entry refuses M's store", store_faults == 1);
    check("M: the table is unchanged", table[1] == 0x7ab1e);
    csr_write(pmpcfg0, PMP_NAPOT | ((PMP_R | PMP_W | PMP_NAPOT) << 8));
    check("M: a locked entry's pmpcfg ignores writes",
          ((csr_read(pmpcfg0) >> 8) & 0xff) == (PMP_L | PMP_R | PMP_NAPOT));
    csr_write(pmpaddr1, 0);
    check("M: a locked entry's pmpaddr ignores writes",
          csr_read(pmpaddr1) == napot(table, sizeof table));
    enter_s_mode(s_main, 0);
}
