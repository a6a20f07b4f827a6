/* A plain process that reports what the kernel tells it. */
#include "usys.h"

int main(uint32_t arg, uint32_t pid) {
    struct sys_ret r = syscall3(SYS_GETPID, 0, 0, 0);
    uprintf("hello: pid %u (getpid %d of %u), arg %u, scenario %u, attacker %u\n", pid, r.a0, r.a1,
            arg, sys_info(INFO_SCENARIO), sys_info(INFO_ATTACKER));
    return 0;
}
