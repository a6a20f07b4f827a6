/* u_tr_perms (protected): the EAR entries' perms (docs/tr-isa.md). Boot arg selects the case;
 * each faulting case prints the address first and reports WRONG (exit 3) if the access
 * returns, so the kernel's kill line (cause, page-aligned stval) is the expected end:
 *  1  store to its read-only data (the rodata segment: an R entry)
 *  2  store to a region created read-only (TR_REGION_PERM_R)
 *  3  load from a region created write-only (TR_REGION_PERM_W)
 *  4  store to its own code (an R-X entry)
 *  0  control: the same stores into a region created RW and into its data segment work;
 *     tr.pka writing into a read-only region is refused (TR_EFAULT), into an RW one works.
 * Run it under the writable-mappings attacker (4) to leave the EAR perms as the only check. */
#include "tr_util.h"

static const uint32_t ro_words[4] = {0x600dc0deu, 0x0ddba11u, 0xfee1600du, 0x5ca1ab1eu};
static uint32_t rw_words[4] = {1, 2, 3, 4};

static int wrong(const char* what) {
    pprintf("perms: %s returned: WRONG\n", what);
    return 3;
}

/* A region of one fresh page with the given perms flags (created: zero-filled). */
static volatile uint32_t* fresh_region(uint32_t perms) {
    int32_t va = sys_alloc_pages(1);
    if (va < 0) return 0;
    int32_t rc = region((uint32_t)va, 1, 0, TR_REGION_HIDDEN | perms);
    pprintf("perms: region at va 0x%08x flags 0x%x: %d\n", (uint32_t)va, perms, rc);
    return rc ? 0 : (volatile uint32_t*)(uintptr_t)va;
}

static int control(void) {
    volatile uint32_t* rw = fresh_region(0);
    volatile uint32_t* ro = fresh_region(TR_REGION_PERM_R);
    if (!rw || !ro) return 2;
    rw[1] = 0x12345678u;
    ((volatile uint32_t*)rw_words)[1] = 0x9abcdef0u;
    pprintf("perms: rw region 0x%08x, data 0x%08x, ro region reads 0x%08x\n", rw[1],
            ((volatile uint32_t*)rw_words)[1], ro[0]);
    /* SHA-256 of "abc" into the read-only region: the unit's write is refused as a store. */
    static uint8_t msg[3] = {'a', 'b', 'c'};
    uint32_t blk[3] = {(uint32_t)(uintptr_t)msg, 3, (uint32_t)(uintptr_t)ro};
    int32_t ro_rc = tr_pka_sha256(blk);
    blk[2] = (uint32_t)(uintptr_t)rw;
    int32_t rw_rc = tr_pka_sha256(blk);
    pprintf("perms: sha256 into ro region %d, into rw region %d, digest starts 0x%08x, ro still "
            "0x%08x\n",
            ro_rc, rw_rc, rw[0], ro[0]);
    return ro_rc == TR_EFAULT && rw_rc == 0 && rw[0] == 0xbf1678bau && ro[0] == 0 ? 0 : 4;
}

int main(void) {
    const uint32_t arg = sys_info(INFO_ARG);
    volatile uint32_t* p;
    switch (arg) {
    case 0:
        return control();
    case 1:
        p = (volatile uint32_t*)&ro_words[1];
        pprintf("perms: rodata word 0x%08x at va 0x%08x\n", *p, (uint32_t)(uintptr_t)p);
        *p = 0xbad0bad0u;
        return wrong("store to rodata");
    case 2:
        if (!(p = fresh_region(TR_REGION_PERM_R))) return 2;
        pprintf("perms: read-only region reads 0x%08x\n", p[2]);
        p[2] = 0xbad0bad0u;
        return wrong("store to a read-only region");
    case 3:
        if (!(p = fresh_region(TR_REGION_PERM_W))) return 2;
        p[2] = 0x600d600du;
        pprintf("perms: write-only region written\n");
        pprintf("perms: load gave 0x%08x\n", p[2]);
        return wrong("load from a write-only region");
    case 4:
        p = (volatile uint32_t*)(uintptr_t)&wrong;
        pprintf("perms: code word 0x%08x at va 0x%08x\n", *p, (uint32_t)(uintptr_t)p);
        *p = 0x00000013u; /* nop */
        return wrong("store to code");
    }
    return 1;
}
