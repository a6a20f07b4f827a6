/* The scenarios' wire protocol (docs/claims.md). Shared by the scenario programs and by
 * the kernel's man-in-the-middle (kernel/attack.c): the protocol is public, only the keys
 * are secret. Plain C, no includes beyond <stdint.h>. */
#ifndef TRVP_SCN_PROTO_H
#define TRVP_SCN_PROTO_H

#include <stdint.h>

/* Key-exchange message (one each way): the X25519 public value of the sender, optionally
 * signed (Ed25519) with the signing seed built into the sender's sealed program. The
 * signature covers bytes [0, SCN_KX_SIGNED_LEN): magic, role, sender pid, peer pid, public
 * value. The initiator (the owner) sends first; the responder answers. */
#define SCN_KX_MAGIC "TRVPKX01"
#define SCN_KX_MAGIC_LEN 8
enum { SCN_ROLE_INITIATOR = 'I', SCN_ROLE_RESPONDER = 'R' };
struct scn_kx_msg {
    char magic[8];    /* SCN_KX_MAGIC */
    uint8_t role;     /* SCN_ROLE_* */
    uint8_t signed_;  /* 1: sig is valid over the first SCN_KX_SIGNED_LEN bytes */
    uint8_t from, to; /* pids */
    uint8_t pub[32];  /* X25519 public value */
    uint8_t sig[64];  /* Ed25519 signature (signed_ = 1) */
};
#define SCN_KX_SIGNED_LEN 44u
#define SCN_KX_MSG_LEN 108u

/* Key derivation, identical on both sides: key = HKDF-SHA256(salt = initiator's public value
 * || responder's public value (as each side saw them), ikm = X25519 shared secret,
 * info = SCN_HKDF_INFO, L = 16). */
#define SCN_HKDF_INFO "trvp scenario common key v1"
#define SCN_HKDF_INFO_LEN 27u

/* Plaintext markers: 16 bytes "TRVPMARK-<kind>-Pnn" written next to the secrets (hidden
 * regions), into each sharer's slot of a shared region and into notification regions.
 * The system tests scan raw DRAM for them: never in plaintext outside the regions (xts,
 * ctr, ecb), always in the `none` control. Built at run time, so only the regions hold the
 * whole string. */
#define SCN_MARK_PREFIX "TRVPMARK"
#define SCN_MARK_HIDDEN "HID"
#define SCN_MARK_SHARED "SHR"
#define SCN_MARK_NOTIFY "NTF"

#endif
