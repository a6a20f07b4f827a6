/* Producer/consumer over a ring of WL_RING_SLOTS buffers in a shared region (docs/
 * workloads.md). pid 1 produces `buffers` buffers of WL_BUF_BYTES (marker "TRVPBUF-", the
 * buffer number, then wl_word()), pid 2 checks every word and sums them into a checksum.
 * Head and tail counters live in the region's first line; a full or empty ring yields.
 * Protected (arg WL_F_PROTECTED, sealed images): both load the pre-shared test key into a
 * handle and register the region under it (create / attach), so DRAM holds ciphertext only.
 * Plain: the same region in plaintext. Spans: data_exchange around the whole loop,
 * produce / consume around each buffer. */
#include "scn.h"
#include "scn_keys.h"
#include "wl.h"

static const uint8_t psk_key[16] = SCN_PSK_KEY;

struct ring {
    volatile uint32_t head, tail; /* buffers produced / consumed */
};

static uint32_t* slot(uint32_t va, uint32_t b) {
    return (uint32_t*)(uintptr_t)(va + WL_BUF_BYTES + (b % WL_RING_SLOTS) * WL_BUF_BYTES);
}

static void produce(uint32_t va, uint32_t n) {
    struct ring* r = (struct ring*)(uintptr_t)va;
    for (uint32_t b = 0; b < n; b++) {
        while (r->head - r->tail == WL_RING_SLOTS) sys_yield();
        sys_mark(WL_SPAN_PRODUCE, MARK_BEGIN);
        uint32_t* w = slot(va, b);
        w[0] = WL_MARK0;
        w[1] = WL_MARK1;
        w[2] = b;
        w[3] = ~b;
        for (uint32_t i = 4; i < WL_BUF_BYTES / 4; i++) w[i] = wl_word(b, i);
        r->head = b + 1;
        sys_mark(WL_SPAN_PRODUCE, MARK_END);
    }
}

static uint32_t consume(uint32_t va, uint32_t n, uint32_t* sum) {
    struct ring* r = (struct ring*)(uintptr_t)va;
    uint32_t bad = 0;
    *sum = 0;
    for (uint32_t b = 0; b < n; b++) {
        while (r->head == b) sys_yield();
        sys_mark(WL_SPAN_CONSUME, MARK_BEGIN);
        const uint32_t* w = slot(va, b);
        bad += w[0] != WL_MARK0 || w[1] != WL_MARK1 || w[2] != b || w[3] != ~b;
        for (uint32_t i = 4; i < WL_BUF_BYTES / 4; i++) {
            bad += w[i] != wl_word(b, i);
            *sum = (*sum << 1 | *sum >> 31) ^ w[i];
        }
        r->tail = b + 1;
        sys_mark(WL_SPAN_CONSUME, MARK_END);
    }
    return bad;
}

int main(void) {
    scn_init("pc");
    const int producer = S.role == SCN_OWNER;
    const int prot = (S.arg & WL_F_PROTECTED) != 0;
    const uint32_t n = (S.arg >> 16) ? (S.arg >> 16) : WL_DEFAULT_BUFFERS;
    int32_t h = 0;
    sys_mark(SPAN_KEY_EXCHANGE, MARK_BEGIN);
    if (prot) {
        if (scn_hidden_create()) scn_exit(SCN_EXIT_SETUP);
        memcpy(S.hid->common, psk_key, 16);
        h = scn_keyload(S.hid->common, "the pre-shared ring key");
        if (h <= 0) scn_exit(SCN_EXIT_SETUP);
    }
    sys_mark(SPAN_KEY_EXCHANGE, MARK_END);
    sys_mark(SPAN_REGION_SETUP, MARK_BEGIN);
    uint32_t id, va;
    if (producer) {
        int rc = sys_shm_create(WL_RING_PAGES, &va);
        if (rc < 0) scn_exit(SCN_EXIT_SETUP);
        id = (uint32_t)rc;
        if (prot && scn_region(va, WL_RING_PAGES, (uint32_t)h, TR_REGION_SHARED, "ring key"))
            scn_exit(SCN_EXIT_SETUP);
        if (scn_send_ctl(2, "RING", id, 0, 0)) scn_exit(SCN_EXIT_PROTO);
    } else {
        if (scn_recv_ctl(1, "RING", &id, 0, 0)) scn_exit(SCN_EXIT_PROTO);
        int32_t v = sys_shm_map(id);
        if (v < 0) scn_exit(SCN_EXIT_SETUP);
        va = (uint32_t)v;
        if (prot && scn_region(va, WL_RING_PAGES, (uint32_t)h, TR_REGION_SHARED | TR_REGION_ATTACH,
                               "ring key"))
            scn_exit(SCN_EXIT_SETUP);
    }
    sys_mark(SPAN_REGION_SETUP, MARK_END);
    scn_log("%s ring of %u x %u bytes at va 0x%08x, %u buffers", prot ? "encrypted" : "plaintext",
            WL_RING_SLOTS, WL_BUF_BYTES, va, n);
    sys_mark(SPAN_DATA_EXCHANGE, MARK_BEGIN);
    uint32_t bad = 0, sum = 0;
    if (producer)
        produce(va, n);
    else
        bad = consume(va, n, &sum);
    sys_mark(SPAN_DATA_EXCHANGE, MARK_END);
    if (!producer) scn_log("consumed %u buffers, checksum 0x%08x, %u bad buffers", n, sum, bad);
    scn_exit(bad ? SCN_EXIT_DATA : SCN_OK);
}
