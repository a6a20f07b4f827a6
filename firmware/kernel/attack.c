/* The untrusted kernel's attacks (boot block `attacker`). On our hardware each must fail
 * for a protected process; the scenario tests judge that from outside the guest. */
#include "../scenarios/scn_proto.h"
#include "kernel.h"
#include "tr.h"

/* ---- 1: spy. Prints the first 16 bytes of every user frame of a process, as the
 * kernel reads them (plaintext key id 0: ciphertext for a protected process's hidden,
 * code and shared pages). Called when a process exits and on DBG_SPY. */
static int spy_pid;
static void spy_page(uint32_t va, uint32_t pa, uint32_t pte) {
    const uint8_t* b = (const uint8_t*)(uintptr_t)pa;
    printf("spy: pid %d va %08x pa %08x %c%c%c:", spy_pid, va, pa, (pte & PTE_R) ? 'r' : '-',
           (pte & PTE_W) ? 'w' : '-', (pte & PTE_X) ? 'x' : '-');
    for (int i = 0; i < 16; i++) printf(" %02x", b[i]);
    printf("\n");
}

void spy_dump_proc(struct proc* p) {
    spy_pid = p->pid;
    vm_for_each_user_page(p->root, spy_page);
}

/* ---- 2: man in the middle. send() hands every message body to this hook before it
 * reaches the receiver's mailbox; the hook may rewrite it in place (up to cap bytes) and
 * returns the new length.
 * X25519 substitution (the scenarios' key-exchange messages, scenarios/scn_proto.h): the
 * kernel replaces each public value with one of its own, a fresh key pair per (victim,
 * peer), made with tr.pka in S-mode on kernel memory. From the victim's real public value
 * and its own private value it derives the very key the victim derives (same X25519, same
 * HKDF salt and info: the protocol is public) and leaks it on the console:
 *   mitm: key of pid V (with pid P): <32 hex digits>
 * Signed messages keep their signature, which no longer matches the substituted value: the
 * authenticated scenario detects it. The kernel cannot re-encrypt the shared region between
 * the two keys (no AES in software here), so the client of an unauthenticated run reads
 * garbage; the owner's data is nevertheless readable with the leaked key.
 * The demo (tested on QEMU by kernel_mitm) rewrites bodies that start with "MITM-DEMO:". */
struct mitm_side {
    int used, have_pub;
    uint8_t role;      /* the victim's role (scn_proto.h) */
    uint8_t kpriv[32]; /* the kernel's private value toward the victim */
    uint8_t kpub[32];  /* ... and the public value the victim receives instead of its peer's */
    uint8_t victim_pub[32];
    uint8_t secret[32], key[16];
};
static struct mitm_side mitm_sides[MAXPROC + 1][MAXPROC + 1]; /* [victim][peer] */
static uint8_t mitm_salt[64];

static void mitm_hex(const char* what, const uint8_t* b, uint32_t n) {
    printf("%s", what);
    for (uint32_t i = 0; i < n; i++) printf("%02x", b[i]);
}

static struct mitm_side* mitm_side_of(uint32_t victim, uint32_t peer) {
    struct mitm_side* s = &mitm_sides[victim][peer];
    if (!s->used) {
        uint32_t blk[2] = {(uint32_t)(uintptr_t)s->kpriv, (uint32_t)(uintptr_t)s->kpub};
        if (tr_pka_x25519_keypair(blk)) return 0;
        s->used = 1;
    }
    return s;
}

/* The key victim derives: HKDF(salt = initiator's pub || responder's pub as the victim saw
 * them, ikm = X25519(kernel's private toward the victim, victim's pub)). */
static void mitm_derive(uint32_t victim, uint32_t peer, struct mitm_side* s) {
    uint32_t blk[8] = {(uint32_t)(uintptr_t)s->kpriv, (uint32_t)(uintptr_t)s->victim_pub,
                       (uint32_t)(uintptr_t)s->secret};
    if (tr_pka_x25519_agree(blk)) return;
    const int init = s->role == SCN_ROLE_INITIATOR;
    memcpy(mitm_salt, init ? s->victim_pub : s->kpub, 32);
    memcpy(mitm_salt + 32, init ? s->kpub : s->victim_pub, 32);
    static const char info[] = SCN_HKDF_INFO;
    blk[0] = (uint32_t)(uintptr_t)mitm_salt;
    blk[1] = 64;
    blk[2] = (uint32_t)(uintptr_t)s->secret;
    blk[3] = 32;
    blk[4] = (uint32_t)(uintptr_t)info;
    blk[5] = SCN_HKDF_INFO_LEN;
    blk[6] = (uint32_t)(uintptr_t)s->key;
    blk[7] = 16;
    if (tr_pka_hkdf_sha256(blk)) return;
    printf("mitm: key of pid %u (with pid %u): ", victim, peer);
    mitm_hex("", s->key, 16);
    printf("\n");
}

static uint32_t mitm_kx(uint32_t src, uint32_t dst, uint8_t* body, uint32_t len) {
    struct scn_kx_msg* m = (struct scn_kx_msg*)body;
    if (src > MAXPROC || dst > MAXPROC) return len;
    struct mitm_side* from = mitm_side_of(src, dst); /* the sender: a victim */
    struct mitm_side* to = mitm_side_of(dst, src);   /* the receiver gets to->kpub */
    if (!from || !to) return len;
    memcpy(from->victim_pub, m->pub, 32);
    from->have_pub = 1;
    from->role = m->role;
    printf("mitm: pid %u -> pid %u: X25519 public value ", src, dst);
    mitm_hex("", m->pub, 8);
    mitm_hex("... replaced by the kernel's ", to->kpub, 8);
    printf("...%s\n", m->signed_ ? " (the signature is kept: the kernel cannot sign)" : "");
    memcpy(m->pub, to->kpub, 32);
    mitm_derive(src, dst, from);
    return len;
}

uint32_t mitm_rewrite(uint32_t src, uint32_t dst, uint8_t* body, uint32_t len, uint32_t cap) {
    if (len == SCN_KX_MSG_LEN && !memcmp(body, SCN_KX_MAGIC, SCN_KX_MAGIC_LEN))
        return mitm_kx(src, dst, body, len);
    static const char tag[] = "MITM-DEMO:";
    static const char fake[] = "MITM-DEMO: the kernel wrote this";
    if (len < sizeof tag - 1 || memcmp(body, tag, sizeof tag - 1)) return len;
    uint32_t n = sizeof fake - 1 < cap ? sizeof fake - 1 : cap;
    memcpy(body, fake, n);
    printf("mitm: message pid %u -> pid %u rewritten (%u -> %u bytes)\n", src, dst, len, n);
    return n;
}

/* ---- 1 (memory save): the spy also prints, at every trap of a protected process, the
 * context blob the chip wrote to the save area, as the kernel reads it:
 *   spy: pid P trap cause C a7 N save area pa X version V: <160 bytes hex>  */
static void spy_save_area(struct proc* p, const struct trap_frame* f) {
    const uint8_t* a = sealed_save_area(p);
    if (!a) return;
    const uint32_t* w = (const uint32_t*)a;
    printf("spy: pid %d trap cause 0x%x a7 %u save area pa %08x version %u: ", p->pid, f->cause,
           f->x[17], (uint32_t)(uintptr_t)a, w[2]);
    for (int i = 0; i < 160; i++) printf("%02x", a[i]);
    printf("\n");
}

/* ---- 5 and 6: the saved context blob (chips that save trapped contexts in kernel memory).
 * 5 flips one bit of the encrypted registers at the first trap of a protected process;
 * 6 keeps a copy of the blob at the first trap and writes it back over the next one.
 * tr.resume must refuse both (TR_EVERIFY): the scheduler then reports
 *   kernel: pid P could not be resumed: error -8
 * On a chip that saves on chip there is no blob: the attack says so and does nothing. */
static uint8_t replay_copy[MAXPROC][TR_SAVE_AREA_SIZE];

static void blob_attack(struct proc* p) {
    if (p->ops != &sealed_ops || p->tampered >= 2) return;
    uint8_t* a = sealed_save_area(p);
    if (!a) {
        if (!p->tampered)
            printf("attack: pid %d: no saved context in kernel memory (saved on chip)\n", p->pid);
        p->tampered = 2;
        return;
    }
    const uint32_t version = ((const uint32_t*)a)[2];
    if (trvp_boot.attacker == ATTACK_BLOB_FLIP) {
        a[16 + 41] ^= 0x04;
        p->tampered = 2;
        printf("attack: pid %d: flipped a bit of the saved context (version %u)\n", p->pid,
               version);
    } else if (!p->tampered) {
        memcpy(replay_copy[p->pid - 1], a, TR_SAVE_AREA_SIZE);
        p->tampered = 1;
        printf("attack: pid %d: kept a copy of the saved context (version %u)\n", p->pid, version);
    } else {
        memcpy(a, replay_copy[p->pid - 1], TR_SAVE_AREA_SIZE);
        p->tampered = 2;
        printf("attack: pid %d: put the saved context of version %u back over version %u\n",
               p->pid, ((const uint32_t*)a)[2], version);
    }
}

#ifdef TRVP_MEM_ATTACKS /* kernel_attack.elf only: kernel.elf stays byte for byte as it was */
/* ---- 7: key-0 alias writes. At the first system call of a protected process the kernel
 * reads word 0 of each of its user frames through its own plaintext (key id 0) identity map
 * and stores the same word back: harmless if the store is accepted (the line keeps its
 * bytes), yet a store a malicious kernel could have made with any value. With frame
 * ownership checked at the memory side (docs/attributes.md) every store into a frame bound
 * to the process is refused with an access fault, which the kernel survives (kprobe):
 *   attack: pid P: key-0 store to pa X (va Y): accepted | refused (scause 7) */
static int alias_pid;
static void alias_page(uint32_t va, uint32_t pa, uint32_t pte) {
    (void)pte;
    const uint32_t v = *(volatile const uint32_t*)(uintptr_t)pa;
    const uint32_t cause = kprobe_store32(pa, v);
    if (cause)
        printf("attack: pid %d: key-0 store to pa %08x (va %08x): refused (scause %u)\n",
               alias_pid, pa, va, cause);
    else
        printf("attack: pid %d: key-0 store to pa %08x (va %08x): accepted\n", alias_pid, pa,
               va);
}

static void alias_attack(struct proc* p, const struct trap_frame* f) {
    if (p->ops != &sealed_ops || p->tampered || f->cause != CAUSE_ECALL_U) return;
    p->tampered = 1;
    alias_pid = p->pid;
    vm_for_each_user_page(p->root, alias_page);
}

#endif

static void tamper_on_trap(struct proc* p, struct trap_frame* f);

void attack_on_trap(struct proc* p, struct trap_frame* f) {
    switch (trvp_boot.attacker) {
    case ATTACK_SPY:
        spy_save_area(p, f);
        break;
    case ATTACK_TAMPER:
        tamper_on_trap(p, f);
        break;
    case ATTACK_BLOB_FLIP:
    case ATTACK_BLOB_REPLAY:
        blob_attack(p);
        break;
#ifdef TRVP_MEM_ATTACKS
    case ATTACK_ALIAS_WRITE:
        alias_attack(p, f);
        break;
#endif
    default:
        break;
    }
}

/* ---- 3: register tampering. On the first trap of each process: look at the state the
 * trap left, then try to change it and to resume the process elsewhere. For a plain
 * process this shows what the kernel sees (no change is made). For a protected one the
 * registers are zero, sepc reads 0, and the attempts must have no effect: the secure unit
 * restores the saved state; a forged context id is refused. */
static void tamper_on_trap(struct proc* p, struct trap_frame* f) {
    if (p->tampered) return;
    p->tampered = 1;
    uint32_t nonzero = 0;
    for (int r = 1; r < 32; r++)
        if ((r < 10 || r > 17) && f->x[r]) nonzero++;
    if (p->ops == &plain_ops) {
        printf("tamper: pid %d (plain) trap cause 0x%x: sees pc 0x%08x sp 0x%08x ra 0x%08x, "
               "%u non-zero non-argument registers\n",
               p->pid, f->cause, f->epc, f->x[2], f->x[1], nonzero);
        return;
    }
    printf("tamper: pid %d ctx %d trap cause 0x%x: sees sepc 0x%08x stval 0x%08x, %u non-zero "
           "non-argument registers\n",
           p->pid, p->ctx, f->cause, f->epc, f->tval, nonzero);
    /* Forge: a context that does not exist. */
    int rc = tr_enter(0, 0, p->ctx + 1000);
    printf("tamper: tr.resume of forged context %d -> %d (want %d)\n", p->ctx + 1000, rc,
           TR_ECONTEXT);
    /* Alter: a different pc and a different stack for the real context. The hardware
     * takes neither from the kernel; the process must go on as if nothing happened. */
    uint32_t bogus = p->entry + 4;
    csr_write(sepc, bogus);
    for (int r = 1; r < 32; r++) f->x[r] = 0xdead0000u | (uint32_t)r;
    printf("tamper: set sepc 0x%08x and x1..x31 = 0xdead00nn before resuming ctx %d\n", bogus,
           p->ctx);
}
