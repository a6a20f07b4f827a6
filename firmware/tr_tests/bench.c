/* u_tr_bench (protected): memory kernels over a buffer that is either a hidden region
 * (encrypted under the data key) or plaintext pages (key id 0), for host-speed and
 * simulated-cost comparisons (bench/tr_mips, configs/sweeps/crypto_latency.yaml and
 * tr_workloads.yaml, docs/workloads.md). The measured part runs inside statistics span 4
 * ("bench" in configs/tr.yaml), so `stats.span.bench.busy_cycles` is its cost alone.
 *
 * Boot arg:
 *   bits 7:0   kernel: 0 stream (read pass + write pass), 1 pointer chase, 2 read, 3 write,
 *              4 copy (first half of the buffer to the second)
 *   bit 8      protected buffer (a hidden region) instead of plaintext pages
 *   bit 9      warm: one untimed pass of the kernel before the span (caches and counters
 *              in their steady state, zero-fill write-backs done)
 *   bits 15:12 working set n: 2^(n-1) pages (1 = 4 KiB ... 9 = 1 MiB); 0 = 1 MiB
 *   bits 31:16 passes (default 8)
 * Accesses are word loads/stores; the chase does one load per 64-byte line. */
#include "tr_util.h"

#define MAX_PAGES 256u
#define MAX_LINES (MAX_PAGES * 64u)
#define SPAN_BENCH 4u

enum { K_STREAM, K_CHASE, K_READ, K_WRITE, K_COPY, K_COUNT };
static const char* const kernel_name[K_COUNT] = {"stream", "chase", "read", "write", "copy"};

static uint32_t stream(volatile uint32_t* p, uint32_t words, uint32_t reps) {
    uint32_t s = 0;
    for (uint32_t r = 0; r < reps; r++) {
        for (uint32_t i = 0; i < words; i += 4) s += p[i] + p[i + 1] + p[i + 2] + p[i + 3];
        for (uint32_t i = 0; i < words; i += 4) {
            p[i] = s + i;
            p[i + 1] = r;
            p[i + 2] = i;
            p[i + 3] = s;
        }
    }
    return s;
}

static uint32_t read_words(volatile uint32_t* p, uint32_t words, uint32_t reps) {
    uint32_t s = 0;
    for (uint32_t r = 0; r < reps; r++)
        for (uint32_t i = 0; i < words; i += 4) s += p[i] + p[i + 1] + p[i + 2] + p[i + 3];
    return s;
}

static uint32_t write_words(volatile uint32_t* p, uint32_t words, uint32_t reps) {
    for (uint32_t r = 0; r < reps; r++)
        for (uint32_t i = 0; i < words; i += 4) {
            p[i] = i;
            p[i + 1] = r;
            p[i + 2] = i ^ r;
            p[i + 3] = words;
        }
    return words * reps;
}

static uint32_t copy_words(volatile uint32_t* p, uint32_t words, uint32_t reps) {
    volatile uint32_t* dst = p + words / 2;
    for (uint32_t r = 0; r < reps; r++)
        for (uint32_t i = 0; i < words / 2; i += 4) {
            dst[i] = p[i];
            dst[i + 1] = p[i + 1];
            dst[i + 2] = p[i + 2];
            dst[i + 3] = p[i + 3];
        }
    return dst[words / 2 - 1];
}

/* One pointer per line, a random cyclic permutation of the lines (xorshift). */
static void chase_setup(volatile uint32_t* p, uint32_t lines) {
    static uint32_t order[MAX_LINES];
    uint32_t x = 2463534242u;
    for (uint32_t i = 0; i < lines; i++) order[i] = i;
    for (uint32_t i = lines - 1; i > 0; i--) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t j = x % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < lines; i++) p[order[i] * 16] = order[(i + 1) % lines] * 16;
}

static uint32_t chase(volatile uint32_t* p, uint32_t lines, uint32_t reps) {
    uint32_t at = 0, n = 0;
    for (uint32_t r = 0; r < reps; r++)
        for (uint32_t i = 0; i < lines; i++) {
            at = p[at];
            n += at;
        }
    return n;
}

static uint32_t run(uint32_t kernel, volatile uint32_t* p, uint32_t pages, uint32_t reps) {
    const uint32_t words = pages * 1024u;
    switch (kernel) {
    case K_STREAM: return stream(p, words, reps);
    case K_CHASE: return chase(p, pages * 64u, reps);
    case K_READ: return read_words(p, words, reps);
    case K_WRITE: return write_words(p, words, reps);
    default: return copy_words(p, words, reps);
    }
}

int main(void) {
    const uint32_t arg = sys_info(INFO_ARG);
    const uint32_t kernel = arg & 0xff, n = (arg >> 12) & 0xf;
    const uint32_t reps = (arg >> 16) ? (arg >> 16) : 8;
    const int hidden = (arg & 0x100) != 0, warm = (arg & 0x200) != 0;
    if (kernel >= K_COUNT || n > 9) {
        pprintf("bench: bad boot arg %08x\n", arg);
        return 3;
    }
    const uint32_t pages = n ? 1u << (n - 1) : MAX_PAGES;
    int32_t va = sys_alloc_pages(pages);
    if (va < 0) return 1;
    if (hidden && region((uint32_t)va, pages, 0, TR_REGION_HIDDEN)) return 2;
    volatile uint32_t* p = (volatile uint32_t*)(uintptr_t)va;
    if (kernel == K_CHASE) chase_setup(p, pages * 64u);
    if (warm) run(kernel, p, pages, 1);
    sys_mark(SPAN_BENCH, MARK_BEGIN);
    const uint32_t sum = run(kernel, p, pages, reps);
    sys_mark(SPAN_BENCH, MARK_END);
    pprintf("bench: %s over %s %u KiB, %u reps%s, checksum %08x\n", kernel_name[kernel],
            hidden ? "a hidden" : "a plaintext", pages * 4u, reps, warm ? " (warm)" : "", sum);
    return 0;
}
