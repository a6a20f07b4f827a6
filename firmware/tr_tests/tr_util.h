/* Helpers for protected test programs (firmware/tr_tests). A protected process's stack,
 * data and bss are hidden (encrypted under its data key), and the kernel reads system-call
 * buffers on the plaintext path, so console lines and messages go through a plaintext page
 * from alloc_pages (outside every EAR entry: key id 0). */
#ifndef TRVP_TR_UTIL_H
#define TRVP_TR_UTIL_H

#include "tr.h"
#include "usys.h"

/* One plaintext page for system-call buffers (allocated on first use). */
static char* plain_page(void) {
    static char* page;
    if (!page) page = (char*)(uintptr_t)sys_alloc_pages(1);
    return page;
}

/* printf to the console through the plaintext page. */
static __attribute__((unused)) int pprintf(const char* fmt, ...)
    __attribute__((format(printf, 1, 2)));
static int pprintf(const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
    char* out = plain_page();
    memcpy(out, buf, (size_t)n);
    return sys_write(out, (uint32_t)n);
}

/* send / recv through the plaintext page (second half; bodies of at most 512 bytes). */
static __attribute__((unused)) int psend(uint32_t dst, const void* body, uint32_t len) {
    char* out = plain_page() + 2048;
    memcpy(out, body, len);
    return send_wait(dst, out, len);
}
static __attribute__((unused)) int precv(void* body, uint32_t maxlen, uint32_t* src) {
    char* in = plain_page() + 2048 + 1024;
    int n = sys_recv(in, maxlen, src);
    if (n > 0) memcpy(body, in, (size_t)n);
    return n;
}

/* The 64-byte marker `tag` (the host tests compute the same bytes): byte i =
 * (tag * 0x1f + i * 0x3b + 0x5a) mod 256 xor (i >> 2). */
static __attribute__((unused)) void marker(uint8_t out[64], uint32_t tag) {
    for (uint32_t i = 0; i < 64; i++)
        out[i] = (uint8_t)(((tag * 0x1f + i * 0x3b + 0x5a) & 0xff) ^ (i >> 2));
}

/* Creates a region over [va, va + pages) (mapped by the kernel); handle 0 = hidden. */
static __attribute__((unused)) int32_t region(uint32_t va, uint32_t pages, uint32_t handle,
                                              uint32_t flags) {
    struct tr_region_desc d = {va, pages * 4096u, handle, flags};
    return tr_region(&d);
}

/* Pushes `va`'s line out of the caches: reads (and writes) `pages` plaintext pages. */
static __attribute__((unused)) void evict_caches(uint32_t pages) {
    static volatile uint32_t* buf;
    if (!buf) buf = (volatile uint32_t*)(uintptr_t)sys_alloc_pages(pages);
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < pages * 1024u; i += 16) buf[i] += 1;
}

static __attribute__((unused)) uint32_t pa_of(uint32_t va) {
    return (uint32_t)sys_debug(DBG_TRANSLATE, va).a0;
}

#endif
