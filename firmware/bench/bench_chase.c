/* bench_chase: dependent loads over a random cyclic permutation (Sattolo's
 * algorithm driven by a fixed-seed LCG), so every step waits for the previous
 * load. Each element is `stride` bytes: {next pointer, value}.
 * args[0]: chase steps (default 25000000, about 100 million instructions in all)
 * args[1]: working set in bytes (default 16 MiB)
 * args[2]: element stride in bytes (default 64, one element per cache line; >= 8)
 * args[15]: statistics marker address (phase 0 = the chase, without the set-up) */
#include "bench.h"

#ifdef BENCH_SMOKE /* the *_smoke ELF: a tenth of the work, for quick QEMU checks */
TRVP_ARGS(2500000, 16u << 20, 64);
#else
TRVP_ARGS(25000000, 16u << 20, 64);
#endif

struct elem {
    struct elem* next;
    uint32_t value;
};

int main(void) {
    uint32_t steps = trvp_arg(0), bytes = trvp_arg(1), stride = trvp_arg(2);
    if (stride < 8 || (stride & 3)) stride = 64;
    uint32_t n = bytes / stride;
    if (n < 2) {
        puts("bench_chase: working set too small");
        return 2;
    }
    uint8_t* base = heap_alloc(bytes, 64);
#define AT(i) ((struct elem*)(base + (size_t)(i)*stride))
    printf("bench_chase: %u steps over %u KiB, %u elements of %u B\n", steps, bytes >> 10, n,
           stride);

    /* Sattolo: a single cycle through all n elements. value holds the index first. */
    for (uint32_t i = 0; i < n; i++) AT(i)->value = i;
    uint32_t x = 2463534242u;
    for (uint32_t i = n - 1; i > 0; i--) {
        x = x * 1664525u + 1013904223u;
        uint32_t j = (x >> 4) % i;
        uint32_t t = AT(i)->value;
        AT(i)->value = AT(j)->value;
        AT(j)->value = t;
    }
    for (uint32_t i = 0; i < n; i++) AT(i)->next = AT(AT(i)->value);

    trvp_marker(0, MARK_BEGIN);
    struct roi t0 = roi_now();
    const struct elem* p = AT(0);
    uint32_t sum = 0, i = 0;
    for (; i + 4 <= steps; i += 4) {
        p = p->next;
        sum += p->value;
        p = p->next;
        sum ^= p->value;
        p = p->next;
        sum += p->value;
        p = p->next;
        sum ^= p->value;
    }
    for (; i < steps; i++) {
        p = p->next;
        sum += p->value;
    }
    struct roi t1 = roi_now();
    trvp_marker(0, MARK_END);

    printf("bench_chase: checksum 0x%08x, ended at element %u\n", sum,
           (uint32_t)(((const uint8_t*)p - base) / stride));
    roi_report("bench_chase", t0, t1);
    return 0;
}
