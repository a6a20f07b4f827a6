/* kernel_pingpong: two plain processes (arg 0 = ping, arg 1 = pong, pids 1 and 2) bounce
 * 100 messages; each computes between messages so the short time slice preempts them. */
#include "usys.h"

#define ROUNDS 100

static volatile uint32_t sink;
static void compute(uint32_t n) {
    for (uint32_t i = 0; i < n; i++) sink += i * i;
}

static int expect(const char* buf, int len, const char* word, int i) {
    char want[32];
    int n = snprintf(want, sizeof want, "%s %d", word, i);
    return len == n && !memcmp(buf, want, (size_t)n);
}

int main(uint32_t arg, uint32_t pid) {
    char buf[32];
    uint32_t src;
    if (arg == 0) {
        uint32_t peer = pid + 1;
        uprintf("ping: pid %u, peer %u, %d rounds\n", pid, peer, ROUNDS);
        for (int i = 0; i < ROUNDS; i++) {
            int n = snprintf(buf, sizeof buf, "ping %d", i);
            if (send_wait(peer, buf, (uint32_t)n)) return 1;
            compute(10000); /* while pong computes too: the timer switches between them */
            n = sys_recv(buf, sizeof buf, &src);
            if (src != peer || !expect(buf, n, "pong", i)) {
                uprintf("ping: round %d: bad reply (%d bytes from %u)\n", i, n, src);
                return 2;
            }
            if ((i + 1) % 25 == 0) uprintf("ping: %d round trips\n", i + 1);
        }
        struct sys_ret t = sys_debug(DBG_TIMER_IRQS, 0);
        uprintf("ping: [impl] %d timer interrupts, %u timer switches so far\n", t.a0, t.a1);
        uprintf("ping: switched by the timer: %s\n", t.a1 > 0 ? "yes" : "no");
        send_wait(peer, "bye", 3);
        return t.a1 > 0 ? 0 : 3;
    }
    uint32_t peer = pid - 1;
    for (int i = 0; i < ROUNDS; i++) {
        int n = sys_recv(buf, sizeof buf, &src);
        if (src != peer || !expect(buf, n, "ping", i)) {
            uprintf("pong: round %d: bad message (%d bytes from %u)\n", i, n, src);
            return 2;
        }
        compute(10000);
        if (i == ROUNDS - 1) uprintf("pong: answered %d messages\n", ROUNDS);
        n = snprintf(buf, sizeof buf, "pong %d", i);
        if (send_wait(peer, buf, (uint32_t)n)) return 1;
    }
    int n = sys_recv(buf, sizeof buf, &src);
    return n == 3 && !memcmp(buf, "bye", 3) ? 0 : 4;
}
