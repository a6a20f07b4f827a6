/* 64-bit integer helpers that clang calls on RV32 (there is no riscv32
 * compiler-rt here). Written with 32-bit halves so they never call themselves. */
#include <stdint.h>

typedef union {
    uint64_t all;
    struct {
        uint32_t lo, hi; /* little-endian */
    } s;
} dw;

uint64_t __ashldi3(uint64_t a, int b) {
    dw x = {.all = a}, r;
    if (b == 0) return a;
    if (b >= 32) {
        r.s.lo = 0;
        r.s.hi = x.s.lo << (b - 32);
    } else {
        r.s.lo = x.s.lo << b;
        r.s.hi = (x.s.hi << b) | (x.s.lo >> (32 - b));
    }
    return r.all;
}

uint64_t __lshrdi3(uint64_t a, int b) {
    dw x = {.all = a}, r;
    if (b == 0) return a;
    if (b >= 32) {
        r.s.hi = 0;
        r.s.lo = x.s.hi >> (b - 32);
    } else {
        r.s.hi = x.s.hi >> b;
        r.s.lo = (x.s.lo >> b) | (x.s.hi << (32 - b));
    }
    return r.all;
}

int64_t __ashrdi3(int64_t a, int b) {
    dw x = {.all = (uint64_t)a}, r;
    if (b == 0) return a;
    if (b >= 32) {
        r.s.hi = (uint32_t)((int32_t)x.s.hi >> 31);
        r.s.lo = (uint32_t)((int32_t)x.s.hi >> (b - 32));
    } else {
        r.s.hi = (uint32_t)((int32_t)x.s.hi >> b);
        r.s.lo = (x.s.lo >> b) | (x.s.hi << (32 - b));
    }
    return (int64_t)r.all;
}

uint64_t __muldi3(uint64_t a, uint64_t b) {
    dw x = {.all = a}, y = {.all = b}, r;
    uint32_t hi;
    __asm__("mulhu %0, %1, %2" : "=r"(hi) : "r"(x.s.lo), "r"(y.s.lo));
    r.s.lo = x.s.lo * y.s.lo;
    r.s.hi = hi + x.s.lo * y.s.hi + x.s.hi * y.s.lo;
    return r.all;
}

/* Shift-subtract long division on 32-bit halves; *rem gets the remainder. */
static uint64_t udivmod(uint64_t n, uint64_t d, uint64_t* rem) {
    dw num = {.all = n}, den = {.all = d}, q = {.all = 0}, r = {.all = 0};
    if (den.s.hi == 0 && num.s.hi == 0) {
        if (den.s.lo == 0) { /* RISC-V convention: all ones, remainder = dividend */
            *rem = n;
            return ~0ull;
        }
        q.s.lo = num.s.lo / den.s.lo;
        r.s.lo = num.s.lo % den.s.lo;
        *rem = r.all;
        return q.all;
    }
    for (int i = 63; i >= 0; i--) {
        /* r = (r << 1) | bit i of n */
        r.s.hi = (r.s.hi << 1) | (r.s.lo >> 31);
        uint32_t bit = i >= 32 ? (num.s.hi >> (i - 32)) & 1 : (num.s.lo >> i) & 1;
        r.s.lo = (r.s.lo << 1) | bit;
        if (r.s.hi > den.s.hi || (r.s.hi == den.s.hi && r.s.lo >= den.s.lo)) {
            uint32_t borrow = r.s.lo < den.s.lo;
            r.s.lo -= den.s.lo;
            r.s.hi -= den.s.hi + borrow;
            if (i >= 32)
                q.s.hi |= 1u << (i - 32);
            else
                q.s.lo |= 1u << i;
        }
    }
    *rem = r.all;
    return q.all;
}

uint64_t __udivdi3(uint64_t a, uint64_t b) {
    uint64_t r;
    return udivmod(a, b, &r);
}

uint64_t __umoddi3(uint64_t a, uint64_t b) {
    uint64_t r;
    udivmod(a, b, &r);
    return r;
}

static uint64_t neg64(uint64_t v) {
    return ~v + 1;
}

int64_t __divdi3(int64_t a, int64_t b) {
    uint64_t r, ua = a < 0 ? neg64((uint64_t)a) : (uint64_t)a;
    uint64_t ub = b < 0 ? neg64((uint64_t)b) : (uint64_t)b;
    uint64_t q = udivmod(ua, ub, &r);
    return (int64_t)((a < 0) != (b < 0) ? neg64(q) : q);
}

int64_t __moddi3(int64_t a, int64_t b) {
    uint64_t r, ua = a < 0 ? neg64((uint64_t)a) : (uint64_t)a;
    uint64_t ub = b < 0 ? neg64((uint64_t)b) : (uint64_t)b;
    udivmod(ua, ub, &r);
    return (int64_t)(a < 0 ? neg64(r) : r);
}
