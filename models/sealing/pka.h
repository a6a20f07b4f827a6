#pragma once
// The public-key accelerator's operations as plain functions over byte spans (no state, no
// SystemC). The secure unit's PKA instructions and the host tool both call these. Every
// function checks its span sizes and returns a status instead of throwing.

#include "bytes.h"

namespace trvp::sealing {

enum class pka_status {
    ok,
    bad_length,    // an operand has the wrong size (see each function)
    zero_shared,   // X25519 produced the all-zero secret (small-order peer key, RFC 7748 s6.1)
    bad_signature, // Ed25519 verification failed
    bad_tag,       // AES-GCM authentication failed
};
const char* to_string(pka_status s);

constexpr size_t x25519_key_size = 32;
constexpr size_t ed25519_seed_size = 32, ed25519_pub_size = 32, ed25519_sig_size = 64;
constexpr size_t sha256_size = 32;
constexpr size_t hkdf_max_size = 255 * sha256_size;
constexpr size_t aes128_key_size = 16, gcm_nonce_size = 12, gcm_tag_size = 16;

/** X25519 key pair from 32 random bytes: priv = clamped random, pub = priv * base point. */
pka_status x25519_keypair(cspan random, mspan priv, mspan pub);
/** pub = X25519(priv, 9). priv is clamped by the function, as RFC 7748 says. */
pka_status x25519_public(cspan priv, mspan pub);
/** shared = X25519(priv, peer_pub); zero_shared if the result is all zero. */
pka_status x25519_agree(cspan priv, cspan peer_pub, mspan shared);

/** RFC 8032 Ed25519: the private key is the 32-byte seed; pub is derived from it. */
pka_status ed25519_public(cspan seed, mspan pub);
/** sig (64 bytes) = Ed25519 signature of msg under the key derived from seed. */
pka_status ed25519_sign(cspan seed, cspan msg, mspan sig);
/** ok if sig is a valid signature of msg under pub, bad_signature otherwise. */
pka_status ed25519_verify(cspan pub, cspan msg, cspan sig);

/** out (32 bytes) = SHA-256(msg). */
pka_status sha256(cspan msg, mspan out);
/** RFC 5869 HKDF-SHA256; out.size is L, 1..8160. An empty salt means HashLen zero bytes. */
pka_status hkdf_sha256(cspan salt, cspan ikm, cspan info, mspan out);

/** AES-128-GCM with a 12-byte nonce and a 16-byte tag; out has the plaintext's size. */
pka_status aes128_gcm_encrypt(cspan key, cspan nonce, cspan aad, cspan plain, mspan out, mspan tag);
/** Decrypts and verifies; on bad_tag `out` is zeroed, so no unauthenticated byte escapes. */
pka_status aes128_gcm_decrypt(cspan key, cspan nonce, cspan aad, cspan cipher, cspan tag,
                              mspan out);

} // namespace trvp::sealing
