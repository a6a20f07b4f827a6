/* u_tr_bench (protected): stream and pointer-chase kernels over a 1 MiB buffer, either a
 * hidden region (encrypted under the data key) or plaintext pages (key id 0), for host-speed
 * and simulated-cost comparisons (bench/tr_mips). Boot arg: bits 7:0 kernel (0 stream,
 * 1 chase), bit 8 protected buffer, bits 31:16 repetitions (default 8). */
#include "tr_util.h"

#define PAGES 256u
#define WORDS (PAGES * 1024u)
#define LINES (PAGES * 64u)

static uint32_t stream(volatile uint32_t* p, uint32_t reps) {
    uint32_t s = 0;
    for (uint32_t r = 0; r < reps; r++) {
        for (uint32_t i = 0; i < WORDS; i += 4) s += p[i] + p[i + 1] + p[i + 2] + p[i + 3];
        for (uint32_t i = 0; i < WORDS; i += 4) {
            p[i] = s + i;
            p[i + 1] = r;
            p[i + 2] = i;
            p[i + 3] = s;
        }
    }
    return s;
}

/* One pointer per line, a random cyclic permutation of the lines (xorshift). */
static uint32_t chase(volatile uint32_t* p, uint32_t reps) {
    static uint32_t order[LINES];
    uint32_t x = 2463534242u;
    for (uint32_t i = 0; i < LINES; i++) order[i] = i;
    for (uint32_t i = LINES - 1; i > 0; i--) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t j = x % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < LINES; i++) p[order[i] * 16] = order[(i + 1) % LINES] * 16;
    uint32_t at = order[0] * 16, n = 0;
    for (uint32_t r = 0; r < reps; r++)
        for (uint32_t i = 0; i < LINES; i++) {
            at = p[at];
            n += at;
        }
    return n;
}

int main(void) {
    const uint32_t arg = sys_info(INFO_ARG);
    const uint32_t reps = (arg >> 16) ? (arg >> 16) : 8;
    int32_t va = sys_alloc_pages(PAGES);
    if (va < 0) return 1;
    if ((arg & 0x100) && region((uint32_t)va, PAGES, 0, TR_REGION_HIDDEN)) return 2;
    volatile uint32_t* p = (volatile uint32_t*)(uintptr_t)va;
    uint32_t sum = (arg & 0xff) ? chase(p, reps) : stream(p, reps);
    pprintf("bench: %s over %s 1 MiB, %u reps, checksum %08x\n", (arg & 0xff) ? "chase" : "stream",
            (arg & 0x100) ? "a hidden" : "a plaintext", reps, sum);
    return 0;
}
