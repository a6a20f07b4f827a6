/* Protected processes: the kernel reads the sealed image's manifest (plaintext,
 * authenticated by the secure unit, docs/sealed-image.md), allocates and maps frames for
 * every segment and the stack WITHOUT copying anything, and calls tr.launch, which
 * decrypts the segments into those frames under the process's keys and returns a context
 * id. The process then runs with tr.resume; the hardware keeps its registers. */
#include "kernel.h"
#include "tr.h"

static uint32_t rd32(const uint8_t* b) {
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Parses (without authenticating: the secure unit does that at launch) the version-1
 * manifest. Returns 0 or E_INVAL. Only what the kernel needs to build the page table. */
int sealed_manifest_parse(const uint8_t* img, uint32_t len, struct manifest* m) {
    if (len < 24 + 64 || memcmp(img, "TRVPSEAL", 8) || (img[8] | img[9] << 8) != 1) return E_INVAL;
    uint32_t size = rd32(img + 12), mlen = rd32(img + 16);
    if (size > len || mlen < 16 || mlen > 4944 || 88 + mlen + 16 > size) return E_INVAL;
    const uint8_t* b = img + 88;
    m->image_size = size;
    m->entry = rd32(b);
    m->stack_va = rd32(b + 4);
    m->stack_size = rd32(b + 8);
    m->nseg = b[12];
    if (m->nseg < 1 || m->nseg > MANIFEST_MAXSEG || 16 + 16 * m->nseg > mlen) return E_INVAL;
    if ((m->stack_va | m->stack_size) & (PAGE - 1)) return E_INVAL;
    for (uint32_t i = 0; i < m->nseg; i++) {
        const uint8_t* s = b + 16 + 16 * i;
        struct manifest_seg* g = &m->seg[i];
        g->vaddr = rd32(s);
        g->mem_size = rd32(s + 4);
        g->file_size = rd32(s + 8);
        g->perms = s[12];
        g->kind = s[13];
        if ((g->vaddr & (PAGE - 1)) || g->mem_size == 0 || g->vaddr + g->mem_size < g->vaddr ||
            g->vaddr + g->mem_size > USER_VA_END || !(g->perms & 7))
            return E_INVAL;
    }
    if (m->stack_size &&
        (m->stack_va + m->stack_size < m->stack_va || m->stack_va + m->stack_size > USER_VA_END))
        return E_INVAL;
    return 0;
}

static int map_fresh(struct proc* p, uint32_t va, uint32_t len, uint32_t perms) {
    for (uint32_t pg = va; pg < va + len; pg += PAGE) {
        if (vm_lookup(p->root, pg, 0)) return E_INVAL; /* overlapping segments */
        uint32_t pa = frame_alloc();                   /* zeroed: tr.launch overwrites it anyway */
        if (!pa) return E_NOMEM;
        int rc = vm_map(p->root, pg, pa, perms | PTE_U);
        if (rc) return rc;
    }
    return 0;
}

static int sealed_load(struct proc* p, const uint8_t* img, uint32_t len) {
    struct manifest m;
    int rc = sealed_manifest_parse(img, len, &m);
    if (rc) {
        printf("kernel: pid %d: sealed image manifest refused\n", p->pid);
        return rc;
    }
    for (uint32_t i = 0; i < m.nseg; i++) {
        const struct manifest_seg* g = &m.seg[i];
        uint32_t perms = ((g->perms & 1) ? PTE_R : 0) | ((g->perms & 2) ? PTE_W : 0) |
                         ((g->perms & 4) ? PTE_X : 0);
        if (trvp_boot.attacker == ATTACK_WRITABLE) perms |= PTE_R | PTE_W; /* attack.c */
        rc = map_fresh(p, g->vaddr, (g->mem_size + PAGE - 1) & ~(PAGE - 1), perms);
        if (rc) return rc;
    }
    if (m.stack_size) {
        rc = map_fresh(p, m.stack_va, m.stack_size, PTE_R | PTE_W);
        if (rc) return rc;
    }
    p->entry = m.entry;
    if (!(trvp_boot.flags & BOOT_F_QUIET))
        printf("kernel: pid %d: sealed image %u bytes, entry 0x%08x, %u segments, stack "
               "0x%08x+0x%x\n",
               p->pid, m.image_size, m.entry, m.nseg, m.stack_va, m.stack_size);
    if (trvp_boot.flags & BOOT_F_SEALED_DRYRUN) { /* QEMU: no TR unit to launch with */
        for (uint32_t i = 0; i < m.nseg; i++)
            printf("kernel: pid %d: segment %u va 0x%08x size 0x%x perms %c%c%c %s\n", p->pid, i,
                   m.seg[i].vaddr, m.seg[i].mem_size, (m.seg[i].perms & 1) ? 'r' : '-',
                   (m.seg[i].perms & 2) ? 'w' : '-', (m.seg[i].perms & 4) ? 'x' : '-',
                   m.seg[i].kind ? "data" : "code");
        printf("kernel: pid %d: dry run: tr.launch(image, satp) skipped\n", p->pid);
        p->ctx = -1;
        return 0;
    }
    kmark((uint32_t)p->pid, SPAN_LAUNCH, MARK_BEGIN);
    int ctx = tr_launch((uint32_t)(uintptr_t)img, p->satp);
    kmark((uint32_t)p->pid, SPAN_LAUNCH, MARK_END);
    if (ctx < 0) {
        printf("kernel: pid %d: tr.launch refused the image: error %d\n", p->pid, ctx);
        return ctx;
    }
    p->ctx = ctx;
    p->res0 = p->arg; /* first resume: a0 = arg, a1 = pid, as for a plain process */
    p->res1 = (uint32_t)p->pid;
    return 0;
}

/* Chips that save a trapped context in kernel memory (tr.info(0) & TR_FEATURE_SAVE_MEMORY,
 * docs/tr-isa.md) need a save area per context. The kernel learns it when the first
 * tr.resume of a context fails with TR_ENOSAVE, then hands over the pid's area and resumes
 * again: on a chip that saves on chip this costs nothing. */
static uint8_t save_areas[MAXPROC][TR_SAVE_AREA_SIZE] __attribute__((aligned(TR_SAVE_AREA_ALIGN)));
static uint8_t save_given[MAXPROC];

uint8_t* sealed_save_area(const struct proc* p) {
    return p->ops == &sealed_ops && p->ctx >= 0 && save_given[p->pid - 1] ? save_areas[p->pid - 1]
                                                                           : 0;
}

static void sealed_save(struct proc* p, const struct trap_frame* f) {
    /* The registers are with the secure unit; the frame holds zeros and a0..a7. */
    memset(&p->tf, 0, sizeof p->tf);
    p->tf.cause = f->cause;
    p->tf.tval = f->tval;
    uint32_t ctx = tr_trctx();
    if ((int)ctx != p->ctx) printf("kernel: trctx %u but pid %d is ctx %d\n", ctx, p->pid, p->ctx);
}

#ifdef TRVP_MEM_ATTACKS /* kernel_attack.elf only: kernel.elf stays byte for byte as it was */
const char* sealed_kill_reason(const struct proc* p, const struct trap_frame* f) {
    if (p->ops != &sealed_ops) return 0;
    if (f->cause != CAUSE_FETCH_ACCESS && f->cause != CAUSE_LOAD_ACCESS &&
        f->cause != CAUSE_STORE_ACCESS)
        return 0;
    if (f->tval == (uint32_t)TR_EINTEGRITY) return "integrity violation";
    if (f->tval == (uint32_t)TR_EOWNER) return "frame ownership violation";
    return 0;
}
#endif

static void sealed_set_result(struct proc* p, uint32_t a0, uint32_t a1) {
    p->res0 = a0;
    p->res1 = a1;
}

static int sealed_resume(struct proc* p) {
    if (p->ctx < 0) { /* dry run: nothing was launched */
        proc_exit(p, 0);
        sched();
    }
    int rc = tr_enter(p->res0, p->res1, p->ctx);
    if (rc == TR_ENOSAVE && !save_given[p->pid - 1]) {
        rc = tr_savearea((uint32_t)p->ctx, (uint32_t)(uintptr_t)save_areas[p->pid - 1]);
        if (rc) return rc;
        save_given[p->pid - 1] = 1;
        rc = tr_enter(p->res0, p->res1, p->ctx);
    }
    return rc;
}

static void sealed_destroy(struct proc* p) {
    if (p->ctx >= 0) tr_destroy((uint32_t)p->ctx);
    p->ctx = -1;
}

const struct proc_ops sealed_ops = {"sealed",          sealed_load,   sealed_save,
                                    sealed_set_result, sealed_resume, sealed_destroy};
