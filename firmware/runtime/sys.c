/* Exit, CLINT timer, statistics markers, boot-argument defaults and the heap. */
#include "trvp.h"

/* Default boot arguments for a program without TRVP_ARGS (all zero). */
__attribute__((weak, section(".data.trvp_args"), aligned(4))) uint32_t trvp_args[16] = {0};

void trvp_marker(uint32_t phase, uint32_t event) {
    uint32_t addr = trvp_arg(TRVP_ARG_MARKER);
    if (addr) MMIO32(addr) = (phase << 8) | event;
}

void tohost_exit(int code) {
    /* Low word first, then the high word: the host acts on the high-word write. */
    volatile uint32_t* t = (volatile uint32_t*)&tohost;
    for (;;) {
        t[0] = ((uint32_t)code << 1) | 1;
        t[1] = 0;
    }
}

void exit(int code) {
    MMIO32(FINISHER_BASE) = code == 0 ? 0x5555u : ((uint32_t)code << 16) | 0x3333u;
    tohost_exit(code); /* only reached on a platform without the finisher */
}

uint64_t mtime_read(void) {
    uint32_t hi, lo;
    do {
        hi = MMIO32(CLINT_MTIME + 4);
        lo = MMIO32(CLINT_MTIME);
    } while (hi != MMIO32(CLINT_MTIME + 4));
    return ((uint64_t)hi << 32) | lo;
}

void mtimecmp_write(uint64_t when) {
    /* Raise the low half first so no intermediate value is in the past. */
    MMIO32(CLINT_MTIMECMP) = 0xffffffffu;
    MMIO32(CLINT_MTIMECMP + 4) = (uint32_t)(when >> 32);
    MMIO32(CLINT_MTIMECMP) = (uint32_t)when;
}

void msip_write(uint32_t v) {
    MMIO32(CLINT_MSIP) = v;
}

uint64_t rdcycle64(void) {
    uint32_t hi, lo;
    do {
        hi = csr_read(mcycleh);
        lo = csr_read(mcycle);
    } while (hi != csr_read(mcycleh));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t rdinstret64(void) {
    uint32_t hi, lo;
    do {
        hi = csr_read(minstreth);
        lo = csr_read(minstret);
    } while (hi != csr_read(minstreth));
    return ((uint64_t)hi << 32) | lo;
}

extern char __heap_start[], __heap_end[];
static uintptr_t heap_next;

void* heap_alloc(size_t bytes, size_t align) {
    if (!heap_next) heap_next = (uintptr_t)__heap_start;
    uintptr_t p = (heap_next + align - 1) & ~(uintptr_t)(align - 1);
    if (p < heap_next || p > (uintptr_t)__heap_end || (uintptr_t)__heap_end - p < bytes) {
        printf("heap_alloc: %u bytes do not fit (free %u)\n", (unsigned)bytes,
               (unsigned)((uintptr_t)__heap_end - heap_next));
        exit(2);
    }
    heap_next = p + bytes;
    return (void*)p;
}
