/* kernel_badptr: system calls with bad user pointers and bad arguments return errors;
 * the kernel neither crashes nor kills the caller. */
#include "usys.h"

static unsigned fails, checks;
static void check(const char* what, int got, int want) {
    checks++;
    if (got != want) fails++;
    uprintf("%-44s -> %d %s\n", what, got, got == want ? "ok" : "FAIL");
}

static const char text_msg[] = "rodata";

int main(uint32_t arg, uint32_t pid) {
    (void)arg;
    char buf[16] = "hello";
    check("write(NULL, 4)", sys_write(0, 4), E_FAULT);
    check("write(0x80000000 kernel, 16)", sys_write((void*)0x80000000u, 16), E_FAULT);
    check("write(0x40000000 unmapped, 16)", sys_write((void*)0x40000000u, 16), E_FAULT);
    check("write(stack top - 4, 8) crosses the end", sys_write((void*)(0x7fff0000u - 4), 8),
          E_FAULT);
    check("write(0xfffffff0, 0x20) wraps", sys_write((void*)0xfffffff0u, 0x20), E_FAULT);
    check("write(buf, 5000) too long", sys_write(buf, 5000), E_INVAL);
    check("write(NULL, 0)", sys_write(0, 0), 0);
    uint32_t src;
    check("recv into read-only rodata", sys_recv((void*)text_msg, 4, &src), E_FAULT);
    check("recv into code", sys_recv((void*)(uintptr_t)main, 4, &src), E_FAULT);
    check("send to pid 9", sys_send(9, buf, 5), E_SRCH);
    check("send(self, NULL, 4)", sys_send(pid, 0, 4), E_FAULT);
    check("send(self, buf, 600) too long", sys_send(pid, buf, 600), E_INVAL);
    check("send(self, 0x80001000 kernel, 4)", sys_send(pid, (void*)0x80001000u, 4), E_FAULT);
    check("send(self, buf, 5)", sys_send(pid, buf, 5), 0);
    char got[16] = {0};
    check("recv the message to self", sys_recv(got, sizeof got, &src), 5);
    check("  from self", (int)src, (int)pid);
    check("  body", memcmp(got, "hello", 5), 0);
    check("shm_create(0)", sys_shm_create(0, 0), E_INVAL);
    check("shm_create(100)", sys_shm_create(100, 0), E_INVAL);
    check("shm_map(99)", sys_shm_map(99), E_INVAL);
    check("alloc_pages(0)", sys_alloc_pages(0), E_INVAL);
    check("translate 0x80000000", sys_debug(DBG_TRANSLATE, 0x80000000u).a0, E_FAULT);
    check("system call 77", syscall3(77, 0, 0, 0).a0, E_NOSYS);
    check("info(42)", (int)sys_info(42), E_INVAL);
    uprintf("badptr: %u of %u checks failed\n", fails, checks);
    return fails ? 1 : 0;
}
