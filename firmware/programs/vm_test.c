/* vm_test: S-mode kernel with Sv32 paging running a U-mode task.
 * M-mode delegates U ecalls and page faults to S-mode and drops to S. S-mode maps
 * DRAM, the UART, the CLINT and the finisher with identity megapages and the task's
 * pages at VA 0x40000000, then enters U-mode with sret. The task reports through
 * ecalls, takes a load page fault on an unmapped page (S maps it on demand), a store
 * page fault on a read-only page (S makes it writable) and a fault on a supervisor
 * page (S skips the load). Back in S-mode, a load from a U page faults with
 * sstatus.SUM=0 and succeeds with SUM=1. */
#include "trvp.h"

#define USER_VA 0x40000000u /* code page; data page +0x1000; read-only page +0x2000 */
#define DEMAND_VA 0x40003000u
#define SYS_EXIT 0
#define SYS_REPORT 1

static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t user_l2[1024] __attribute__((aligned(4096)));
static uint32_t demand_page[1024] __attribute__((aligned(4096)));
extern char __user_text[], user_pages[];
extern void user_task(void);

static unsigned checks, failures;
static void check(const char* what, int ok) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL: %s\n", what);
    }
}

static void sfence_vma(void) {
    __asm__ volatile("sfence.vma" ::: "memory");
}

/* ---- S-mode trap handling ---- */
static uint32_t reports[8], nreports, kernel_sp;
static volatile uint32_t s_faults, s_fault_cause, s_fault_tval;
static void s_after_user(void);

static void user_fault(struct trap_frame* f) {
    const char* kind = f->cause == CAUSE_LOAD_PAGE_FAULT ? "load" : "store";
    if (f->tval == DEMAND_VA + 4 && f->cause == CAUSE_LOAD_PAGE_FAULT) {
        for (int i = 0; i < 1024; i++) demand_page[i] = 0xd0d00000u + (uint32_t)i;
        user_l2[3] = PTE(demand_page, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
        printf("s-mode: %s page fault (scause %u) at stval 0x%08x: mapped a fresh page\n", kind,
               f->cause, f->tval);
    } else if (f->tval == USER_VA + 0x2000 && f->cause == CAUSE_STORE_PAGE_FAULT) {
        user_l2[2] |= PTE_W;
        printf("s-mode: %s page fault (scause %u) at stval 0x%08x: page made writable\n", kind,
               f->cause, f->tval);
    } else if (f->tval == DRAM_BASE && f->cause == CAUSE_LOAD_PAGE_FAULT) {
        f->x[10] = 0xbad;
        f->epc += 4;
        printf("s-mode: %s page fault (scause %u) at stval 0x%08x: supervisor page, skipped\n",
               kind, f->cause, f->tval);
    } else {
        printf("s-mode: unexpected %s page fault at 0x%08x, sepc 0x%08x\n", kind, f->tval, f->epc);
        exit(1);
    }
    sfence_vma();
}

static void s_handler(struct trap_frame* f) {
    int from_user = !(f->status & MSTATUS_SPP);
    if (!from_user) { /* the SUM probe: record and skip the load */
        s_faults++;
        s_fault_cause = f->cause;
        s_fault_tval = f->tval;
        f->epc += 4;
        return;
    }
    if (f->cause == CAUSE_ECALL_U && f->x[17] == SYS_REPORT) {
        printf("u-mode: ecall report a0=0x%08x\n", f->x[10]);
        if (nreports < 8) reports[nreports++] = f->x[10];
        f->epc += 4;
    } else if (f->cause == CAUSE_ECALL_U && f->x[17] == SYS_EXIT) {
        printf("u-mode: ecall exit(%u)\n", f->x[10]);
        f->epc = (uint32_t)(uintptr_t)s_after_user; /* sret into S-mode */
        f->x[2] = kernel_sp;
        csr_set(sstatus, MSTATUS_SPP);
    } else if (f->cause == CAUSE_LOAD_PAGE_FAULT || f->cause == CAUSE_STORE_PAGE_FAULT) {
        user_fault(f);
    } else {
        printf("s-mode: unexpected trap from U: scause 0x%08x sepc 0x%08x stval 0x%08x\n", f->cause,
               f->epc, f->tval);
        exit(1);
    }
}

static void s_after_user(void) {
    check("task reported 5 values", nreports == 5);
    check("U computed 1+..+100", reports[0] == 5050);
    check("demand-mapped page read", reports[1] == 0xd0d00001);
    check("read-only page readable", reports[2] == 0xc0de);
    check("store after upgrade", reports[3] == 0x1234);
    check("supervisor page not readable from U", reports[4] == 0xbad);

    volatile uint32_t* probe = (volatile uint32_t*)(USER_VA + 0x1ffc); /* task's sw */
    uint32_t v = 0;
    csr_clear(sstatus, MSTATUS_SUM);
    __asm__ volatile("li %0, 0\n\tlw %0, 0(%1)" : "=&r"(v) : "r"(probe) : "memory");
    check("SUM=0: S load from U page faults", s_faults == 1);
    check("SUM=0: scause 13", s_fault_cause == CAUSE_LOAD_PAGE_FAULT);
    check("SUM=0: stval = VA", s_fault_tval == (uint32_t)(uintptr_t)probe);
    printf("s-mode: SUM=0 load from U page: %s (scause %u, stval 0x%08x)\n",
           s_faults ? "faulted" : "did not fault", s_fault_cause, s_fault_tval);
    csr_set(sstatus, MSTATUS_SUM);
    v = *probe;
    csr_clear(sstatus, MSTATUS_SUM);
    check("SUM=1: S load from U page works", s_faults == 1 && v == 5050);
    printf("s-mode: SUM=1 load from U page: %u\n", v);

    if (failures) {
        printf("vm_test: %u of %u checks FAILED\n", failures, checks);
        exit(1);
    }
    printf("vm_test: %u checks passed\n", checks);
    exit(0);
}

static void s_main(void) {
    const uint32_t kern = PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;
    const uint32_t io = PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D;
    for (uint32_t pa = DRAM_BASE; pa - DRAM_BASE < 128u << 20; pa += 4u << 20)
        root[pa >> 22] = PTE(pa, kern); /* 4 MiB identity megapages */
    root[UART_BASE >> 22] = PTE(UART_BASE, io);
    root[CLINT_BASE >> 22] = PTE(CLINT_BASE, io);
    root[FINISHER_BASE >> 22] = PTE(FINISHER_BASE & ~0x3fffffu, io);
    root[USER_VA >> 22] = PTE(user_l2, PTE_V); /* next level */
    user_l2[0] = PTE(__user_text, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    user_l2[1] = PTE(user_pages, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    user_l2[2] = PTE(user_pages + 4096, PTE_V | PTE_R | PTE_U | PTE_A | PTE_D);
    *(volatile uint32_t*)(user_pages + 4096) = 0xc0de;

    csr_write(satp, SATP_SV32 | ((uint32_t)(uintptr_t)root >> 12));
    sfence_vma();
    check("satp holds Sv32 mode", csr_read(satp) >> 31 == 1);
    puts("s-mode: Sv32 on: identity megapages for DRAM and devices, user pages at 0x40000000");
    check("user task starts its page", (uintptr_t)user_task == (uintptr_t)__user_text);

    /* Enter U-mode at the task with its stack at the top of the data page. */
    __asm__ volatile("mv %0, sp" : "=r"(kernel_sp));
    csr_clear(sstatus, MSTATUS_SPP);
    csr_write(sepc, USER_VA);
    __asm__ volatile("mv sp, %0\n\tsret" ::"r"(USER_VA + 0x2000) : "memory");
    __builtin_unreachable();
}

int main(void) {
    puts("vm_test: M-mode boot, S-mode kernel, U-mode task");
    pmp_open_all();
    csr_write(medeleg, (1u << CAUSE_ECALL_U) | (1u << CAUSE_FETCH_PAGE_FAULT) |
                           (1u << CAUSE_LOAD_PAGE_FAULT) | (1u << CAUSE_STORE_PAGE_FAULT));
    csr_write(mideleg, (1u << IRQ_S_SOFT) | (1u << IRQ_S_TIMER) | (1u << 9));
    enter_s_mode(s_main, s_handler);
}
