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
 * manifest of the `len` bytes the boot block gives. Returns 0, or E_INVAL with *why naming
 * the part that failed and the rule (docs/sealed-image.md). Only what the kernel needs to
 * build the page table; trailing bytes after the image size are refused here because the
 * secure unit reads exactly the image size and cannot see them. */
int sealed_manifest_parse(const uint8_t* img, uint32_t len, struct manifest* m, const char** why) {
    static char buf[96];
    *why = buf;
    if (len < 24) {
        snprintf(buf, sizeof buf, "truncated: %u bytes, the header needs 24", len);
        return E_INVAL;
    }
    if (memcmp(img, "TRVPSEAL", 8)) {
        *why = "bad magic: the image does not start with TRVPSEAL";
        return E_INVAL;
    }
    if ((img[8] | img[9] << 8) != 1) {
        snprintf(buf, sizeof buf, "bad version %u: this kernel reads version 1",
                 img[8] | img[9] << 8);
        return E_INVAL;
    }
    if (img[10] | img[11] | rd32(img + 20)) {
        *why = "bad flags: the header's flags or reserved field is not 0";
        return E_INVAL;
    }
    uint32_t size = rd32(img + 12), mlen = rd32(img + 16);
    if (size > len) {
        snprintf(buf, sizeof buf, "truncated: the header's image size is %u, the file %u bytes",
                 size, len);
        return E_INVAL;
    }
    if (size < len) {
        snprintf(buf, sizeof buf, "trailing data: %u bytes after the image size %u", len - size,
                 size);
        return E_INVAL;
    }
    if (mlen < 16 || mlen > 4944 || 88 + mlen + 16 > size) {
        snprintf(buf, sizeof buf, "bad manifest: manifest size %u (16..4944, inside the image)",
                 mlen);
        return E_INVAL;
    }
    const uint8_t* b = img + 88;
    m->image_size = size;
    m->entry = rd32(b);
    m->stack_va = rd32(b + 4);
    m->stack_size = rd32(b + 8);
    m->nseg = b[12];
    if (m->nseg < 1 || m->nseg > MANIFEST_MAXSEG || 16 + 16 * m->nseg > mlen) {
        snprintf(buf, sizeof buf, "bad manifest: %u segments (1..%u)", m->nseg, MANIFEST_MAXSEG);
        return E_INVAL;
    }
    if ((m->stack_va | m->stack_size) & (PAGE - 1)) {
        snprintf(buf, sizeof buf, "bad alignment: stack 0x%08x+0x%x is not page aligned",
                 m->stack_va, m->stack_size);
        return E_INVAL;
    }
    for (uint32_t i = 0; i < m->nseg; i++) {
        const uint8_t* s = b + 16 + 16 * i;
        struct manifest_seg* g = &m->seg[i];
        g->vaddr = rd32(s);
        g->mem_size = rd32(s + 4);
        g->file_size = rd32(s + 8);
        g->perms = s[12];
        g->kind = s[13];
        if ((g->vaddr & (PAGE - 1)) || g->mem_size == 0 || g->vaddr + g->mem_size < g->vaddr ||
            g->vaddr + g->mem_size > USER_VA_END || !(g->perms & 7)) {
            snprintf(buf, sizeof buf,
                     "bad manifest: segment %u at 0x%08x+0x%x perms %u is not a user range", i,
                     g->vaddr, g->mem_size, g->perms);
            return E_INVAL;
        }
    }
    if (m->stack_size &&
        (m->stack_va + m->stack_size < m->stack_va || m->stack_va + m->stack_size > USER_VA_END)) {
        snprintf(buf, sizeof buf, "bad manifest: stack 0x%08x+0x%x is not a user range",
                 m->stack_va, m->stack_size);
        return E_INVAL;
    }
    return 0;
}

/* Why the secure unit refused an image (tr.info(TR_INFO_IMAGE_STATUS), docs/tr-isa.md). */
static const char* image_status_name(int st) {
    static const char* const names[] = {
        [TR_IMAGE_TRUNCATED] = "truncated: shorter than its header or manifest says",
        [TR_IMAGE_TRAILING_DATA] = "trailing data after the image size",
        [TR_IMAGE_BAD_MAGIC] = "bad magic: not TRVPSEAL",
        [TR_IMAGE_BAD_VERSION] = "bad version: not version 1",
        [TR_IMAGE_BAD_FLAGS] = "bad flags: a reserved header field is not 0",
        [TR_IMAGE_UNWRAP_FAILED] = "key unwrap failed: sealed for another device, or the "
                                   "header, ephemeral key or wrapped key was altered",
        [TR_IMAGE_MANIFEST_TAG_FAILED] = "manifest tag failed: the manifest or its tag was altered",
        [TR_IMAGE_BAD_MANIFEST] = "bad manifest: a count, size or name is malformed",
        [TR_IMAGE_BAD_PERMISSIONS] = "bad permissions: empty, unknown, W+X or kind against X",
        [TR_IMAGE_BAD_ALIGNMENT] = "bad alignment: the stack is not page aligned",
        [TR_IMAGE_OVERLAPPING_SEGMENTS] = "overlapping segments: two segments share a page",
        [TR_IMAGE_BAD_ENTRY] = "bad entry: not 4-byte aligned inside a code segment",
        [TR_IMAGE_SEGMENT_TAG_FAILED] = "segment tag failed: a segment's ciphertext or tag was "
                                        "altered",
        [TR_IMAGE_TOO_LARGE] = "too large for the secure unit (its max_image_size)",
    };
    if (st > 0 && st < (int)(sizeof names / sizeof names[0]) && names[st]) return names[st];
    return "no reason given";
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
    const char* why = 0;
    int rc = sealed_manifest_parse(img, len, &m, &why);
    if (rc) {
        printf("kernel: pid %d: sealed image refused by the kernel: %s\n", p->pid, why);
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
    if (ctx == TR_EIMAGE) {
        const int st = tr_info(TR_INFO_IMAGE_STATUS);
        printf("kernel: pid %d: sealed image refused by the secure unit: %s (error %d, image "
               "status %d)\n",
               p->pid, image_status_name(st), ctx, st);
        return ctx;
    }
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

const char* sealed_kill_reason(const struct proc* p, const struct trap_frame* f) {
    if (p->ops != &sealed_ops) return 0;
    if (f->cause != CAUSE_FETCH_ACCESS && f->cause != CAUSE_LOAD_ACCESS &&
        f->cause != CAUSE_STORE_ACCESS)
        return 0;
    if (f->tval == (uint32_t)TR_EINTEGRITY) return "integrity violation";
    if (f->tval == (uint32_t)TR_EOWNER) return "frame ownership violation";
    return 0;
}

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
