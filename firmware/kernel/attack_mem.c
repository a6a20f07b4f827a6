/* The untrusted kernel's memory attacks (attacker modes 8-13, docs/attacks.md): at each
 * attack point of a victim (DBG_ATTACK_POINT), tamper with the victim's line in memory,
 * either through the kernel's own plaintext (key id 0) mapping of the frame or as a physical
 * DRAM attacker with the attacker device (models/attack/dram_attacker.h). The victim then
 * consumes the line; the system tests judge the outcome from the console and statistics. */
#include "kernel.h"

/* The attacker device's registers (models/attack/dram_attacker.h). */
#define AD_ID 0x00u
#define AD_MEM 0x08u
#define AD_LEN 0x0cu
#define AD_ADDR 0x10u
#define AD_DST 0x18u
#define AD_VALUE 0x20u
#define AD_SLOT 0x24u
#define AD_COMMAND 0x28u
#define AD_STATUS 0x2cu
#define AD_ID_VALUE 0x54415254u
enum { AD_SNAPSHOT = 1, AD_RESTORE = 2, AD_COPY = 3, AD_XOR = 4, AD_READ = 5, AD_XOR_META = 6 };
enum { AD_KIND_TAG = 1, AD_KIND_COUNTER = 2, AD_KIND_NODE = 4 };
#define LINE 64u
/* Mode 13 (here only, so that kernel.elf's sources stay as they were): rewrite the key id in
 * the stamp of the victim line's tag entry (after a 64-bit tag: configs/tr.yaml's tag_bits). */
#define ATTACK_STAMP 13
#define STAMP_OFFSET 8u

static volatile uint32_t* ad_reg(uint32_t off) {
    return (volatile uint32_t*)(uintptr_t)(ATTACKER_DEV + off);
}

/* One device command on memory 0 (the data DRAM); returns its status (0 ok). */
static uint32_t ad_command(uint32_t op, uint32_t kinds, uint32_t addr, uint32_t len, uint32_t dst,
                           uint32_t value, uint32_t slot) {
    *ad_reg(AD_MEM) = 0;
    *ad_reg(AD_LEN) = len;
    *ad_reg(AD_ADDR) = addr;
    *ad_reg(AD_ADDR + 4) = 0;
    *ad_reg(AD_DST) = dst;
    *ad_reg(AD_DST + 4) = 0;
    *ad_reg(AD_VALUE) = value;
    *ad_reg(AD_SLOT) = slot;
    *ad_reg(AD_COMMAND) = op | kinds << 8;
    return *ad_reg(AD_STATUS);
}

static uint32_t ad_read(uint32_t pa) {
    if (ad_command(AD_READ, 0, pa, 4, 0, 0, 0)) return 0;
    return *ad_reg(AD_VALUE);
}

static int ad_present(void) {
    static int checked, present;
    if (!checked) {
        checked = 1;
        present = *ad_reg(AD_ID) == AD_ID_VALUE;
        if (!present) printf("attack: no attacker device at 0x%08x\n", ATTACKER_DEV);
    }
    return present;
}

static uint32_t pa_of(struct proc* p, uint32_t va) {
    uint32_t pte = 0;
    return vm_lookup(p->root, va, &pte);
}

void attack_point(struct proc* p, const struct attack_point* ap) {
    const uint32_t mode = trvp_boot.attacker;
    if (mode < ATTACK_FLIP_KEY0 || mode > ATTACK_STAMP) return;
    const uint32_t pa = pa_of(p, ap->va);
    if (!pa) {
        printf("attack: pid %d: va 0x%08x is not mapped\n", p->pid, ap->va);
        return;
    }
    const uint32_t line = pa & ~(LINE - 1);
    if (mode == ATTACK_FLIP_KEY0) {
        /* The kernel's identity map: key id 0. The read writes the victim's cached line back
         * (encrypted) and returns its ciphertext; the store leaves the flipped ciphertext in
         * the caches under key 0, written back as it is when the victim next reads the line. */
        volatile uint32_t* w = (volatile uint32_t*)(uintptr_t)pa;
        const uint32_t before = *w;
        /* With frame ownership on (docs/attributes.md) the store is refused: an access fault
         * the kernel survives only through kprobe_store32 (proc.c). */
        const uint32_t cause = kprobe_store32(pa, before ^ ap->delta);
        if (cause) {
            printf("attack: pid %d phase %u: the key-0 store into va 0x%08x (pa 0x%08x) was "
                   "refused (scause %u)\n",
                   p->pid, ap->phase, ap->va, pa, cause);
            return;
        }
        printf("attack: pid %d phase %u: XORed 0x%08x into va 0x%08x (pa 0x%08x) through the "
               "kernel's key-0 mapping: %08x -> %08x\n",
               p->pid, ap->phase, ap->delta, ap->va, pa, before, *w);
        return;
    }
    if (!ad_present()) return;
    const uint32_t slot = (uint32_t)p->pid;
    uint32_t st = 0;
    switch (mode) {
    case ATTACK_FLIP_DRAM: {
        const uint32_t before = ad_read(pa);
        st = ad_command(AD_XOR, 0, pa, 4, 0, ap->delta, 0);
        printf("attack: pid %d phase %u: XORed 0x%08x into DRAM at pa 0x%08x (va 0x%08x): "
               "%08x -> %08x, status %u\n",
               p->pid, ap->phase, ap->delta, pa, ap->va, before, ad_read(pa), st);
        return;
    }
    case ATTACK_ROLLBACK:
    case ATTACK_REPLAY: {
        const uint32_t kinds =
            mode == ATTACK_ROLLBACK ? AD_KIND_TAG : AD_KIND_TAG | AD_KIND_COUNTER | AD_KIND_NODE;
        const char* what = mode == ATTACK_ROLLBACK ? "ciphertext and tag"
                                                   : "ciphertext, tag, counter and tree nodes";
        if (ap->phase == 1) {
            st = ad_command(AD_SNAPSHOT, kinds, line, LINE, 0, 0, slot);
            printf("attack: pid %d phase 1: kept the %s of the line at pa 0x%08x (va 0x%08x), "
                   "status %u\n",
                   p->pid, what, line, ap->va, st);
        } else {
            const uint32_t before = ad_read(pa);
            st = ad_command(AD_RESTORE, 0, 0, 0, 0, 0, slot);
            printf("attack: pid %d phase %u: put the older %s back at pa 0x%08x: word %08x -> "
                   "%08x, status %u\n",
                   p->pid, ap->phase, what, line, before, ad_read(pa), st);
        }
        return;
    }
    case ATTACK_SPLICE: {
        const uint32_t src = pa_of(p, ap->va2);
        if (!src) return;
        st = ad_command(AD_COPY, AD_KIND_TAG | AD_KIND_COUNTER, src & ~(LINE - 1), LINE, line, 0,
                        0);
        printf("attack: pid %d phase %u: copied the line at pa 0x%08x (va 0x%08x) with its tag "
               "and counter over pa 0x%08x (va 0x%08x), status %u\n",
               p->pid, ap->phase, src & ~(LINE - 1), ap->va2, line, ap->va, st);
        return;
    }
    case ATTACK_STAMP:
        /* The tag entry says who wrote the line last; another key's line reads as zeros. */
        st = ad_command(AD_XOR_META, AD_KIND_TAG, line, 0, STAMP_OFFSET, 0x0000ffffu, 0);
        printf("attack: pid %d phase %u: rewrote the key id in the tag stamp of the line at "
               "pa 0x%08x (va 0x%08x), status %u\n",
               p->pid, ap->phase, line, ap->va, st);
        return;
    default:
        return;
    }
}
