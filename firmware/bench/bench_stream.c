/* bench_stream: streaming memory traffic over one buffer, in three phases, each
 * repeated args[0] times: read (sum every word), write (store every word) and copy
 * (first half to second half). Prints a checksum of what was read and copied.
 * args[0]: repetitions of each phase (default 24, about 150 million instructions)
 * args[1]: buffer size in bytes (default 4 MiB; a multiple of 64)
 * args[15]: statistics marker address (phase 0 = all three, 1 = read, 2 = write, 3 = copy) */
#include "bench.h"

#ifdef BENCH_SMOKE /* the *_smoke ELF: a tenth of the work, for quick QEMU checks */
TRVP_ARGS(2, 4u << 20);
#else
TRVP_ARGS(24, 4u << 20);
#endif

static uint32_t read_phase(const volatile uint32_t* p, uint32_t words) {
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (uint32_t i = 0; i < words; i += 4) {
        s0 += p[i];
        s1 += p[i + 1];
        s2 += p[i + 2];
        s3 += p[i + 3];
    }
    return s0 ^ s1 ^ s2 ^ s3;
}

static void write_phase(volatile uint32_t* p, uint32_t words, uint32_t v) {
    for (uint32_t i = 0; i < words; i += 4) {
        p[i] = v;
        p[i + 1] = v + 1;
        p[i + 2] = v + 2;
        p[i + 3] = v + 3;
    }
}

static void copy_phase(volatile uint32_t* d, const volatile uint32_t* s, uint32_t words) {
    for (uint32_t i = 0; i < words; i += 4) {
        d[i] = s[i];
        d[i + 1] = s[i + 1];
        d[i + 2] = s[i + 2];
        d[i + 3] = s[i + 3];
    }
}

int main(void) {
    uint32_t reps = trvp_arg(0), bytes = trvp_arg(1) & ~63u, words = bytes / 4;
    volatile uint32_t* buf = heap_alloc(bytes, 64);
    uint32_t sum = 0;
    printf("bench_stream: %u x (read, write, copy) over %u KiB\n", reps, bytes >> 10);
    for (uint32_t i = 0; i < words; i++) buf[i] = i * 2654435761u;

    trvp_marker(0, MARK_BEGIN);
    struct roi t0 = roi_now();
    trvp_marker(1, MARK_BEGIN);
    for (uint32_t r = 0; r < reps; r++) sum = (sum << 1 | sum >> 31) ^ read_phase(buf, words);
    trvp_marker(1, MARK_END);
    trvp_marker(2, MARK_BEGIN);
    for (uint32_t r = 0; r < reps; r++) write_phase(buf, words, r * 0x01010101u);
    trvp_marker(2, MARK_END);
    trvp_marker(3, MARK_BEGIN);
    for (uint32_t r = 0; r < reps; r++) {
        buf[r & (words / 2 - 1)] += r; /* make each copy's source differ */
        copy_phase(buf + words / 2, buf, words / 2);
    }
    trvp_marker(3, MARK_END);
    struct roi t1 = roi_now();
    trvp_marker(0, MARK_END);

    sum ^= read_phase(buf + words / 2, words / 2);
    printf("bench_stream: checksum 0x%08x\n", sum);
    roi_report("bench_stream", t0, t1);
    return 0;
}
