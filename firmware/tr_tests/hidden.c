/* u_tr_hidden (protected): creates a one-page hidden region, writes the 64-byte marker
 * (tag = boot arg bits 7:0, 1 if 0) at its start, pushes it out of the caches, reads it back
 * and reports. The host test looks for the marker in the raw DRAM dump (absent unless the
 * encryption unit's mode is none) at the reported physical address. Arg bit 8 (twin): the
 * same marker also at offset 64 (equal plaintext in two lines); bit 9 (rewrite): after the
 * first eviction, write the same marker again and evict again. Exit 0 = read back ok. */
#include "tr_util.h"

int main(void) {
    const uint32_t arg = sys_info(INFO_ARG);
    uint32_t tag = arg & 0xff;
    if (!tag) tag = 1;
    int32_t va = sys_alloc_pages(1);
    if (va < 0) return 1;
    int32_t rc = region((uint32_t)va, 1, 0, TR_REGION_HIDDEN);
    pprintf("hidden: region at va 0x%08x pa 0x%08x: %d\n", (uint32_t)va, pa_of((uint32_t)va), rc);
    if (rc) return 2;
    uint8_t want[64];
    marker(want, tag);
    volatile uint8_t* p = (volatile uint8_t*)(uintptr_t)va;
    for (int i = 0; i < 64; i++) p[i] = want[i];
    if (arg & 0x100)
        for (int i = 0; i < 64; i++) p[64 + i] = want[i];
    evict_caches(64);
    if (arg & 0x200) {
        for (int i = 0; i < 64; i++) p[i] = want[i];
        evict_caches(64);
    }
    uint32_t bad = 0;
    for (int i = 0; i < 64; i++) bad += p[i] != want[i];
    pprintf("hidden: marker %u read back after eviction: %s\n", tag, bad ? "WRONG" : "ok");
    return bad ? 3 : 0;
}
