/* u_tr_victim (protected): the victim of the memory attacks (docs/attacks.md). It keeps its
 * state in hidden memory (data and bss), pushes it out to DRAM, stops at an attack point
 * (DBG_ATTACK_POINT: the kernel's attacker modes 7-11 act there) and then really consumes
 * the line the attacker went for. Boot arg:
 *   1 pointer:  follows a stored pointer to a message and prints the message; the pointer
 *               is attacked (flip: delta = the message's address ^ the secret's address)
 *   2 counter:  a tries-left counter (3) is spent (0); the attacker keeps the line of 3
 *               between the two attack points and puts it back (rollback, replay)
 *   3 record:   record 0 (role "user") is checked for "admin"; the attacker copies record 1
 *               (role "admin") over it (splice)
 *   4 dma:      sets the tries-left counter to 3, pushes it out, yields for a while (a
 *               DMA-like initiator writes meanwhile) and prints it
 * Output lines start with "victim:"; the host tests compare them. Exit 0 = ran to its end. */
#include "tr_util.h"

struct box {
    char* msg;
    uint32_t tries;
    uint32_t pad[14];
} __attribute__((aligned(64)));

struct record {
    char role[16];
    uint32_t pad[12];
} __attribute__((aligned(64)));

static struct box box;
static char greeting[64] __attribute__((aligned(64))) = "hello from the victim";
static char secret[64] __attribute__((aligned(64))) = "SECRET-7f3a9c: the victim's hidden key";
static struct record recs[2] = {{"user", {0}}, {"admin", {0}}};
/* Hidden, larger than the L2 and than what the metadata caches cover: reading it twice
 * pushes the victim's lines (and their counters) out to DRAM. */
static uint8_t sweep[128 * 1024] __attribute__((aligned(64)));

static void push_out(void) {
    volatile uint8_t* s = sweep;
    uint32_t sum = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < sizeof sweep; i += 64) sum += s[i];
    (void)sum;
}

static void point(uint32_t phase, const void* va, const void* va2, uint32_t delta) {
    struct attack_point* ap = (struct attack_point*)(plain_page() + 1024);
    ap->phase = phase;
    ap->va = (uint32_t)(uintptr_t)va;
    ap->va2 = (uint32_t)(uintptr_t)va2;
    ap->delta = delta;
    sys_debug(DBG_ATTACK_POINT, (uint32_t)(uintptr_t)ap);
}

/* At most n bytes of s, non-printable ones as '.'. */
static void printable(char* out, const char* s, int n) {
    int i = 0;
    for (; i < n && s[i]; i++) out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '.';
    out[i] = 0;
}

static int pointer(void) {
    box.msg = greeting;
    pprintf("victim: pointer at va 0x%08x -> 0x%08x\n", (uint32_t)(uintptr_t)&box.msg,
            (uint32_t)(uintptr_t)box.msg);
    push_out();
    point(1, &box.msg, 0, (uint32_t)(uintptr_t)greeting ^ (uint32_t)(uintptr_t)secret);
    char* m = box.msg;
    pprintf("victim: pointer now 0x%08x\n", (uint32_t)(uintptr_t)m);
    char text[48];
    printable(text, m, 47);
    pprintf("victim: message: %s\n", text);
    return 0;
}

static int counter(void) {
    box.tries = 3;
    push_out();
    point(1, &box.tries, 0, 0);
    box.tries = 0; /* spent */
    push_out();
    point(2, &box.tries, 0, 0);
    pprintf("victim: tries left: %u\n", box.tries);
    return 0;
}

static int record(void) {
    push_out();
    point(1, &recs[0], &recs[1], 0);
    char role[17];
    printable(role, recs[0].role, 16);
    const int admin = !strcmp(recs[0].role, "admin");
    pprintf("victim: record 0 role: %s%s\n", role, admin ? " (access granted)" : "");
    return 0;
}

static int dma(void) {
    box.tries = 3;
    pprintf("victim: tries at va 0x%08x pa 0x%08x\n", (uint32_t)(uintptr_t)&box.tries,
            pa_of((uint32_t)(uintptr_t)&box.tries));
    push_out();
    for (int i = 0; i < 4000; i++) sys_yield();
    pprintf("victim: tries left: %u\n", box.tries);
    return 0;
}

int main(void) {
    switch (sys_info(INFO_ARG)) {
    case 1:
        return pointer();
    case 2:
        return counter();
    case 3:
        return record();
    case 4:
        return dma();
    default:
        pprintf("victim: unknown arg\n");
        return 1;
    }
}
