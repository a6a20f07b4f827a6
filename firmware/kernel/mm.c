/* Physical frames (a bitmap over DRAM) and Sv32 page tables.
 * The kernel reaches every frame through identity megapages of DRAM (no U bit, global)
 * present in every process's root table, so user memory is read and written at the
 * frame's physical address after a software walk of the process's table; sstatus.SUM
 * stays 0 and the kernel never dereferences a user VA. */
#include "kernel.h"

#define MAX_FRAMES (256u << 20) / PAGE /* up to 256 MiB of DRAM */
#define M_STACK_RESERVE 0x10000u       /* top of DRAM: the M-mode stub's stack */

static uint32_t bitmap[MAX_FRAMES / 32]; /* 1 = used */
static uint32_t nframes, next_hint, nfree;
static uint32_t dram_size;

static void mark(uint32_t lo, uint32_t hi) { /* reserve [lo, hi) */
    if (hi <= DRAM_BASE || lo >= DRAM_BASE + dram_size) return;
    if (lo < DRAM_BASE) lo = DRAM_BASE;
    if (hi > DRAM_BASE + dram_size) hi = DRAM_BASE + dram_size;
    for (uint32_t f = (lo - DRAM_BASE) / PAGE; f < (hi - DRAM_BASE + PAGE - 1) / PAGE; f++) {
        if (!(bitmap[f / 32] & (1u << (f % 32)))) nfree--;
        bitmap[f / 32] |= 1u << (f % 32);
    }
}

void mm_init(void) {
    extern char __heap_start[];
    dram_size = trvp_boot.dram_size ? trvp_boot.dram_size : 128u << 20;
    if (dram_size > MAX_FRAMES * PAGE) dram_size = MAX_FRAMES * PAGE;
    nframes = dram_size / PAGE;
    nfree = nframes;
    mark(DRAM_BASE, (uint32_t)(uintptr_t)__heap_start); /* kernel image, data, bss */
    mark(DRAM_BASE + dram_size - M_STACK_RESERVE, DRAM_BASE + dram_size);
    for (uint32_t i = 0; i < trvp_boot.nprogs && i < TRVP_BOOT_MAXPROGS; i++)
        mark(trvp_boot.prog[i].pa, trvp_boot.prog[i].pa + trvp_boot.prog[i].len);
}

uint32_t frames_free(void) {
    return nfree;
}

uint32_t frame_alloc(void) {
    for (uint32_t n = 0; n < nframes; n++) {
        uint32_t f = (next_hint + n) % nframes;
        if (bitmap[f / 32] & (1u << (f % 32))) continue;
        bitmap[f / 32] |= 1u << (f % 32);
        nfree--;
        next_hint = f + 1;
        uint32_t pa = DRAM_BASE + f * PAGE;
        memset((void*)(uintptr_t)pa, 0, PAGE);
        return pa;
    }
    return 0;
}

static uint32_t pte(uint32_t pa, uint32_t flags) {
    return ((pa >> 12) << 10) | flags;
}

static int map_kmark(uint32_t root);

uint32_t vm_new_root(void) {
    uint32_t root = frame_alloc();
    if (!root) return 0;
    uint32_t* t = (uint32_t*)(uintptr_t)root;
    const uint32_t kern = PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;
    const uint32_t io = PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D;
    for (uint32_t pa = DRAM_BASE; pa - DRAM_BASE < dram_size; pa += 4u << 20)
        t[pa >> 22] = pte(pa, kern); /* 4 MiB identity megapages */
    t[UART_BASE >> 22] = pte(UART_BASE & ~0x3fffffu, io);
    t[CLINT_BASE >> 22] = pte(CLINT_BASE & ~0x3fffffu, io);
    /* The finisher (0x100000) shares megapage 0 with user VAs: the kernel writes it
     * with satp = 0 after the last process (kernel_finish). */
    return map_kmark(root) ? 0 : root;
}

static uint32_t* walk(uint32_t root, uint32_t va, int alloc) {
    uint32_t* l1 = (uint32_t*)(uintptr_t)root;
    uint32_t e = l1[va >> 22];
    if (!(e & PTE_V)) {
        if (!alloc) return 0;
        uint32_t t = frame_alloc();
        if (!t) return 0;
        e = l1[va >> 22] = pte(t, PTE_V);
    } else if (e & (PTE_R | PTE_W | PTE_X)) {
        return 0; /* a kernel megapage: never a user VA */
    }
    return (uint32_t*)(uintptr_t)PTE_PA(e) + ((va >> 12) & 0x3ff);
}

/* The statistics device may share megapage 0 with user VAs too: its page goes to KMARK_VA
 * (above the user VAs, no U) in every table, so kmark needs no satp switch. */
static int map_kmark(uint32_t root) {
    uint32_t pa = kmark_register_pa();
    if (!pa) return 0;
    uint32_t* e = walk(root, KMARK_VA, 1);
    if (!e) return E_NOMEM;
    *e = pte(pa & ~(PAGE - 1), PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    return 0;
}

int vm_map(uint32_t root, uint32_t va, uint32_t pa, uint32_t perms) {
    if (va >= USER_VA_END || (va & (PAGE - 1))) return E_INVAL;
    uint32_t* e = walk(root, va, 1);
    if (!e) return E_NOMEM;
    uint32_t flags = PTE_V | PTE_A | (perms & (PTE_R | PTE_W | PTE_X | PTE_U));
    if (perms & PTE_W) flags |= PTE_D;
    *e = pte(pa, flags);
    return 0;
}

uint32_t vm_lookup(uint32_t root, uint32_t va, uint32_t* pte_out) {
    if (va >= USER_VA_END) return 0;
    uint32_t* e = walk(root, va, 0);
    if (!e || !(*e & PTE_V)) return 0;
    if (pte_out) *pte_out = *e;
    return PTE_PA(*e) | (va & (PAGE - 1));
}

int user_range_ok(uint32_t root, uint32_t va, uint32_t len, uint32_t need) {
    if (len == 0) return 0;
    if (va + len < va || va + len > USER_VA_END) return E_FAULT;
    for (uint32_t p = va & ~(PAGE - 1); p < va + len; p += PAGE) {
        uint32_t e;
        if (!vm_lookup(root, p, &e)) return E_FAULT;
        if ((e & (PTE_U | need)) != (PTE_U | need)) return E_FAULT;
    }
    return 0;
}

static int copy_user(uint32_t root, uint32_t va, uint8_t* k, uint32_t len, int out) {
    int rc = user_range_ok(root, va, len, out ? PTE_W : PTE_R);
    if (rc) return rc;
    while (len) {
        uint32_t chunk = PAGE - (va & (PAGE - 1));
        if (chunk > len) chunk = len;
        uint8_t* phys = (uint8_t*)(uintptr_t)vm_lookup(root, va, 0);
        if (out)
            memcpy(phys, k, chunk);
        else
            memcpy(k, phys, chunk);
        va += chunk;
        k += chunk;
        len -= chunk;
    }
    return 0;
}

int copy_from_user(uint32_t root, void* dst, uint32_t va, uint32_t len) {
    return copy_user(root, va, dst, len, 0);
}

int copy_to_user(uint32_t root, uint32_t va, const void* src, uint32_t len) {
    return copy_user(root, va, (uint8_t*)(uintptr_t)src, len, 1);
}

void vm_for_each_user_page(uint32_t root, void (*fn)(uint32_t va, uint32_t pa, uint32_t pte)) {
    const uint32_t* l1 = (const uint32_t*)(uintptr_t)root;
    for (uint32_t i = 0; i < (USER_VA_END >> 22) + 1; i++) {
        if (!(l1[i] & PTE_V) || (l1[i] & (PTE_R | PTE_W | PTE_X))) continue;
        const uint32_t* l0 = (const uint32_t*)(uintptr_t)PTE_PA(l1[i]);
        for (uint32_t j = 0; j < 1024; j++)
            if ((l0[j] & (PTE_V | PTE_U)) == (PTE_V | PTE_U))
                fn((i << 22) | (j << 12), PTE_PA(l0[j]), l0[j]);
    }
}
