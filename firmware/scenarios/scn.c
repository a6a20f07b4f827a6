/* Scenario helper library: see scn.h. */
#include "scn.h"

struct scn S;

void scn_hex(char* out, const uint8_t* b, uint32_t n) {
    static const char d[] = "0123456789abcdef";
    for (uint32_t i = 0; i < n; i++) {
        out[2 * i] = d[b[i] >> 4];
        out[2 * i + 1] = d[b[i] & 15];
    }
    out[2 * n] = 0;
}

static const char* role_name(void) {
    return S.role == SCN_OWNER ? "owner" : S.role == SCN_CLIENT ? "client" : "non-member";
}

void scn_log(const char* fmt, ...) {
    char* l = S.io->line;
    int n = snprintf(l, sizeof S.io->line, "[pid %u %s %s] ", S.pid, S.name, role_name());
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(l + n, sizeof S.io->line - (uint32_t)n, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof S.io->line - 2) n = sizeof S.io->line - 2;
    l[n++] = '\n';
    sys_write(l, (uint32_t)n);
}

void scn_exit(int code) {
    scn_log("exit %d (%s)", code,
            code == SCN_OK             ? "ok"
            : code == SCN_EXIT_REFUSED ? "refused to share: peer not authenticated"
            : code == SCN_EXIT_DATA    ? "shared data read back wrong"
            : code == SCN_EXIT_PLAIN   ? "saw plaintext it must not see"
                                       : "failed");
    sys_exit(code);
}

int scn_init(const char* name) {
    S.name = name;
    struct sys_ret r = syscall3(SYS_GETPID, 0, 0, 0);
    S.pid = (uint32_t)r.a0;
    S.nprocs = r.a1;
    S.arg = sys_info(INFO_ARG);
    S.attacker = sys_info(INFO_ATTACKER);
    S.scenario = sys_info(INFO_SCENARIO);
    S.role = SCN_ARG_ROLE(S.arg);
    S.members = SCN_ARG_MEMBERS(S.arg) ? SCN_ARG_MEMBERS(S.arg) : S.nprocs;
    int32_t va = sys_alloc_pages(1);
    if (va < 0) sys_exit(SCN_EXIT_SETUP);
    S.io = (struct scn_io*)(uintptr_t)va;
    scn_log("started: %u processes, %u members, attacker mode %u, plaintext I/O page at 0x%08x",
            S.nprocs, S.members, S.attacker, (uint32_t)va);
    return 0;
}

void scn_marker(uint8_t* dst, const char* kind, uint32_t pid) {
    /* Assembled piecewise, so no whole marker exists outside the regions. */
    uint8_t m[16];
    memcpy(m, SCN_MARK_PREFIX, 8);
    m[8] = '-';
    memcpy(m + 9, kind, 3);
    m[12] = '-';
    m[13] = 'P';
    m[14] = (uint8_t)('0' + pid / 10 % 10);
    m[15] = (uint8_t)('0' + pid % 10);
    memcpy(dst, m, 16);
}

int scn_region(uint32_t va, uint32_t npages, uint32_t handle, uint32_t flags, const char* what) {
    struct tr_region_desc d = {va, npages * 4096u, handle, flags};
    int rc = tr_region(&d);
    static const char* const kinds[] = {"hidden", "shared", "notify", "?"};
    scn_log("tr.region %s %s va 0x%08x, %u page(s), handle 0x%x (%s): %d", kinds[(flags >> 1) & 3],
            (flags & TR_REGION_ATTACH) ? "attach" : "create", va, npages, handle, what, rc);
    return rc;
}

int scn_hidden_create(void) {
    int32_t va = sys_alloc_pages(1);
    if (va < 0) return SCN_EXIT_SETUP;
    if (scn_region((uint32_t)va, 1, 0, TR_REGION_HIDDEN, "own data key: secrets live here"))
        return SCN_EXIT_SETUP;
    S.hid = (struct scn_hidden*)(uintptr_t)va;
    scn_marker(S.hid->marker, SCN_MARK_HIDDEN, S.pid);
    scn_marker(S.hid->marker2, SCN_MARK_HIDDEN, S.pid);
    return 0;
}

int32_t scn_keyload(const uint8_t* key, const char* what) {
    int32_t h = tr_keyload(key);
    scn_log("tr.keyload %s -> handle 0x%x", what, (uint32_t)h);
    return h;
}

uint32_t scn_pa(uint32_t va) {
    return (uint32_t)sys_debug(DBG_TRANSLATE, va).a0;
}

/* ---- messages ---- */
int scn_send(uint32_t dst, const void* buf, uint32_t len) {
    if ((uintptr_t)buf != (uintptr_t)S.io->msg) memcpy(S.io->msg, buf, len);
    return send_wait(dst, S.io->msg, len);
}

int scn_recv_from(uint32_t src) {
    for (uint32_t i = 0; i < S.stash_n; i++) {
        if (S.stash_src[i] != src) continue;
        int n = (int)S.stash_len[i];
        memcpy(S.io->msg, S.stash[i], (uint32_t)n);
        for (uint32_t j = i + 1; j < S.stash_n; j++) {
            S.stash_src[j - 1] = S.stash_src[j];
            S.stash_len[j - 1] = S.stash_len[j];
            memcpy(S.stash[j - 1], S.stash[j], sizeof S.stash[0]);
        }
        S.stash_n--;
        return n;
    }
    for (;;) {
        uint32_t from;
        int n = sys_recv(S.io->msg, sizeof S.io->msg, &from);
        if (n < 0 || from == src) return n;
        if (S.stash_n == 8 || n > (int)sizeof S.stash[0]) return E_INVAL;
        S.stash_src[S.stash_n] = from;
        S.stash_len[S.stash_n] = (uint32_t)n;
        memcpy(S.stash[S.stash_n++], S.io->msg, (uint32_t)n);
    }
}

struct ctl {
    char tag[8];
    uint32_t a, b, c;
};

int scn_send_ctl(uint32_t dst, const char* tag, uint32_t a, uint32_t b, uint32_t c) {
    struct ctl* m = (struct ctl*)S.io->msg;
    memset(m, 0, sizeof *m);
    memcpy(m->tag, tag, strlen(tag) < 8 ? strlen(tag) : 8);
    m->a = a;
    m->b = b;
    m->c = c;
    return send_wait(dst, m, sizeof *m);
}

int scn_recv_ctl(uint32_t src, const char* tag, uint32_t* a, uint32_t* b, uint32_t* c) {
    int n = scn_recv_from(src);
    const struct ctl* m = (const struct ctl*)S.io->msg;
    char t[8] = {0};
    memcpy(t, tag, strlen(tag) < 8 ? strlen(tag) : 8);
    if (n != (int)sizeof *m || memcmp(m->tag, t, 8)) {
        scn_log("expected a '%s' message from pid %u, got %d bytes", tag, src, n);
        return SCN_EXIT_PROTO;
    }
    if (a) *a = m->a;
    if (b) *b = m->b;
    if (c) *c = m->c;
    return 0;
}

/* ---- key exchange ---- */
int scn_kx(uint32_t peer, int initiator, const uint8_t* sign_seed, const uint8_t* peer_pub) {
    struct scn_pair* p = &S.hid->pair[peer];
    struct scn_io* io = S.io;
    struct scn_kx_msg* out = &io->out;
    char h1[65], h2[65];
    uint32_t blk[8];

    /* Key pair: private value out into the hidden region, public value into the I/O page. */
    blk[0] = (uint32_t)(uintptr_t)p->priv;
    blk[1] = (uint32_t)(uintptr_t)out->pub;
    if (tr_pka_x25519_keypair(blk)) return SCN_EXIT_SETUP;
    memcpy(out->magic, SCN_KX_MAGIC, SCN_KX_MAGIC_LEN);
    out->role = initiator ? SCN_ROLE_INITIATOR : SCN_ROLE_RESPONDER;
    out->from = (uint8_t)S.pid;
    out->to = (uint8_t)peer;
    out->signed_ = sign_seed != 0;
    memset(out->sig, 0, sizeof out->sig);
    if (sign_seed) {
        memcpy(S.hid->sign_seed, sign_seed, 32); /* the seed is a secret operand */
        blk[0] = (uint32_t)(uintptr_t)S.hid->sign_seed;
        blk[1] = (uint32_t)(uintptr_t)out;
        blk[2] = SCN_KX_SIGNED_LEN;
        blk[3] = (uint32_t)(uintptr_t)out->sig;
        if (tr_pka_ed25519_sign(blk)) return SCN_EXIT_SETUP;
    }
    scn_hex(h1, out->pub, 8);
    if (!initiator && scn_recv_from(peer) != (int)SCN_KX_MSG_LEN) return SCN_EXIT_PROTO;
    if (!initiator) memcpy(&io->in, io->msg, SCN_KX_MSG_LEN);
    if (scn_send(peer, out, SCN_KX_MSG_LEN)) return SCN_EXIT_PROTO;
    scn_log("sent my X25519 public value %s... to pid %u%s", h1, peer,
            sign_seed ? ", signed with the seed built into this program" : " (unsigned)");
    if (initiator) {
        if (scn_recv_from(peer) != (int)SCN_KX_MSG_LEN) return SCN_EXIT_PROTO;
        memcpy(&io->in, io->msg, SCN_KX_MSG_LEN);
    }
    const struct scn_kx_msg* in = &io->in;
    if (memcmp(in->magic, SCN_KX_MAGIC, SCN_KX_MAGIC_LEN) || in->from != peer || in->to != S.pid ||
        in->role != (initiator ? SCN_ROLE_RESPONDER : SCN_ROLE_INITIATOR))
        return SCN_EXIT_PROTO;
    scn_hex(h2, in->pub, 8);
    scn_log("received pid %u's X25519 public value %s...", peer, h2);
    if (peer_pub) {
        blk[0] = (uint32_t)(uintptr_t)peer_pub;
        blk[1] = (uint32_t)(uintptr_t)in;
        blk[2] = SCN_KX_SIGNED_LEN;
        blk[3] = (uint32_t)(uintptr_t)in->sig;
        int ok = in->signed_ && tr_pka_ed25519_verify(blk) == 1;
        scn_log("pid %u's signature over it, checked against the public key built into this "
                "program: %s",
                peer, ok ? "VALID" : "INVALID (substituted?) -> refusing to share");
        if (!ok) return SCN_EXIT_REFUSED;
    }
    /* Shared secret and key: secrets in and out of the hidden region. */
    blk[0] = (uint32_t)(uintptr_t)p->priv;
    blk[1] = (uint32_t)(uintptr_t)in->pub;
    blk[2] = (uint32_t)(uintptr_t)p->secret;
    if (tr_pka_x25519_agree(blk)) return SCN_EXIT_SETUP;
    memcpy(io->salt, initiator ? out->pub : in->pub, 32);
    memcpy(io->salt + 32, initiator ? in->pub : out->pub, 32);
    static const char info[] = SCN_HKDF_INFO;
    blk[0] = (uint32_t)(uintptr_t)io->salt;
    blk[1] = 64;
    blk[2] = (uint32_t)(uintptr_t)p->secret;
    blk[3] = 32;
    blk[4] = (uint32_t)(uintptr_t)info;
    blk[5] = SCN_HKDF_INFO_LEN;
    blk[6] = (uint32_t)(uintptr_t)p->key;
    blk[7] = 16;
    if (tr_pka_hkdf_sha256(blk)) return SCN_EXIT_SETUP;
    scn_log("derived the key shared with pid %u (X25519 + HKDF; private value, secret and key "
            "stay in my hidden region)",
            peer);
    return 0;
}

/* ---- shared data exchange ---- */
static uint32_t exchange(uint32_t va, uint32_t members);

static int barrier(const char* tag, uint32_t members, uint32_t mine, uint32_t* sum) {
    uint32_t v;
    *sum = mine;
    if (S.pid != 1) {
        if (scn_send_ctl(1, tag, mine, 0, 0)) return SCN_EXIT_PROTO;
        return scn_recv_ctl(1, tag, sum, 0, 0);
    }
    for (uint32_t c = 2; c <= members; c++) {
        if (scn_recv_ctl(c, tag, &v, 0, 0)) return SCN_EXIT_PROTO;
        *sum += v;
    }
    for (uint32_t c = 2; c <= members; c++)
        if (scn_send_ctl(c, tag, *sum, 0, 0)) return SCN_EXIT_PROTO;
    return 0;
}

uint32_t scn_exchange(uint32_t va, uint32_t members) {
    sys_mark(SPAN_DATA_EXCHANGE, MARK_BEGIN);
    uint32_t bad = exchange(va, members);
    sys_mark(SPAN_DATA_EXCHANGE, MARK_END);
    return bad;
}

static uint32_t exchange(uint32_t va, uint32_t members) {
    uint8_t* slot = (uint8_t*)(uintptr_t)(va + (S.pid - 1) * SCN_SLOT_BYTES);
    uint32_t token = tr_rand();
    scn_marker(slot, SCN_MARK_SHARED, S.pid);
    int n = snprintf((char*)slot + 16, SCN_SLOT_BYTES - 16, "hello from pid %u (%s), token %08x",
                     S.pid, role_name(), token);
    scn_log("wrote my slot at va 0x%08x: marker + \"%s\"", (uint32_t)(uintptr_t)slot,
            (char*)slot + 16);
    (void)n;
    uint32_t sum;
    if (barrier("WROTE", members, 0, &sum)) return 1000;
    uint32_t bad = 0;
    for (uint32_t q = 1; q <= members; q++) {
        if (q == S.pid) continue;
        const uint8_t* s = (const uint8_t*)(uintptr_t)(va + (q - 1) * SCN_SLOT_BYTES);
        uint8_t want[16];
        scn_marker(want, SCN_MARK_SHARED, q);
        if (memcmp(s, want, 16)) {
            char hx[33];
            scn_hex(hx, s, 16);
            scn_log("read pid %u's slot: NO marker, bytes %s (not what pid %u wrote)", q, hx, q);
            bad++;
            continue;
        }
        char* t = (char*)S.io->salt; /* a plaintext copy for the console */
        memcpy(t, s + 16, 63);
        t[63] = 0;
        scn_log("read pid %u's slot: \"%s\"", q, t);
    }
    if (barrier("READ", members, bad, &sum)) return 1000;
    if (S.pid == 1)
        scn_log("all %u sharers read each other's writes: %s (%u bad slots in total)", members,
                sum ? "NO" : "yes", sum);
    return bad;
}
