/* Scenarios 2 and 3: key exchange (claims 3-5, 7, 12-14, 16) and, built with SCN_AUTH,
 * authenticated key exchange (claims 6, 15). Two processes: pid 1 owner, pid 2 client.
 * Each creates a hidden region under its own data key, makes an X25519 key pair with
 * tr.pka (private value into the hidden region), exchanges public values through the
 * kernel's mailboxes, derives the common key with HKDF (secret in, key out: hidden region)
 * and loads it (tr.keyload). The owner creates the shared region, the client maps and
 * attaches it; both exchange data.
 * SCN_AUTH=1 (owner) / 2 (client): the public values are signed with the Ed25519 seed built
 * into this program and checked against the peer's public key built into it (scn_keys.h);
 * a substituted value is refused and nothing is shared. */
#include "scn.h"
#include "scn_keys.h"

#if SCN_AUTH == 1
static const uint8_t my_seed[32] = SCN_AKX_OWNER_SEED;
static const uint8_t peer_pub[32] = SCN_AKX_CLIENT_PUB;
#define NAME "akx"
#elif SCN_AUTH == 2
static const uint8_t my_seed[32] = SCN_AKX_CLIENT_SEED;
static const uint8_t peer_pub[32] = SCN_AKX_OWNER_PUB;
#define NAME "akx"
#else
#define my_seed ((const uint8_t*)0)
#define peer_pub ((const uint8_t*)0)
#define NAME "kx"
#endif

int main(void) {
    scn_init(NAME);
#if SCN_AUTH
    if (S.role != (SCN_AUTH == 1 ? SCN_OWNER : SCN_CLIENT)) {
        scn_log("this program holds the %s's signing seed: wrong role",
                SCN_AUTH == 1 ? "owner" : "client");
        scn_exit(SCN_EXIT_SETUP);
    }
#endif
    if (scn_hidden_create()) scn_exit(SCN_EXIT_SETUP);
    const int owner = S.role == SCN_OWNER;
    const uint32_t peer = owner ? 2 : 1;
    sys_mark(SPAN_KEY_EXCHANGE, MARK_BEGIN);
    int rc = scn_kx(peer, owner, my_seed, peer_pub);
    if (rc) scn_exit(rc);
    int32_t h = scn_keyload(S.hid->pair[peer].key, "the derived common key");
    if (h <= 0) scn_exit(SCN_EXIT_SETUP);
    sys_mark(SPAN_KEY_EXCHANGE, MARK_END);
    sys_mark(SPAN_REGION_SETUP, MARK_BEGIN);
    uint32_t id, va, pa0;
    if (owner) {
        int r = sys_shm_create(2, &va);
        if (r < 0) scn_exit(SCN_EXIT_SETUP);
        id = (uint32_t)r;
        pa0 = scn_pa(va);
        scn_log("created shared region id %u: 2 pages at va 0x%08x (pa 0x%08x 0x%08x)", id, va, pa0,
                scn_pa(va + 4096));
        if (scn_region(va, 2, (uint32_t)h, TR_REGION_SHARED, "derived common key"))
            scn_exit(SCN_EXIT_SETUP);
        if (scn_send_ctl(peer, "SHM", id, va, pa0)) scn_exit(SCN_EXIT_PROTO);
    } else {
        uint32_t ova;
        if (scn_recv_ctl(peer, "SHM", &id, &ova, &pa0)) scn_exit(SCN_EXIT_PROTO);
        int32_t v = sys_shm_map(id);
        if (v < 0) scn_exit(SCN_EXIT_SETUP);
        va = (uint32_t)v;
        scn_log("mapped shared region id %u at va 0x%08x (owner's va 0x%08x; same frame: %s)", id,
                va, ova, scn_pa(va) == pa0 ? "yes" : "no");
        if (scn_region(va, 2, (uint32_t)h, TR_REGION_SHARED | TR_REGION_ATTACH,
                       "derived common key"))
            scn_exit(SCN_EXIT_SETUP);
    }
    sys_mark(SPAN_REGION_SETUP, MARK_END);
    uint32_t bad = scn_exchange(va, 2);
    scn_exit(bad ? SCN_EXIT_DATA : SCN_OK);
}
