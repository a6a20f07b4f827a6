/* u_tr_share (protected), pre-shared key (claims 1, 2): every copy carries the same 16-byte
 * key in its (hidden) rodata. Boot arg 0 = owner (pid 1), 1 = client (pid 2), 2 = a
 * non-member (pid 3, no key). The owner creates a one-page shared region under the key and
 * writes marker 2; the client attaches its own mapping of the same frames under the same key,
 * must read marker 2 (not zeros) and writes marker 3 at offset 64, which the owner checks.
 * The non-member maps the frames too, without an EAR entry (plaintext path), and reports
 * what it sees. Exit 0 = every check passed. Arg bit 8 (linger): owner and client stay alive
 * after their checks (yielding) so that a run ended by max_time leaves their EAR entries in
 * the attribute dump. */
#include "tr_util.h"

static const uint8_t common_key[16] = {0x54, 0x52, 0x56, 0x50, 0x2d, 0x73, 0x68, 0x61,
                                       0x72, 0x65, 0x64, 0x2d, 0x6b, 0x65, 0x79, 0x21};

struct note {
    uint32_t id;
};

static int same64(const volatile uint8_t* p, uint32_t tag) {
    uint8_t want[64];
    marker(want, tag);
    for (int i = 0; i < 64; i++)
        if (p[i] != want[i]) return 0;
    return 1;
}

static int owner(void) {
    uint32_t va;
    int id = sys_shm_create(1, &va);
    if (id < 0) return 1;
    int32_t h = tr_keyload(common_key);
    int32_t rc = region(va, 1, (uint32_t)h, TR_REGION_SHARED);
    pprintf("owner: region %d va 0x%08x pa 0x%08x handle %d create %d\n", id, va, pa_of(va), h, rc);
    if (h < 1 || rc) return 2;
    volatile uint8_t* p = (volatile uint8_t*)(uintptr_t)va;
    uint8_t m[64];
    marker(m, 2);
    for (int i = 0; i < 64; i++) p[i] = m[i];
    struct note n = {(uint32_t)id};
    if (psend(2, &n, sizeof n) || psend(3, &n, sizeof n)) return 3;
    char done[8];
    uint32_t src;
    if (precv(done, sizeof done, &src) != 4) return 4;
    int ok = same64(p + 64, 3);
    pprintf("owner: client's marker 3: %s\n", ok ? "ok" : "WRONG");
    if (precv(done, sizeof done, &src) != 4) return 5; /* the non-member has looked */
    return ok ? 0 : 6;
}

static int linger(const char* who, int rc) {
    pprintf("%s: lingering (rc %d)\n", who, rc);
    for (;;) sys_yield();
}

static int client(void) {
    struct note n;
    uint32_t src;
    if (precv(&n, sizeof n, &src) != sizeof n) return 11;
    int32_t va = sys_shm_map(n.id);
    if (va < 0) return 12;
    int32_t h = tr_keyload(common_key);
    int32_t rc = region((uint32_t)va, 1, (uint32_t)h, TR_REGION_SHARED | TR_REGION_ATTACH);
    pprintf("client: region %u va 0x%08x pa 0x%08x handle %d attach %d\n", n.id, (uint32_t)va,
            pa_of((uint32_t)va), h, rc);
    if (h < 1 || rc) return 13;
    volatile uint8_t* p = (volatile uint8_t*)(uintptr_t)va;
    int ok = same64(p, 2);
    pprintf("client: owner's marker 2: %s\n", ok ? "ok" : "WRONG");
    uint8_t m[64];
    marker(m, 3);
    for (int i = 0; i < 64; i++) p[64 + i] = m[i];
    if (psend(1, "done", 4)) return 14;
    return ok ? 0 : 15;
}

static int outsider(void) {
    struct note n;
    uint32_t src;
    if (precv(&n, sizeof n, &src) != sizeof n) return 21;
    int32_t va = sys_shm_map(n.id);
    if (va < 0) return 22;
    const volatile uint8_t* p = (const volatile uint8_t*)(uintptr_t)va;
    int seen = same64(p, 2);
    char hex[3 * 16 + 1];
    for (int i = 0; i < 16; i++) snprintf(hex + 3 * i, 4, " %02x", p[i]);
    pprintf("outsider: va 0x%08x pa 0x%08x reads:%s\n", (uint32_t)va, pa_of((uint32_t)va), hex);
    pprintf("outsider: marker 2 visible: %s\n", seen ? "yes" : "no");
    if (psend(1, "look", 4)) return 23;
    return seen ? 24 : 0;
}

int main(void) {
    const uint32_t arg = sys_info(INFO_ARG);
    switch (arg & 0xff) {
    case 0:
        return arg & 0x100 ? linger("owner", owner()) : owner();
    case 1:
        return arg & 0x100 ? linger("client", client()) : client();
    default:
        return outsider();
    }
}
