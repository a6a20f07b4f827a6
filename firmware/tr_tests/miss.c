/* u_tr_miss (protected): a known miss pattern for the timing tests. Creates a hidden region
 * of `pages` pages (boot arg, 32 if 0), then reads one word per 64-byte line over the whole
 * region `passes` times (4). With an L2 smaller than the region every read misses in every
 * level, so the encryption unit sees pages * 64 * passes line reads after the fill. */
#include "tr_util.h"

int main(void) {
    uint32_t pages = sys_info(INFO_ARG);
    if (!pages) pages = 32;
    int32_t va = sys_alloc_pages(pages);
    if (va < 0) return 1;
    int32_t rc = region((uint32_t)va, pages, 0, TR_REGION_HIDDEN);
    if (rc) return 2;
    volatile uint32_t* w = (volatile uint32_t*)(uintptr_t)va;
    uint32_t sum = 0;
    for (int pass = 0; pass < 4; pass++)
        for (uint32_t i = 0; i < pages * 1024u; i += 16) sum += w[i];
    pprintf("miss: %u pages, 4 passes, sum %u\n", pages, sum);
    return sum ? 3 : 0;
}
