/* Inline wrappers for every TR instruction of docs/tr-isa.md (custom-0, R-type:
 * funct7 | rs2 | rs1 | funct3 | rd | 0001011; the numbers are in models/tr/tr_abi.h, shared
 * with the model). Results: >= 0 success, < 0 TR_E* error.
 * tr.launch/resume/destroy/info and trctx are for the kernel (S-mode); tr.region,
 * tr.unregion, tr.keyload and tr.keydrop for a protected process (U-mode, encrypted);
 * tr.pka and tr.rand anywhere. On a core without the extension (QEMU) each one raises
 * an illegal-instruction exception. */
#ifndef TRVP_TR_H
#define TRVP_TR_H

#include "tr/tr_abi.h" /* models/tr: opcodes, error codes, descriptors (one copy) */

#define TR_STR_(x) #x
#define TR_STR(x) TR_STR_(x)
/* ".insn r 0x0B, f3, f7, " with the numbers of tr_abi.h */
#define TR_INSN_PREFIX(f3, f7) ".insn r " TR_STR(TR_OPCODE) ", " TR_STR(f3) ", " TR_STR(f7) ", "

#define TR_INSN_RR(f3, f7, rs1, rs2)                                                               \
    ({                                                                                             \
        int32_t r_;                                                                                \
        __asm__ volatile(TR_INSN_PREFIX(f3, f7) "%0, %1, %2"                                       \
                         : "=r"(r_)                                                                \
                         : "r"(rs1), "r"(rs2)                                                      \
                         : "memory");                                                              \
        r_;                                                                                        \
    })
#define TR_INSN_R(f3, f7, rs1)                                                                     \
    ({                                                                                             \
        int32_t r_;                                                                                \
        __asm__ volatile(TR_INSN_PREFIX(f3, f7) "%0, %1, x0" : "=r"(r_) : "r"(rs1) : "memory");    \
        r_;                                                                                        \
    })

/* ---- kernel (S/M-mode, plaintext) ---- */
/** tr.launch: sealed image at physical address image_pa, satp of the process -> context id. */
static inline int32_t tr_launch(uint32_t image_pa, uint32_t satp) {
    return TR_INSN_RR(TR_F3_KERNEL, TR_F7_LAUNCH, image_pa, satp);
}
/** tr.resume: enter context ctx with a0/a1 = system-call results. Returns only on error.
 * Kernels normally use an assembly stub that also resets the trap stack (kernel/entry.S). */
static inline int32_t tr_resume(uint32_t ctx, uint32_t a0, uint32_t a1) {
    register uint32_t ra0 __asm__("a0") = a0;
    register uint32_t ra1 __asm__("a1") = a1;
    register uint32_t rc __asm__("a2") = ctx;
    __asm__ volatile(TR_INSN_PREFIX(TR_F3_KERNEL, TR_F7_RESUME) "a0, a2, x0"
                     : "+r"(ra0)
                     : "r"(ra1), "r"(rc)
                     : "memory");
    return (int32_t)ra0;
}
static inline int32_t tr_destroy(uint32_t ctx) {
    return TR_INSN_R(TR_F3_KERNEL, TR_F7_DESTROY, ctx);
}
static inline int32_t tr_info(uint32_t ctx) {
    return TR_INSN_R(TR_F3_KERNEL, TR_F7_INFO, ctx);
}
/** tr.savearea: where the chip seals ctx's registers on a trap (physical, 64-byte aligned). */
static inline int32_t tr_savearea(uint32_t ctx, uint32_t pa) {
    return TR_INSN_RR(TR_F3_KERNEL, TR_F7_SAVEAREA, ctx, pa);
}
static inline uint32_t tr_trctx(void) {
    uint32_t v;
    __asm__ volatile("csrr %0, " TR_STR(TR_CSR_TRCTX) : "=r"(v));
    return v;
}

/* ---- protected process (U-mode, encrypted execution mode) ---- */
static inline int32_t tr_region(const struct tr_region_desc* d) {
    return TR_INSN_R(TR_F3_CONTEXT, TR_F7_REGION, (uint32_t)(uintptr_t)d);
}
static inline int32_t tr_unregion(uint32_t va_base) {
    return TR_INSN_R(TR_F3_CONTEXT, TR_F7_UNREGION, va_base);
}
/** tr.keyload: 16-byte key at key_va (inside a hidden region of the caller) -> handle >= 1. */
static inline int32_t tr_keyload(const void* key_va) {
    return TR_INSN_R(TR_F3_CONTEXT, TR_F7_KEYLOAD, (uint32_t)(uintptr_t)key_va);
}
static inline int32_t tr_keydrop(uint32_t handle) {
    return TR_INSN_R(TR_F3_CONTEXT, TR_F7_KEYDROP, handle);
}

/* ---- any mode ---- */
/** tr.pka: op = TR_PKA_*, block = VA of the op's u32 argument block. */
#define tr_pka(op, block) TR_INSN_R(TR_F3_ANY, op, (uint32_t)(uintptr_t)(block))
static inline int32_t tr_pka_x25519_keypair(const uint32_t block[2]) {
    return tr_pka(TR_PKA_X25519_KEYPAIR, block);
}
static inline int32_t tr_pka_x25519_agree(const uint32_t block[3]) {
    return tr_pka(TR_PKA_X25519_AGREE, block);
}
static inline int32_t tr_pka_ed25519_keypair(const uint32_t block[2]) {
    return tr_pka(TR_PKA_ED25519_KEYPAIR, block);
}
static inline int32_t tr_pka_ed25519_sign(const uint32_t block[4]) {
    return tr_pka(TR_PKA_ED25519_SIGN, block);
}
static inline int32_t tr_pka_ed25519_verify(const uint32_t block[4]) {
    return tr_pka(TR_PKA_ED25519_VERIFY, block);
}
static inline int32_t tr_pka_sha256(const uint32_t block[3]) {
    return tr_pka(TR_PKA_SHA256, block);
}
static inline int32_t tr_pka_hkdf_sha256(const uint32_t block[8]) {
    return tr_pka(TR_PKA_HKDF_SHA256, block);
}
static inline uint32_t tr_rand(void) {
    uint32_t r;
    __asm__ volatile(TR_INSN_PREFIX(TR_F3_ANY, TR_F7_RAND) "%0, x0, x0" : "=r"(r)::"memory");
    return r;
}

#endif
