/* The few libc functions the compiler and programs need. Built with -fno-builtin
 * so clang does not turn these loops back into calls to themselves. */
#include "trvp.h"

void* memcpy(void* d, const void* s, size_t n) {
    uint8_t* dp = d;
    const uint8_t* sp = s;
    if ((((uintptr_t)dp | (uintptr_t)sp) & 3) == 0) {
        for (; n >= 4; n -= 4, dp += 4, sp += 4) *(uint32_t*)dp = *(const uint32_t*)sp;
    }
    while (n--) *dp++ = *sp++;
    return d;
}

void* memmove(void* d, const void* s, size_t n) {
    uint8_t* dp = d;
    const uint8_t* sp = s;
    if (dp <= sp || dp >= sp + n)
        return memcpy(d, s, n); /* memcpy copies upwards: safe when d is below s */
    while (n--) dp[n] = sp[n];
    return d;
}

void* memset(void* d, int c, size_t n) {
    uint8_t* dp = d;
    uint32_t w = (uint8_t)c * 0x01010101u;
    while (n && ((uintptr_t)dp & 3)) {
        *dp++ = (uint8_t)c;
        n--;
    }
    for (; n >= 4; n -= 4, dp += 4) *(uint32_t*)dp = w;
    while (n--) *dp++ = (uint8_t)c;
    return d;
}

int memcmp(const void* a, const void* b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char* s) {
    const char* p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

int strcmp(const char* a, const char* b) {
    while (*a && *a == *b) a++, b++;
    return (uint8_t)*a - (uint8_t)*b;
}
