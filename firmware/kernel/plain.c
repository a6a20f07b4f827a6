/* Plain processes: the kernel loads an ELF32 RISC-V executable, keeps the registers in
 * the process table and enters U-mode with sret. */
#include "kernel.h"

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf32_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf32_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

/* Maps (or reuses) the frame for each page of [va, va + len) with perms added. */
static int map_range(struct proc* p, uint32_t va, uint32_t len, uint32_t perms) {
    for (uint32_t pg = va & ~(PAGE - 1); pg < va + len; pg += PAGE) {
        uint32_t e = 0, pa = vm_lookup(p->root, pg, &e);
        if (!pa && !(pa = frame_alloc())) return E_NOMEM;
        int rc = vm_map(p->root, pg, pa & ~(PAGE - 1), perms | (e & (PTE_R | PTE_W | PTE_X)));
        if (rc) return rc;
    }
    return 0;
}

int plain_load_elf(struct proc* p, const uint8_t* img, uint32_t len) {
    struct elf32_ehdr eh;
    if (len < sizeof eh) return E_INVAL;
    memcpy(&eh, img, sizeof eh);
    if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 1 || eh.ident[5] != 1 ||
        eh.machine != 243 || eh.phentsize != sizeof(struct elf32_phdr) || eh.phoff > len ||
        eh.phnum > (len - eh.phoff) / sizeof(struct elf32_phdr))
        return E_INVAL;
    for (uint32_t i = 0; i < eh.phnum; i++) {
        struct elf32_phdr ph;
        memcpy(&ph, img + eh.phoff + i * sizeof ph, sizeof ph);
        if (ph.type != PT_LOAD || ph.memsz == 0) continue;
        if (ph.filesz > ph.memsz || ph.offset > len || ph.filesz > len - ph.offset ||
            ph.vaddr < PAGE || ph.vaddr + ph.memsz < ph.vaddr || ph.vaddr + ph.memsz > USER_HEAP_VA)
            return E_INVAL;
        uint32_t perms = PTE_U | ((ph.flags & PF_R) ? PTE_R : 0) | ((ph.flags & PF_W) ? PTE_W : 0) |
                         ((ph.flags & PF_X) ? PTE_X : 0);
        int rc = map_range(p, ph.vaddr, ph.memsz, perms);
        if (rc) return rc;
        /* Copy the file bytes page by page through the identity map of the frames. */
        for (uint32_t off = 0; off < ph.filesz;) {
            uint32_t va = ph.vaddr + off;
            uint32_t chunk = PAGE - (va & (PAGE - 1));
            if (chunk > ph.filesz - off) chunk = ph.filesz - off;
            memcpy((void*)(uintptr_t)vm_lookup(p->root, va, 0), img + ph.offset + off, chunk);
            off += chunk;
        }
    }
    p->entry = eh.entry;
    return 0;
}

static int plain_load(struct proc* p, const uint8_t* img, uint32_t len) {
    kmark((uint32_t)p->pid, SPAN_LAUNCH, MARK_BEGIN); /* the counterpart of tr.launch */
    int rc = plain_load_elf(p, img, len);
    kmark((uint32_t)p->pid, SPAN_LAUNCH, MARK_END);
    if (rc) return rc;
    rc = map_range(p, USER_STACK_TOP - USER_STACK_PAGES * PAGE, USER_STACK_PAGES * PAGE,
                   PTE_U | PTE_R | PTE_W);
    if (rc) return rc;
    memset(&p->tf, 0, sizeof p->tf);
    p->tf.epc = p->entry;
    p->tf.x[2] = USER_STACK_TOP;
    p->tf.x[10] = p->arg;
    p->tf.x[11] = (uint32_t)p->pid;
    return 0;
}

static void plain_save(struct proc* p, const struct trap_frame* f) {
    p->tf = *f;
    if (f->cause == CAUSE_ECALL_U) p->tf.epc += 4; /* resume after the ecall */
}

static void plain_set_result(struct proc* p, uint32_t a0, uint32_t a1) {
    p->tf.x[10] = a0;
    p->tf.x[11] = a1;
}

static int plain_resume(struct proc* p) {
    user_return(&p->tf);
}

static void plain_destroy(struct proc* p) {
    (void)p; /* frames stay allocated: the spy and the summary may still look at them */
}

const struct proc_ops plain_ops = {"plain",          plain_load,   plain_save,
                                   plain_set_result, plain_resume, plain_destroy};
