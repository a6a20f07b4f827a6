/* The TR extension's ABI (docs/tr-isa.md), written once for the guest (firmware/user/tr.h,
 * C for clang --target=riscv32) and the model (models/tr). Plain C: numbers only, no code.
 *
 * Encoding: custom-0, R-type: funct7 | rs2 | rs1 | funct3 | rd | 0001011. funct3 selects the
 * group (who may execute it), funct7 the operation. The numbers are plain literals because
 * firmware pastes them into `.insn` directives. Results: >= 0 success, < 0 a TR_E* code. */
#ifndef TRVP_TR_ABI_H
#define TRVP_TR_ABI_H

#include <stdint.h>

#define TR_OPCODE 0x0B /* custom-0 */

/* funct3: the groups */
#define TR_F3_KERNEL 0  /* S/M-mode, plaintext: launch, resume, destroy, info, savearea */
#define TR_F3_CONTEXT 1 /* U-mode in encrypted mode: region, unregion, keyload, keydrop */
#define TR_F3_ANY 2     /* any mode: pka, rand */

/* funct7 of TR_F3_KERNEL */
#define TR_F7_LAUNCH 0   /* rs1 = sealed image pa, rs2 = satp -> context id */
#define TR_F7_RESUME 1   /* rs1 = context id; returns only on error */
#define TR_F7_DESTROY 2  /* rs1 = context id */
#define TR_F7_INFO 3     /* rs1 = context id (0: the chip's TR_FEATURE_* bits) -> TR_CTX_* */
#define TR_F7_SAVEAREA 4 /* rs1 = context id, rs2 = save area pa */
/* funct7 of TR_F3_CONTEXT */
#define TR_F7_REGION 0   /* rs1 = va of a struct tr_region_desc */
#define TR_F7_UNREGION 1 /* rs1 = va_base of the region */
#define TR_F7_KEYLOAD 2  /* rs1 = va of a 16-byte key in a hidden region -> handle >= 1 */
#define TR_F7_KEYDROP 3  /* rs1 = handle */
/* funct7 of TR_F3_ANY: the PKA operations 0..6 (TR_PKA_*) and tr.rand */
#define TR_F7_RAND 15 /* -> 32 random bits (never an error) */

/* Result codes */
#define TR_OK 0
#define TR_EINVAL (-1)   /* malformed operand: unaligned, zero size, unknown op */
#define TR_ENOSPC (-2)   /* no free context, EAR entry, key id or handle */
#define TR_EPERM (-3)    /* not allowed here (mode, foreign handle, secret placement) */
#define TR_EOVERLAP (-4) /* the range overlaps an entry of the caller */
#define TR_EFAULT (-5)   /* an operand address does not translate or faults */
#define TR_EIMAGE (-6)   /* the sealed image is refused */
#define TR_ECONTEXT (-7) /* no such context, destroyed, or not resumable */
#define TR_EVERIFY (-8)  /* tr.resume: the saved context blob was altered or replayed */
#define TR_ENOSAVE (-9)  /* tr.resume: contexts are saved in kernel memory; give a save area */
/* A context the secure unit killed because memory refused one of its accesses: the trap that
 * reports it has stval = (uint32_t)code, tr.resume returns the code, tr.destroy frees it. */
#define TR_EINTEGRITY (-10) /* integrity check failed (a line was altered or replayed) */
#define TR_EOWNER (-11)     /* frame ownership refused the access */

/* tr.info results (context states; the model also has "running" = 4 internally) */
#define TR_CTX_FREE 0
#define TR_CTX_RUNNABLE 1
#define TR_CTX_AT_ECALL 2
#define TR_CTX_AT_TRAP 3
#define TR_CTX_KILLED 5 /* killed by the secure unit (TR_EINTEGRITY / TR_EOWNER); destroy it */

/* tr.info(TR_INFO_IMAGE_STATUS): why the last tr.launch that returned TR_EIMAGE refused the
 * image, a TR_IMAGE_* code (0: no image refused yet). The codes 1..13 are the statuses of
 * docs/sealed-image.md ("Opening") in that table's names; TR_IMAGE_TOO_LARGE is the unit's own. */
#define TR_INFO_IMAGE_STATUS 0xffffffffu
#define TR_IMAGE_NONE 0
#define TR_IMAGE_TRUNCATED 1
#define TR_IMAGE_TRAILING_DATA 2
#define TR_IMAGE_BAD_MAGIC 3
#define TR_IMAGE_BAD_VERSION 4
#define TR_IMAGE_BAD_FLAGS 5
#define TR_IMAGE_UNWRAP_FAILED 6
#define TR_IMAGE_MANIFEST_TAG_FAILED 7
#define TR_IMAGE_BAD_MANIFEST 8
#define TR_IMAGE_BAD_PERMISSIONS 9
#define TR_IMAGE_BAD_ALIGNMENT 10
#define TR_IMAGE_OVERLAPPING_SEGMENTS 11
#define TR_IMAGE_BAD_ENTRY 12
#define TR_IMAGE_SEGMENT_TAG_FAILED 13
#define TR_IMAGE_TOO_LARGE 15 /* image size above the unit's max_image_size */

/* tr.info(0): the chip's feature bits */
#define TR_FEATURE_SAVE_MEMORY 1u /* trapped contexts are saved in kernel memory */

/* A save area (tr.savearea): aligned to TR_SAVE_AREA_ALIGN, TR_SAVE_AREA_SIZE bytes; the
 * sealed register blob in it is TR_SAVE_BLOB_SIZE bytes. */
#define TR_SAVE_AREA_SIZE 256u
#define TR_SAVE_AREA_ALIGN 64u
#define TR_SAVE_BLOB_SIZE 160u

/* Region descriptor of tr.region (16 bytes, little endian) */
struct tr_region_desc {
    uint32_t va_base; /* page aligned */
    uint32_t size;    /* page multiple, > 0 */
    uint32_t handle;  /* 0 = the caller's own data key (hidden region) */
    uint32_t flags;   /* TR_REGION_* */
};
#define TR_REGION_ATTACH 1u        /* keep what another sharer wrote (else zero-fill) */
#define TR_REGION_KIND_SHIFT 1     /* kind: bits 2:1 */
#define TR_REGION_HIDDEN (0u << 1) /* private to the caller, under its data key */
#define TR_REGION_SHARED (1u << 1) /* shared under a loaded key (handle) */
#define TR_REGION_NOTIFY (2u << 1) /* shared and plaintext-readable by the kernel */
#define TR_REGION_PERM_SHIFT 3     /* perms: bits 4:3; 0 or 3 = RW (the default), 1 = R, 2 = W */
#define TR_REGION_PERM_R (1u << 3)
#define TR_REGION_PERM_W (2u << 3)
#define TR_REGION_PERM_RW (3u << 3)

/* tr.pka operations (funct7) and their argument blocks (arrays of u32) */
#define TR_PKA_X25519_KEYPAIR 0  /* priv_out(32), pub_out(32) */
#define TR_PKA_X25519_AGREE 1    /* priv(32), peer_pub(32), shared_out(32) */
#define TR_PKA_ED25519_KEYPAIR 2 /* seed_out(32), pub_out(32) */
#define TR_PKA_ED25519_SIGN 3    /* seed(32), msg, msg_len, sig_out(64) */
#define TR_PKA_ED25519_VERIFY 4  /* pub(32), msg, msg_len, sig(64) -> 1 valid, 0 not */
#define TR_PKA_SHA256 5          /* msg, msg_len, digest_out(32) */
#define TR_PKA_HKDF_SHA256 6     /* salt, salt_len, ikm, ikm_len, info, info_len, out, out_len */
#define TR_PKA_COUNT 7

/* CSR trctx: read-only (S/M), the context id of the last trap from encrypted mode */
#define TR_CSR_TRCTX 0x5C0

#endif
