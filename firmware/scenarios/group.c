/* Scenario 4, group of N >= 3 (claims 8, 9, 17, 18). Members are pids 1..N (arg: role |
 * N << 8 | SCN_F_SNOOP); a process after them is a non-member.
 * Owner (pid 1): draws the common key with tr.rand into its hidden region; runs an X25519
 * exchange with each client (pairwise key in the hidden region, loaded as a handle);
 * creates the shared region under the common key; for each client creates a notification
 * region (kind notify) under that client's pairwise key and writes the common key into it.
 * Client: exchange, maps and attaches its notification region, reads the common key into
 * its hidden region, loads it, maps and attaches the shared region. All N exchange data.
 * Snooping client (SCN_F_SNOOP): also maps pid 2's notification region (the kernel lets
 * it) without a key: must see ciphertext. Non-member: maps the shared region's frames:
 * must see ciphertext. */
#include "scn.h"

static int hidden_has(const uint8_t* p, uint32_t len, const uint8_t* what, uint32_t n) {
    for (uint32_t i = 0; i + n <= len; i++)
        if (!memcmp(p + i, what, n)) return 1;
    return 0;
}

/* Notification region layout: marker, common key, shared region id. */
struct notify {
    uint8_t marker[16];
    uint8_t key[16];
    uint32_t shared_id;
};

static int owner(void) {
    const uint32_t n = S.members;
    int32_t hp[SCN_MAX_PEERS + 1];
    sys_mark(SPAN_KEY_EXCHANGE, MARK_BEGIN);
    uint32_t* w = (uint32_t*)S.hid->common;
    for (int i = 0; i < 4; i++) w[i] = tr_rand();
    scn_log("drew the common key from the chip DRBG (tr.rand) into my hidden region");
    for (uint32_t c = 2; c <= n; c++) {
        int rc = scn_kx(c, 1, 0, 0);
        if (rc) return rc;
        hp[c] = scn_keyload(S.hid->pair[c].key, "pairwise key");
        if (hp[c] <= 0) return SCN_EXIT_SETUP;
    }
    int32_t hc = scn_keyload(S.hid->common, "the common key");
    if (hc <= 0) return SCN_EXIT_SETUP;
    sys_mark(SPAN_KEY_EXCHANGE, MARK_END);
    sys_mark(SPAN_REGION_SETUP, MARK_BEGIN);
    uint32_t sva;
    int sid = sys_shm_create(2, &sva);
    if (sid < 0) return SCN_EXIT_SETUP;
    scn_log("created shared region id %d: 2 pages at va 0x%08x (pa 0x%08x 0x%08x)", sid, sva,
            scn_pa(sva), scn_pa(sva + 4096));
    if (scn_region(sva, 2, (uint32_t)hc, TR_REGION_SHARED, "common key")) return SCN_EXIT_SETUP;
    uint32_t first_notify = 0;
    for (uint32_t c = 2; c <= n; c++) {
        uint32_t nva;
        int nid = sys_shm_create(1, &nva);
        if (nid < 0) return SCN_EXIT_SETUP;
        if (!first_notify) first_notify = (uint32_t)nid;
        scn_log("created notification region id %d for pid %u at va 0x%08x (pa 0x%08x)", nid, c,
                nva, scn_pa(nva));
        if (scn_region(nva, 1, (uint32_t)hp[c], TR_REGION_NOTIFY, "pairwise key with the client"))
            return SCN_EXIT_SETUP;
        struct notify* nt = (struct notify*)(uintptr_t)nva;
        scn_marker(nt->marker, SCN_MARK_NOTIFY, c);
        memcpy(nt->key, S.hid->common, 16);
        nt->shared_id = (uint32_t)sid;
        scn_log("wrote the common key into pid %u's notification region", c);
        if (scn_send_ctl(c, "NOTIFY", (uint32_t)nid, first_notify, 0)) return SCN_EXIT_PROTO;
    }
    sys_mark(SPAN_REGION_SETUP, MARK_END);
    uint32_t bad = scn_exchange(sva, n);
    if (S.nprocs > n) { /* the non-member */
        uint32_t saw;
        if (scn_send_ctl(n + 1, "SHM", (uint32_t)sid, 0, 0)) return SCN_EXIT_PROTO;
        if (scn_recv_ctl(n + 1, "SAW", &saw, 0, 0)) return SCN_EXIT_PROTO;
    }
    return bad ? SCN_EXIT_DATA : SCN_OK;
}

static int client(void) {
    sys_mark(SPAN_KEY_EXCHANGE, MARK_BEGIN);
    int rc = scn_kx(1, 0, 0, 0);
    if (rc) return rc;
    int32_t hp = scn_keyload(S.hid->pair[1].key, "pairwise key");
    if (hp <= 0) return SCN_EXIT_SETUP;
    sys_mark(SPAN_KEY_EXCHANGE, MARK_END);
    /* region_setup: the notification region, the common key from it, the shared region */
    sys_mark(SPAN_REGION_SETUP, MARK_BEGIN);
    uint32_t nid, other;
    if (scn_recv_ctl(1, "NOTIFY", &nid, &other, 0)) return SCN_EXIT_PROTO;
    int32_t nva = sys_shm_map(nid);
    if (nva < 0) return SCN_EXIT_SETUP;
    scn_log("mapped my notification region id %u at va 0x%08x", nid, (uint32_t)nva);
    if (scn_region((uint32_t)nva, 1, (uint32_t)hp, TR_REGION_NOTIFY | TR_REGION_ATTACH,
                   "pairwise key with the owner"))
        return SCN_EXIT_SETUP;
    const struct notify* nt = (const struct notify*)(uintptr_t)nva;
    uint8_t want[16];
    scn_marker(want, SCN_MARK_NOTIFY, S.pid);
    if (memcmp(nt->marker, want, 16)) {
        scn_log("my notification region does not hold the owner's message");
        return SCN_EXIT_DATA;
    }
    memcpy(S.hid->common, nt->key, 16);
    uint32_t sid = nt->shared_id;
    scn_log("read the common key from it (shared region id %u)", sid);
    int32_t hc = scn_keyload(S.hid->common, "the common key");
    if (hc <= 0) return SCN_EXIT_SETUP;
    int32_t sva = sys_shm_map(sid);
    if (sva < 0) return SCN_EXIT_SETUP;
    scn_log("mapped shared region id %u at va 0x%08x", sid, (uint32_t)sva);
    if (scn_region((uint32_t)sva, 2, (uint32_t)hc, TR_REGION_SHARED | TR_REGION_ATTACH,
                   "common key"))
        return SCN_EXIT_SETUP;
    sys_mark(SPAN_REGION_SETUP, MARK_END);
    int plain = 0;
    if ((S.arg & SCN_F_SNOOP) && other != nid) {
        int32_t ova = sys_shm_map(other);
        if (ova < 0) return SCN_EXIT_SETUP;
        const uint8_t* o = (const uint8_t*)(uintptr_t)ova; /* no EAR entry: key id 0 */
        uint8_t m2[16];
        scn_marker(m2, SCN_MARK_NOTIFY, 2);
        int has_marker = hidden_has(o, 64, m2, 16);
        int has_key = hidden_has(o, 4096, S.hid->common, 16);
        char hx[33];
        memcpy(S.io->salt, o, 16); /* plaintext copy for the console */
        scn_hex(hx, S.io->salt, 16);
        scn_log("snoop: the kernel mapped pid 2's notification region id %u at va 0x%08x; "
                "first bytes %s; its marker: %s, the common key: %s -> %s",
                other, (uint32_t)ova, hx, has_marker ? "FOUND" : "absent",
                has_key ? "FOUND" : "absent",
                has_marker || has_key ? "PLAINTEXT" : "ciphertext only");
        plain = has_marker || has_key;
    }
    uint32_t bad = scn_exchange((uint32_t)sva, S.members);
    return bad ? SCN_EXIT_DATA : plain ? SCN_EXIT_PLAIN : SCN_OK;
}

static int nonmember(void) {
    uint32_t sid;
    if (scn_recv_ctl(1, "SHM", &sid, 0, 0)) return SCN_EXIT_PROTO;
    int32_t va = sys_shm_map(sid);
    if (va < 0) return SCN_EXIT_SETUP;
    const uint8_t* p = (const uint8_t*)(uintptr_t)va; /* no key: key id 0 */
    int found = hidden_has(p, 2 * 4096, (const uint8_t*)SCN_MARK_PREFIX, 8);
    char hx[33];
    memcpy(S.io->salt, p, 16);
    scn_hex(hx, S.io->salt, 16);
    scn_log("the kernel mapped shared region id %u onto my va 0x%08x; first bytes %s; sharers' "
            "markers: %s -> %s",
            sid, (uint32_t)va, hx, found ? "FOUND" : "absent",
            found ? "PLAINTEXT" : "ciphertext only");
    if (scn_send_ctl(1, "SAW", (uint32_t)found, 0, 0)) return SCN_EXIT_PROTO;
    return found ? SCN_EXIT_PLAIN : SCN_OK;
}

int main(void) {
    scn_init("group");
    if (S.role != SCN_NONMEMBER && scn_hidden_create()) scn_exit(SCN_EXIT_SETUP);
    scn_exit(S.role == SCN_OWNER ? owner() : S.role == SCN_CLIENT ? client() : nonmember());
}
