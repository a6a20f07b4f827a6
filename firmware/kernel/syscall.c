/* System calls: a7 = number, a0..a5 = arguments, results in a0/a1 (docs/kernel.md).
 * Every user buffer is checked against the caller's page table and copied through the
 * kernel's identity map of the frames; a bad pointer gives E_FAULT, never a kernel trap.
 * For a protected process these are its plaintext (key id 0) buffers. */
#include "kernel.h"

#define MAXSHM 8
struct shm_region {
    uint32_t owner, npages;
    uint32_t frames[SHM_MAX_PAGES];
};
static struct shm_region shm[MAXSHM]; /* region id = index + 1 */
static struct msg msgbuf;             /* the message in flight */

static int deliver(struct proc* dst, const struct msg* m) {
    uint32_t n = m->len < dst->recv_max ? m->len : dst->recv_max;
    int rc = copy_to_user(dst->root, dst->recv_va, m->body, n);
    dst->ops->set_result(dst, rc ? (uint32_t)rc : n, m->src);
    dst->state = P_RUNNABLE;
    return rc;
}

static int32_t sys_write(struct proc* p, uint32_t va, uint32_t len) {
    if (len > WRITE_MAX_BYTES) return E_INVAL;
    int rc = user_range_ok(p->root, va, len, PTE_R);
    if (rc) return rc;
    char buf[128];
    for (uint32_t off = 0; off < len; off += sizeof buf) {
        uint32_t n = len - off < sizeof buf ? len - off : sizeof buf;
        copy_from_user(p->root, buf, va + off, n);
        for (uint32_t i = 0; i < n; i++) putchar(buf[i]);
    }
    return (int32_t)len;
}

static int32_t sys_send(struct proc* p, uint32_t dst_pid, uint32_t va, uint32_t len) {
    if (len > MSG_MAX) return E_INVAL;
    struct proc* dst = proc_by_pid(dst_pid);
    if (!dst) return E_SRCH;
    msgbuf.src = (uint32_t)p->pid;
    msgbuf.len = len;
    int rc = copy_from_user(p->root, msgbuf.body, va, len);
    if (rc) return rc;
    if (trvp_boot.attacker == ATTACK_MITM)
        msgbuf.len = mitm_rewrite(msgbuf.src, dst_pid, msgbuf.body, len, MSG_MAX);
    kstats.messages++;
    if (dst->state == P_RECV && dst->mbox_count == 0) {
        deliver(dst, &msgbuf);
        return 0;
    }
    if (dst->mbox_count == MBOX_SLOTS) return E_AGAIN;
    struct msg* slot = &dst->mbox[(dst->mbox_head + dst->mbox_count++) % MBOX_SLOTS];
    slot->src = msgbuf.src;
    slot->len = msgbuf.len;
    memcpy(slot->body, msgbuf.body, msgbuf.len);
    return 0;
}

/* Returns 1 if p blocked (no result yet). */
static int sys_recv(struct proc* p, uint32_t va, uint32_t maxlen) {
    int rc = user_range_ok(p->root, va, maxlen, PTE_W);
    if (rc) {
        p->ops->set_result(p, (uint32_t)rc, 0);
        return 0;
    }
    p->recv_va = va;
    p->recv_max = maxlen;
    if (p->mbox_count) {
        struct msg* m = &p->mbox[p->mbox_head];
        p->mbox_head = (p->mbox_head + 1) % MBOX_SLOTS;
        p->mbox_count--;
        deliver(p, m);
        return 0;
    }
    p->state = P_RECV;
    return 1;
}

static int32_t map_new(struct proc* p, uint32_t* next, uint32_t limit, uint32_t n,
                       uint32_t* frames) {
    if (n == 0) return E_INVAL;
    if (*next + n * PAGE > limit || frames_free() < n + 2) return E_NOMEM;
    uint32_t va = *next;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pa = frame_alloc();
        if (!pa || vm_map(p->root, va + i * PAGE, pa, PTE_U | PTE_R | PTE_W)) return E_NOMEM;
        if (frames) frames[i] = pa;
    }
    *next += n * PAGE;
    return (int32_t)va;
}

static void sys_shm_create(struct proc* p, uint32_t npages) {
    if (npages == 0 || npages > SHM_MAX_PAGES) {
        p->ops->set_result(p, (uint32_t)E_INVAL, 0);
        return;
    }
    for (uint32_t id = 1; id <= MAXSHM; id++) {
        struct shm_region* r = &shm[id - 1];
        if (r->npages) continue;
        int32_t va =
            map_new(p, &p->shm_next, (uint32_t)(p->pid + 1) * USER_SHM_STRIDE + USER_SHM_VA, npages,
                    r->frames);
        if (va < 0) {
            p->ops->set_result(p, (uint32_t)va, 0);
            return;
        }
        r->owner = (uint32_t)p->pid;
        r->npages = npages;
        p->ops->set_result(p, id, (uint32_t)va);
        return;
    }
    p->ops->set_result(p, (uint32_t)E_NOMEM, 0);
}

static int32_t sys_shm_map(struct proc* p, uint32_t id) {
    if (id < 1 || id > MAXSHM || !shm[id - 1].npages) return E_INVAL;
    struct shm_region* r = &shm[id - 1];
    uint32_t limit = (uint32_t)(p->pid + 1) * USER_SHM_STRIDE + USER_SHM_VA;
    if (p->shm_next + r->npages * PAGE > limit) return E_NOMEM;
    uint32_t va = p->shm_next;
    for (uint32_t i = 0; i < r->npages; i++)
        if (vm_map(p->root, va + i * PAGE, r->frames[i], PTE_U | PTE_R | PTE_W)) return E_NOMEM;
    p->shm_next += r->npages * PAGE;
    return (int32_t)va;
}

static uint32_t sys_info(struct proc* p, uint32_t what) {
    switch (what) {
    case INFO_SCENARIO:
        return trvp_boot.scenario;
    case INFO_ATTACKER:
        return trvp_boot.attacker;
    case INFO_ARG:
        return p->arg;
    case INFO_NPROCS:
        return nprocs;
    case INFO_SLICE:
        return trvp_boot.slice_ticks;
    default:
        return (uint32_t)E_INVAL;
    }
}

static void sys_debug(struct proc* p, uint32_t op, uint32_t arg) {
    uint32_t pte = 0, pa;
    switch (op) {
    case DBG_TRANSLATE:
        pa = vm_lookup(p->root, arg, &pte);
        p->ops->set_result(p, pa ? pa : (uint32_t)E_FAULT, pte & 0x3ff);
        return;
    case DBG_TIMER_IRQS:
        p->ops->set_result(p, kstats.timer_irqs, kstats.preemptions);
        return;
    case DBG_SPY:
        spy_dump_proc(p);
        p->ops->set_result(p, 0, 0);
        return;
    case DBG_FREE_FRAMES:
        p->ops->set_result(p, frames_free(), 0);
        return;
#ifdef TRVP_MEM_ATTACKS /* kernel_attack.elf only (firmware/CMakeLists.txt) */
    case DBG_ATTACK_POINT: {
        struct attack_point ap;
        if (copy_from_user(p->root, &ap, arg, sizeof ap)) {
            p->ops->set_result(p, (uint32_t)E_FAULT, 0);
            return;
        }
        attack_point(p, &ap);
        p->ops->set_result(p, 0, 0);
        return;
    }
#endif
    default:
        p->ops->set_result(p, (uint32_t)E_INVAL, 0);
    }
}

uint32_t kmark_register_pa(void) {
    uint32_t dev = trvp_arg(TRVP_ARG_MARKER);
    return dev ? dev + 4 : 0;
}

void kmark(uint32_t pid, uint32_t span, uint32_t event) {
    uint32_t pa = kmark_register_pa();
    if (!pa) return;
    uint32_t addr = csr_read(satp) ? KMARK_VA + (pa & (PAGE - 1)) : pa;
    MMIO32(addr) = (pid << 16) | (span << 8) | event;
}

static int32_t sys_mark(struct proc* p, uint32_t span, uint32_t event) {
    if (span > 0xff || (event != MARK_BEGIN && event != MARK_END)) return E_INVAL;
    kmark((uint32_t)p->pid, span, event);
    return 0;
}

void do_syscall(struct proc* p, const struct trap_frame* f) {
    const uint32_t* a = &f->x[10]; /* a0..a7: exposed for protected processes too */
    kstats.syscalls++;
    switch (a[7]) {
    case SYS_EXIT:
        proc_exit(p, (int)a[0]);
        return;
    case SYS_YIELD:
        p->ops->set_result(p, 0, 0);
        resched = 1;
        return;
    case SYS_WRITE:
        p->ops->set_result(p, (uint32_t)sys_write(p, a[0], a[1]), 0);
        return;
    case SYS_SEND:
        p->ops->set_result(p, (uint32_t)sys_send(p, a[0], a[1], a[2]), 0);
        return;
    case SYS_RECV:
        sys_recv(p, a[0], a[1]);
        return;
    case SYS_ALLOC_PAGES:
        p->ops->set_result(p,
                           (uint32_t)(a[0] > ALLOC_MAX_PAGES
                                          ? E_INVAL
                                          : map_new(p, &p->heap_next, USER_SHM_VA, a[0], 0)),
                           0);
        return;
    case SYS_SHM_CREATE:
        sys_shm_create(p, a[0]);
        return;
    case SYS_SHM_MAP:
        p->ops->set_result(p, (uint32_t)sys_shm_map(p, a[0]), 0);
        return;
    case SYS_GETPID:
        p->ops->set_result(p, (uint32_t)p->pid, nprocs);
        return;
    case SYS_INFO:
        p->ops->set_result(p, sys_info(p, a[0]), 0);
        return;
    case SYS_DEBUG:
        sys_debug(p, a[0], a[1]);
        return;
    case SYS_MARK:
        p->ops->set_result(p, (uint32_t)sys_mark(p, a[0], a[1]), 0);
        return;
    default:
        p->ops->set_result(p, (uint32_t)E_NOSYS, 0);
    }
}
