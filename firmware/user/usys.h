/* TRVP user-process runtime: system-call wrappers and console helpers.
 * User programs are `int main(uint32_t arg, uint32_t pid)` linked with user.ld; main's
 * return value is the exit code. Include "tr.h" for the TR instructions. */
#ifndef TRVP_USYS_H
#define TRVP_USYS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "usys_abi.h"

struct sys_ret {
    int32_t a0;
    uint32_t a1;
};

static inline struct sys_ret syscall3(uint32_t n, uint32_t x0, uint32_t x1, uint32_t x2) {
    register uint32_t a0 __asm__("a0") = x0;
    register uint32_t a1 __asm__("a1") = x1;
    register uint32_t a2 __asm__("a2") = x2;
    register uint32_t a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a7) : "memory");
    struct sys_ret r = {(int32_t)a0, a1};
    return r;
}

static inline __attribute__((noreturn)) void sys_exit(int code) {
    syscall3(SYS_EXIT, (uint32_t)code, 0, 0);
    __builtin_unreachable();
}
static inline int sys_yield(void) {
    return syscall3(SYS_YIELD, 0, 0, 0).a0;
}
static inline int sys_write(const void* buf, uint32_t len) {
    return syscall3(SYS_WRITE, (uint32_t)(uintptr_t)buf, len, 0).a0;
}
/** send: 0, E_SRCH, E_FAULT, E_INVAL (len > MSG_MAX_BYTES) or E_AGAIN (mailbox full). */
static inline int sys_send(uint32_t dst, const void* buf, uint32_t len) {
    return syscall3(SYS_SEND, dst, (uint32_t)(uintptr_t)buf, len).a0;
}
/** recv: blocks; returns the bytes copied (a longer message is cut to maxlen), *src = sender. */
static inline int sys_recv(void* buf, uint32_t maxlen, uint32_t* src) {
    struct sys_ret r = syscall3(SYS_RECV, (uint32_t)(uintptr_t)buf, maxlen, 0);
    if (src) *src = r.a1;
    return r.a0;
}
/** alloc_pages: VA of n fresh zeroed R/W pages, or a negative E_*. */
static inline int32_t sys_alloc_pages(uint32_t n) {
    return syscall3(SYS_ALLOC_PAGES, n, 0, 0).a0;
}
/** shm_create: region id (>= 1) and *va (the owner's mapping), or a negative E_*. */
static inline int sys_shm_create(uint32_t npages, uint32_t* va) {
    struct sys_ret r = syscall3(SYS_SHM_CREATE, npages, 0, 0);
    if (va) *va = r.a1;
    return r.a0;
}
/** shm_map: the caller's VA of region id (not the owner's VA), or a negative E_*. */
static inline int32_t sys_shm_map(uint32_t id) {
    return syscall3(SYS_SHM_MAP, id, 0, 0).a0;
}
static inline int sys_getpid(void) {
    return syscall3(SYS_GETPID, 0, 0, 0).a0;
}
static inline uint32_t sys_info(uint32_t what) {
    return (uint32_t)syscall3(SYS_INFO, what, 0, 0).a0;
}
static inline struct sys_ret sys_debug(uint32_t op, uint32_t arg) {
    return syscall3(SYS_DEBUG, op, arg, 0);
}
/** mark: the caller (its pid) begins (MARK_BEGIN) or ends (MARK_END) statistics span `span`
 * (SPAN_*, or an index into the device's span list); 0, also without a statistics device. */
static inline int sys_mark(uint32_t span, uint32_t event) {
    return syscall3(SYS_MARK, span, event, 0).a0;
}

/* send, retrying with yield while the destination's mailbox is full. */
int send_wait(uint32_t dst, const void* buf, uint32_t len);

/* Console: formatted into a buffer (runtime vsnprintf), then one write (so a line from
 * one process is never split by another's). */
int uprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int uputs(const char* s);

/* From the firmware runtime (libc.c, console.c) */
void* memcpy(void* d, const void* s, size_t n);
void* memset(void* d, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int snprintf(char* buf, size_t n, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t n, const char* fmt, va_list ap);

#endif
