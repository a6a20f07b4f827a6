/* User-process runtime helpers. */
#include "usys.h"

int send_wait(uint32_t dst, const void* buf, uint32_t len) {
    int rc;
    while ((rc = sys_send(dst, buf, len)) == E_AGAIN) sys_yield();
    return rc;
}

int uprintf(const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
    return sys_write(buf, (uint32_t)n);
}

int uputs(const char* s) {
    return uprintf("%s\n", s);
}
