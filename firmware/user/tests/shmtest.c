/* kernel_shm: pid 1 (arg 0) creates a 2-page region and fills page 0 with a pattern; pid 2
 * (arg 1) maps it at its own, different VA, checks that both VAs reach the same frames,
 * reads the pattern and writes another into page 1; the owner checks it. */
#include "usys.h"

#define WORDS 1024u
struct hello {
    uint32_t id, va, pa;
};

static uint32_t pa_of(uint32_t va) {
    return (uint32_t)sys_debug(DBG_TRANSLATE, va).a0;
}

static int owner(uint32_t client) {
    uint32_t va;
    int id = sys_shm_create(2, &va);
    if (id < 0) return 1;
    uprintf("owner: region %d at va 0x%08x\n", id, va);
    volatile uint32_t* w = (volatile uint32_t*)(uintptr_t)va;
    for (uint32_t i = 0; i < WORDS; i++) w[i] = 0xa5000000u + i;
    struct hello h = {(uint32_t)id, va, pa_of(va)};
    if (send_wait(client, &h, sizeof h)) return 2;
    char buf[8];
    uint32_t src;
    int n = sys_recv(buf, sizeof buf, &src);
    if (n != 4 || memcmp(buf, "done", 4)) return 3;
    uint32_t bad = 0;
    for (uint32_t i = 0; i < WORDS; i++) bad += w[WORDS + i] != 0x5a000000u + i;
    uprintf("owner: client's pattern in page 1: %s\n", bad ? "WRONG" : "ok");
    return bad ? 4 : 0;
}

static int client(uint32_t owner_pid) {
    struct hello h;
    uint32_t src;
    if (sys_recv(&h, sizeof h, &src) != sizeof h || src != owner_pid) return 11;
    int32_t va = sys_shm_map(h.id);
    if (va < 0) return 12;
    uprintf("client: region %u mapped at va 0x%08x (owner's va 0x%08x)\n", h.id, (uint32_t)va,
            h.va);
    uprintf("client: different VA: %s, same frame: %s\n", (uint32_t)va != h.va ? "yes" : "no",
            pa_of((uint32_t)va) == h.pa ? "yes" : "no");
    volatile uint32_t* w = (volatile uint32_t*)(uintptr_t)va;
    uint32_t bad = 0;
    for (uint32_t i = 0; i < WORDS; i++) bad += w[i] != 0xa5000000u + i;
    uprintf("client: owner's pattern in page 0: %s\n", bad ? "WRONG" : "ok");
    for (uint32_t i = 0; i < WORDS; i++) w[WORDS + i] = 0x5a000000u + i;
    if (send_wait(owner_pid, "done", 4)) return 13;
    return bad || (uint32_t)va == h.va || pa_of((uint32_t)va) != h.pa ? 14 : 0;
}

int main(uint32_t arg, uint32_t pid) {
    return arg == 0 ? owner(pid + 1) : client(pid - 1);
}
