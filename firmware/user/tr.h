/* Inline wrappers for every TR instruction of docs/tr-isa.md (custom-0, R-type:
 * funct7 | rs2 | rs1 | funct3 | rd | 0001011). Results: >= 0 success, < 0 TR_E* error.
 * tr.launch/resume/destroy/info and trctx are for the kernel (S-mode); tr.region,
 * tr.unregion, tr.keyload and tr.keydrop for a protected process (U-mode, encrypted);
 * tr.pka and tr.rand anywhere. On a core without the extension (QEMU) each one raises
 * an illegal-instruction exception. */
#ifndef TRVP_TR_H
#define TRVP_TR_H

#include <stdint.h>

enum {
    TR_EINVAL = -1,
    TR_ENOSPC = -2,
    TR_EPERM = -3,
    TR_EOVERLAP = -4,
    TR_EFAULT = -5,
    TR_EIMAGE = -6,
    TR_ECONTEXT = -7,
    TR_EVERIFY = -8, /* tr.resume: the saved context blob was altered or replayed */
    TR_ENOSAVE = -9  /* tr.resume: contexts are saved in kernel memory; give a save area */
};

/* tr.info(0): the chip's feature bits */
#define TR_FEATURE_SAVE_MEMORY 1u /* trapped contexts are saved in kernel memory */
/* A save area (tr.savearea): 64-byte aligned, this many bytes (the blob is 160) */
#define TR_SAVE_AREA_SIZE 256u
#define TR_SAVE_AREA_ALIGN 64u

/* tr.info results */
enum { TR_CTX_FREE = 0, TR_CTX_RUNNABLE = 1, TR_CTX_AT_ECALL = 2, TR_CTX_AT_TRAP = 3 };

/* Region descriptor for tr.region (16 bytes, little endian) */
struct tr_region_desc {
    uint32_t va_base; /* page aligned */
    uint32_t size;    /* page multiple, > 0 */
    uint32_t handle;  /* 0 = the caller's own data key (hidden region) */
    uint32_t flags;   /* TR_REGION_* */
};
#define TR_REGION_ATTACH 1u        /* keep what another sharer wrote (else zero-fill) */
#define TR_REGION_HIDDEN (0u << 1) /* kind, bits 2:1 */
#define TR_REGION_SHARED (1u << 1)
#define TR_REGION_NOTIFY (2u << 1)
#define TR_REGION_PERM_R (1u << 3) /* perms, bits 4:3: 0 or 3 = RW (the default), 1 = R, 2 = W */
#define TR_REGION_PERM_W (2u << 3)
#define TR_REGION_PERM_RW (3u << 3)

/* tr.pka operations (funct7) and their argument blocks (arrays of u32) */
enum {
    TR_PKA_X25519_KEYPAIR = 0,  /* priv_out(32), pub_out(32) */
    TR_PKA_X25519_AGREE = 1,    /* priv(32), peer_pub(32), shared_out(32) */
    TR_PKA_ED25519_KEYPAIR = 2, /* seed_out(32), pub_out(32) */
    TR_PKA_ED25519_SIGN = 3,    /* seed(32), msg, msg_len, sig_out(64) */
    TR_PKA_ED25519_VERIFY = 4,  /* pub(32), msg, msg_len, sig(64) -> 1 valid, 0 not */
    TR_PKA_SHA256 = 5,          /* msg, msg_len, digest_out(32) */
    TR_PKA_HKDF_SHA256 = 6      /* salt, salt_len, ikm, ikm_len, info, info_len, out, out_len */
};

#define TR_CSR_TRCTX 0x5C0 /* read-only: context id of the last trap from encrypted mode */

#define TR_INSN_RR(f3, f7, rs1, rs2)                                                               \
    ({                                                                                             \
        int32_t r_;                                                                                \
        __asm__ volatile(".insn r 0x0B, " #f3 ", " #f7 ", %0, %1, %2"                              \
                         : "=r"(r_)                                                                \
                         : "r"(rs1), "r"(rs2)                                                      \
                         : "memory");                                                              \
        r_;                                                                                        \
    })
#define TR_INSN_R(f3, f7, rs1)                                                                     \
    ({                                                                                             \
        int32_t r_;                                                                                \
        __asm__ volatile(".insn r 0x0B, " #f3 ", " #f7 ", %0, %1, x0"                              \
                         : "=r"(r_)                                                                \
                         : "r"(rs1)                                                                \
                         : "memory");                                                              \
        r_;                                                                                        \
    })

/* ---- kernel (S/M-mode, plaintext) ---- */
/** tr.launch: sealed image at physical address image_pa, satp of the process -> context id. */
static inline int32_t tr_launch(uint32_t image_pa, uint32_t satp) {
    return TR_INSN_RR(0, 0, image_pa, satp);
}
/** tr.resume: enter context ctx with a0/a1 = system-call results. Returns only on error.
 * Kernels normally use an assembly stub that also resets the trap stack (kernel/entry.S). */
static inline int32_t tr_resume(uint32_t ctx, uint32_t a0, uint32_t a1) {
    register uint32_t ra0 __asm__("a0") = a0;
    register uint32_t ra1 __asm__("a1") = a1;
    register uint32_t rc __asm__("a2") = ctx;
    __asm__ volatile(".insn r 0x0B, 0, 1, a0, a2, x0" : "+r"(ra0) : "r"(ra1), "r"(rc) : "memory");
    return (int32_t)ra0;
}
static inline int32_t tr_destroy(uint32_t ctx) {
    return TR_INSN_R(0, 2, ctx);
}
static inline int32_t tr_info(uint32_t ctx) {
    return TR_INSN_R(0, 3, ctx);
}
/** tr.savearea: where the chip seals ctx's registers on a trap (physical, 64-byte aligned). */
static inline int32_t tr_savearea(uint32_t ctx, uint32_t pa) {
    return TR_INSN_RR(0, 4, ctx, pa);
}
static inline uint32_t tr_trctx(void) {
    uint32_t v;
    __asm__ volatile("csrr %0, 0x5C0" : "=r"(v));
    return v;
}

/* ---- protected process (U-mode, encrypted execution mode) ---- */
static inline int32_t tr_region(const struct tr_region_desc* d) {
    return TR_INSN_R(1, 0, (uint32_t)(uintptr_t)d);
}
static inline int32_t tr_unregion(uint32_t va_base) {
    return TR_INSN_R(1, 1, va_base);
}
/** tr.keyload: 16-byte key at key_va (inside a hidden region of the caller) -> handle >= 1. */
static inline int32_t tr_keyload(const void* key_va) {
    return TR_INSN_R(1, 2, (uint32_t)(uintptr_t)key_va);
}
static inline int32_t tr_keydrop(uint32_t handle) {
    return TR_INSN_R(1, 3, handle);
}

/* ---- any mode ---- */
/** tr.pka: op = TR_PKA_*, block = VA of the op's u32 argument block. */
#define tr_pka(op, block) TR_INSN_R(2, op, (uint32_t)(uintptr_t)(block))
static inline int32_t tr_pka_x25519_keypair(const uint32_t block[2]) {
    return tr_pka(0, block);
}
static inline int32_t tr_pka_x25519_agree(const uint32_t block[3]) {
    return tr_pka(1, block);
}
static inline int32_t tr_pka_ed25519_keypair(const uint32_t block[2]) {
    return tr_pka(2, block);
}
static inline int32_t tr_pka_ed25519_sign(const uint32_t block[4]) {
    return tr_pka(3, block);
}
static inline int32_t tr_pka_ed25519_verify(const uint32_t block[4]) {
    return tr_pka(4, block);
}
static inline int32_t tr_pka_sha256(const uint32_t block[3]) {
    return tr_pka(5, block);
}
static inline int32_t tr_pka_hkdf_sha256(const uint32_t block[8]) {
    return tr_pka(6, block);
}
static inline uint32_t tr_rand(void) {
    uint32_t r;
    __asm__ volatile(".insn r 0x0B, 2, 15, %0, x0, x0" : "=r"(r)::"memory");
    return r;
}

#endif
