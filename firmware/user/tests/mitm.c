/* kernel_mitm: pid 1 (arg 0) sends two messages to pid 2 (arg 1), which prints them. Under
 * attacker mode 2 the kernel's demo hook rewrites the one starting with "MITM-DEMO:". */
#include "usys.h"

int main(uint32_t arg, uint32_t pid) {
    static const char* const msgs[] = {"MITM-DEMO: hello from pid 1", "plain: kept as sent"};
    if (arg == 0) {
        for (int i = 0; i < 2; i++)
            if (send_wait(pid + 1, msgs[i], strlen(msgs[i]))) return 1;
        return 0;
    }
    int changed = 0;
    for (int i = 0; i < 2; i++) {
        char buf[64];
        uint32_t src;
        int n = sys_recv(buf, sizeof buf - 1, &src);
        if (n < 0) return 2;
        buf[n] = 0;
        changed += strcmp(buf, msgs[i]) != 0;
        uprintf("receiver: from pid %u: \"%s\"\n", src, buf);
    }
    uprintf("receiver: %d of 2 messages differ from what was sent\n", changed);
    return sys_info(INFO_ATTACKER) == 2 ? changed != 1 : changed != 0;
}
