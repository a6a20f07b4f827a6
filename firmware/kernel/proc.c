/* Process table, round-robin scheduler, S-mode trap dispatch and kernel start/exit. */
#include "kernel.h"

struct proc procs[MAXPROC];
struct proc* current;
uint32_t nprocs;
struct kstats kstats;
static uint32_t slice;
static uint64_t slice_end;
int resched;            /* set by the timer and yield: give the CPU to the next process */
static int timer_fired; /* the slice ended: a switch now is a timer switch */

void sbi_set_timer(uint64_t when) {
    register uint32_t a0 __asm__("a0") = (uint32_t)when;
    register uint32_t a1 __asm__("a1") = (uint32_t)(when >> 32);
    register uint32_t a7 __asm__("a7") = SBI_SET_TIMER;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
}

void kpanic(const char* what) {
    csr_write(satp, 0);
    printf("kernel: PANIC: %s\n", what);
    exit(99);
}

#ifdef TRVP_MEM_ATTACKS /* kernel_attack.elf only: kernel.elf stays byte for byte as it was */
/* kprobe_store32: a store the kernel expects may be refused (attack.c). While armed, kfault
 * records the fault and returns; kfault_entry (entry.S) resumes after the 4-byte store. */
static volatile uint32_t kprobe_armed, kprobe_cause;

uint32_t kprobe_store32(uint32_t pa, uint32_t v) {
    kprobe_cause = 0;
    kprobe_armed = 1;
    __asm__ volatile("sw %1, 0(%0)" : : "r"(pa), "r"(v) : "memory");
    kprobe_armed = 0;
    return kprobe_cause;
}
#endif

/* An S-mode exception inside the kernel: a kernel bug, unless a probe expects it. */
void kfault(struct trap_frame* f) {
#ifdef TRVP_MEM_ATTACKS
    if (kprobe_armed && !(f->cause & CAUSE_IRQ)) {
        kprobe_armed = 0;
        kprobe_cause = f->cause;
        f->epc += 4;
        return;
    }
#endif
    printf("kernel: fault in S-mode: cause 0x%x (%s) sepc 0x%08x stval 0x%08x\n", f->cause,
           trap_cause_name(f->cause), f->epc, f->tval);
    kpanic("kernel fault");
}

struct proc* proc_by_pid(uint32_t pid) {
    if (pid < 1 || pid > nprocs) return 0;
    struct proc* p = &procs[pid - 1];
    return p->state == P_FREE || p->state == P_EXITED ? 0 : p;
}

void proc_exit(struct proc* p, int code) {
    if (trvp_boot.attacker == ATTACK_SPY) spy_dump_proc(p);
    if (!(trvp_boot.flags & BOOT_F_KEEP_CONTEXTS)) p->ops->destroy(p);
    p->state = P_EXITED;
    p->exit_code = code;
    printf("kernel: pid %d exited with code %d\n", p->pid, code);
}

void proc_kill(struct proc* p, const char* why, uint32_t cause, uint32_t tval) {
    kstats.kills++;
    printf("kernel: pid %d killed: %s (scause %u, stval 0x%08x)\n", p->pid, why, cause, tval);
    proc_exit(p, 128 + (int)(cause & 0x7f));
}

/* BOOT_F_KEEP_CONTEXTS: protected contexts outlive their processes, so the host's
 * end-of-run attribute dump still shows their EAR entries. Without tr.destroy nothing
 * cleans their cache lines, so the kernel reads (key id 0) one word of every 32 bytes of
 * every user frame: a line cached under another key id is written back (encrypted) before
 * the plaintext refill, and the host's raw DRAM dump sees every byte the processes wrote. */
static volatile uint32_t sweep_sink;
static void sweep_page(uint32_t va, uint32_t pa, uint32_t pte) {
    (void)va;
    (void)pte;
    for (uint32_t off = 0; off < PAGE; off += 32)
        sweep_sink += *(volatile const uint32_t*)(uintptr_t)(pa + off);
}

void kernel_finish(void) {
    csr_write(satp, 0); /* the finisher sits in megapage 0, unmapped in process tables */
    sfence_vma();
    if (trvp_boot.flags & BOOT_F_KEEP_CONTEXTS) {
        for (uint32_t i = 0; i < nprocs; i++) vm_for_each_user_page(procs[i].root, sweep_page);
        printf("kernel: contexts kept for the attribute dump; user frames read back\n");
    }
    int code = 0;
    printf("kernel: all %u processes done:", nprocs);
    for (uint32_t i = 0; i < nprocs; i++) {
        printf(" pid %d=%d", procs[i].pid, procs[i].exit_code);
        if (!code && procs[i].exit_code) code = procs[i].exit_code;
    }
    printf("\nkernel: [impl] timer interrupts %u, timer switches %u, context switches %u, "
           "system calls %u\n",
           kstats.timer_irqs, kstats.preemptions, kstats.switches, kstats.syscalls);
#ifdef TRVP_MEM_ATTACKS
    if (kstats.unit_kills)
        printf("kernel: %u processes killed by the secure unit\n", kstats.unit_kills);
#endif
    printf("kernel: exit %d\n", code);
    exit(code);
}

/* Next runnable process after `current` in pid order (current itself last). */
static struct proc* pick(void) {
    if (current && current->state == P_RUNNABLE && !resched) return current;
    resched = 0;
    uint32_t start = current ? (uint32_t)current->pid : 0;
    for (uint32_t n = 1; n <= nprocs; n++) {
        struct proc* p = &procs[(start + n - 1) % nprocs];
        if (p->state == P_RUNNABLE) return p;
    }
    return 0;
}

void sched(void) {
    for (;;) {
        struct proc* next = pick();
        if (!next) {
            int blocked = 0;
            for (uint32_t i = 0; i < nprocs; i++) blocked += procs[i].state == P_RECV;
            if (!blocked) kernel_finish();
            printf("kernel: deadlock: %d processes wait in recv and nobody can send\n", blocked);
            for (uint32_t i = 0; i < nprocs; i++)
                if (procs[i].state == P_RECV) proc_exit(&procs[i], E_DEADLK);
            continue;
        }
        uint64_t now = mtime_read();
        if (next != current || now >= slice_end) {
            if (next != current) kstats.switches++;
            if (next != current && timer_fired) kstats.preemptions++;
            slice_end = now + slice;
            sbi_set_timer(slice_end);
        }
        timer_fired = 0;
        current = next;
        csr_write(satp, next->satp);
        sfence_vma();
        int err = next->ops->resume(next);
        printf("kernel: pid %d could not be resumed: error %d\n", next->pid, err);
        proc_exit(next, err);
    }
}

/* Every trap from U-mode lands here (from entry.S) on the kernel stack. */
void ktrap(struct trap_frame* f) {
    struct proc* p = current;
    if (!p) kpanic("trap with no current process");
    p->ops->save(p, f);
    attack_on_trap(p, f);
    if (f->cause & CAUSE_IRQ) {
        if ((f->cause & ~CAUSE_IRQ) == IRQ_S_TIMER) {
            kstats.timer_irqs++;
            sbi_set_timer(~0ull); /* clears STIP; sched() arms the next slice */
            slice_end = 0;        /* expired: the next pick gets a fresh slice */
            resched = 1;
            timer_fired = 1;
        }
        sched();
    }
    if (f->cause == CAUSE_ECALL_U) {
        do_syscall(p, f);
        sched();
    }
    if (p->ops == &plain_ops)
        printf("kernel: [impl] pid %d trapped at pc 0x%08x\n", p->pid, f->epc);
#ifdef TRVP_MEM_ATTACKS
    /* kernel.elf reports such a kill too: its kill line's stval is the TR_E* code */
    const char* unit = sealed_kill_reason(p, f);
    if (unit) {
        kstats.unit_kills++;
        printf("kernel: pid %d killed by the secure unit: %s (error %d)\n", p->pid, unit,
               (int)f->tval);
    }
    proc_kill(p, unit ? unit : trap_cause_name(f->cause), f->cause, f->tval);
#else
    proc_kill(p, trap_cause_name(f->cause), f->cause, f->tval);
#endif
    sched();
}

static void start_procs(void) {
    nprocs = trvp_boot.nprogs;
    if (nprocs > MAXPROC) nprocs = MAXPROC;
    for (uint32_t i = 0; i < nprocs; i++) {
        const volatile struct trvp_boot_prog* bp = &trvp_boot.prog[i];
        struct proc* p = &procs[i];
        p->pid = (int)i + 1;
        p->ops = bp->kind == PROG_SEALED ? &sealed_ops : &plain_ops;
        p->arg = bp->arg;
        p->ctx = -1;
        p->heap_next = USER_HEAP_VA;
        p->shm_next = USER_SHM_VA + (uint32_t)p->pid * USER_SHM_STRIDE;
        p->root = vm_new_root();
        if (!p->root) kpanic("out of memory for page tables");
        p->satp = SATP_SV32 | (p->root >> 12);
        int rc = p->ops->load(p, (const uint8_t*)(uintptr_t)bp->pa, bp->len);
        if (rc) {
            printf("kernel: pid %d: %s image at 0x%08x (%u bytes) not loaded: error %d\n", p->pid,
                   p->ops->name, bp->pa, bp->len, rc);
            p->state = P_EXITED;
            p->exit_code = 127;
            continue;
        }
        p->state = P_RUNNABLE;
        if (!(trvp_boot.flags & BOOT_F_QUIET))
            printf("kernel: pid %d: %s process, entry 0x%08x, arg %u\n", p->pid, p->ops->name,
                   p->entry, p->arg);
    }
}

/* S-mode entry from the M-mode stub. */
void kmain(void) {
    extern void kfault_entry(void);
    csr_write(stvec, (uintptr_t)kfault_entry);
    csr_write(sie, (1u << IRQ_S_TIMER));
    if (trvp_boot.magic != TRVP_BOOT_MAGIC || trvp_boot.version != TRVP_BOOT_VERSION)
        kpanic("bad boot block (trvp_boot magic/version)");
    slice = trvp_boot.slice_ticks ? trvp_boot.slice_ticks : 10000;
    printf("kernel: TRVP kernel, %u programs, slice %u ticks, attacker mode %u, scenario %u\n",
           trvp_boot.nprogs, slice, trvp_boot.attacker, trvp_boot.scenario);
    mm_init();
    start_procs();
    sched();
}
