/* bench_compute: integer compute-bound work on a few KiB of data. Each iteration
 * runs a bitwise CRC-32 over 64 bytes, an 8x8 integer matrix multiply and an
 * insertion sort of 32 pseudo-random words, and folds all three into a checksum.
 * args[0]: iterations (default 28000, about 200 million instructions).
 * args[15]: statistics marker address (phase 0 = the timed loop). */
#include "bench.h"

#ifdef BENCH_SMOKE /* the *_smoke ELF: a tenth of the work, for quick QEMU checks */
TRVP_ARGS(2800);
#else
TRVP_ARGS(28000);
#endif

#define N 8
#define SORT_LEN 32

static uint8_t bytes[64];
static int32_t ma[N][N], mb[N][N], mc[N][N];
static uint32_t keys[SORT_LEN];

static uint32_t crc32(const uint8_t* p, unsigned n, uint32_t crc) {
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static uint32_t matmul(void) {
    uint32_t trace = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    for (int i = 0; i < N; i++) trace += (uint32_t)mc[i][i] ^ (uint32_t)mc[i][N - 1 - i];
    return trace;
}

static uint32_t sort_keys(uint32_t* seed) {
    uint32_t x = *seed;
    for (int i = 0; i < SORT_LEN; i++) {
        x = x * 1664525u + 1013904223u;
        keys[i] = x >> 8;
    }
    *seed = x;
    for (int i = 1; i < SORT_LEN; i++) {
        uint32_t v = keys[i];
        int j = i - 1;
        for (; j >= 0 && keys[j] > v; j--) keys[j + 1] = keys[j];
        keys[j + 1] = v;
    }
    return keys[0] ^ keys[SORT_LEN / 2] ^ keys[SORT_LEN - 1];
}

int main(void) {
    uint32_t iters = trvp_arg(0), seed = 1, sum = 0;
    for (int i = 0; i < 64; i++) bytes[i] = (uint8_t)(i * 37 + 11);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (i + 1) * (j - 3);
            mb[i][j] = (i ^ j) - 4;
        }
    printf("bench_compute: %u iterations of crc32(64 B) + matmul(8x8) + sort(32)\n", iters);

    trvp_marker(0, MARK_BEGIN);
    struct roi t0 = roi_now();
    for (uint32_t it = 0; it < iters; it++) {
        uint32_t crc = crc32(bytes, sizeof bytes, it);
        bytes[it & 63] ^= (uint8_t)crc;
        ma[it & 7][(it >> 3) & 7] += (int32_t)(crc & 15) - 7;
        sum = (sum << 5 | sum >> 27) ^ crc ^ matmul() ^ sort_keys(&seed);
    }
    struct roi t1 = roi_now();
    trvp_marker(0, MARK_END);

    printf("bench_compute: checksum 0x%08x\n", sum);
    roi_report("bench_compute", t0, t1);
    return 0;
}
