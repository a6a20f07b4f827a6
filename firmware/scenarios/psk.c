/* Scenario 1, pre-shared key (claims 1, 2, 10, 11). Every member is built with the same
 * 16-byte common key; tr.launch puts it under each one's own data key. Each copies it into
 * its hidden region and loads it (tr.keyload -> handle). The owner (pid 1) creates a shared
 * region (shm_create + tr.region create, kind shared) and tells the clients its id; each
 * client maps it (shm_map: another VA) and registers it (tr.region attach). All write a
 * slot and read everybody else's. Arg: role | members << 8 (scn.h). */
#include "scn.h"
#include "scn_keys.h"

static const uint8_t psk_key[16] = SCN_PSK_KEY;

int main(void) {
    scn_init("psk");
    if (scn_hidden_create()) scn_exit(SCN_EXIT_SETUP);
    /* No exchange: span key_exchange covers establishing the built-in common key. */
    sys_mark(SPAN_KEY_EXCHANGE, MARK_BEGIN);
    memcpy(S.hid->common, psk_key, 16);
    int32_t h =
        scn_keyload(S.hid->common, "the pre-shared common key (copied into my hidden region)");
    if (h <= 0) scn_exit(SCN_EXIT_SETUP);
    sys_mark(SPAN_KEY_EXCHANGE, MARK_END);
    sys_mark(SPAN_REGION_SETUP, MARK_BEGIN);
    uint32_t id, va, pa0, pa1;
    if (S.role == SCN_OWNER) {
        int r = sys_shm_create(2, &va);
        if (r < 0) scn_exit(SCN_EXIT_SETUP);
        id = (uint32_t)r;
        pa0 = scn_pa(va);
        pa1 = scn_pa(va + 4096);
        scn_log("created shared region id %u: 2 pages at va 0x%08x (pa 0x%08x 0x%08x)", id, va, pa0,
                pa1);
        if (scn_region(va, 2, (uint32_t)h, TR_REGION_SHARED, "common key"))
            scn_exit(SCN_EXIT_SETUP);
        for (uint32_t c = 2; c <= S.members; c++)
            if (scn_send_ctl(c, "SHM", id, va, pa0)) scn_exit(SCN_EXIT_PROTO);
    } else {
        uint32_t ova;
        if (scn_recv_ctl(1, "SHM", &id, &ova, &pa0)) scn_exit(SCN_EXIT_PROTO);
        int32_t v = sys_shm_map(id);
        if (v < 0) scn_exit(SCN_EXIT_SETUP);
        va = (uint32_t)v;
        scn_log("mapped shared region id %u at va 0x%08x (owner's va 0x%08x; same frame: %s)", id,
                va, ova, scn_pa(va) == pa0 ? "yes" : "no");
        if (scn_region(va, 2, (uint32_t)h, TR_REGION_SHARED | TR_REGION_ATTACH, "common key"))
            scn_exit(SCN_EXIT_SETUP);
    }
    sys_mark(SPAN_REGION_SETUP, MARK_END);
    uint32_t bad = scn_exchange(va, S.members);
    scn_exit(bad ? SCN_EXIT_DATA : SCN_OK);
}
