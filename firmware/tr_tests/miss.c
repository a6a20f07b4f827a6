/* u_tr_miss (protected): a known miss pattern for the timing tests. Creates a hidden region
 * of `pages` pages (boot arg bits 15:0, 32 if 0), then reads one word per 64-byte line over
 * the whole region `passes` times (bits 31:16, 4 if 0). With an L2 smaller than the region
 * every read misses in every level, so each extra pass adds pages * 64 line reads through the
 * encryption unit and nothing else. */
#include "tr_util.h"

int main(void) {
    const uint32_t arg = sys_info(INFO_ARG);
    uint32_t pages = arg & 0xffff, passes = arg >> 16;
    if (!pages) pages = 32;
    if (!passes) passes = 4;
    int32_t va = sys_alloc_pages(pages);
    if (va < 0) return 1;
    int32_t rc = region((uint32_t)va, pages, 0, TR_REGION_HIDDEN);
    if (rc) return 2;
    volatile uint32_t* w = (volatile uint32_t*)(uintptr_t)va;
    uint32_t sum = 0;
    for (uint32_t pass = 0; pass < passes; pass++)
        for (uint32_t i = 0; i < pages * 1024u; i += 16) sum += w[i];
    pprintf("miss: %u pages, %u passes, sum %u\n", pages, passes, sum);
    return sum ? 3 : 0;
}
