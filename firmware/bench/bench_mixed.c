/* bench_mixed: compute and memory together: C = A x B over n x n 32-bit integers, tiled
 * (t x t tiles), so each inner product does a multiply-add per loaded word while the three
 * matrices (3 n^2 words) outgrow the L1D for n >= 64. Prints a checksum of C.
 * args[0]: n (default 96: 108 KiB of matrices, about 20 million instructions)
 * args[1]: tile size t (default 16; n must be a multiple of t)
 * args[15]: statistics marker address (phase 0 = the multiply) */
#include "bench.h"

#ifdef BENCH_SMOKE
TRVP_ARGS(48, 16);
#else
TRVP_ARGS(96, 16);
#endif

int main(void) {
    const uint32_t n = trvp_arg(0), t = trvp_arg(1);
    if (t == 0 || n % t != 0) {
        printf("bench_mixed: n (%u) must be a multiple of the tile size (%u)\n", n, t);
        return 1;
    }
    uint32_t* a = heap_alloc(n * n * 4, 64);
    uint32_t* b = heap_alloc(n * n * 4, 64);
    uint32_t* c = heap_alloc(n * n * 4, 64);
    printf("bench_mixed: %u x %u matrix multiply in %u x %u tiles\n", n, n, t, t);
    for (uint32_t i = 0; i < n * n; i++) {
        a[i] = i * 2654435761u;
        b[i] = i ^ 0x5bd1e995u;
        c[i] = 0;
    }

    trvp_marker(0, MARK_BEGIN);
    struct roi t0 = roi_now();
    for (uint32_t ii = 0; ii < n; ii += t)
        for (uint32_t kk = 0; kk < n; kk += t)
            for (uint32_t jj = 0; jj < n; jj += t)
                for (uint32_t i = ii; i < ii + t; i++)
                    for (uint32_t k = kk; k < kk + t; k++) {
                        const uint32_t aik = a[i * n + k];
                        uint32_t* ci = c + i * n;
                        const uint32_t* bk = b + k * n;
                        for (uint32_t j = jj; j < jj + t; j++) ci[j] += aik * bk[j];
                    }
    struct roi t1 = roi_now();
    trvp_marker(0, MARK_END);

    uint32_t sum = 0;
    for (uint32_t i = 0; i < n * n; i++) sum = (sum << 5 | sum >> 27) ^ c[i];
    printf("bench_mixed: checksum 0x%08x\n", sum);
    roi_report("bench_mixed", t0, t1);
    return 0;
}
