#include "pka.h"

#include <cryptopp/aes.h>
#include <cryptopp/gcm.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/sha.h>
#include <cryptopp/xed25519.h>

#include <algorithm>
#include <cstring>

namespace trvp::sealing {

namespace {

// Crypto++ dislikes null pointers for empty inputs; point empty spans here instead.
const uint8_t empty_byte = 0;
const uint8_t* ptr(cspan s) {
    return s.size ? s.data : &empty_byte;
}

// RFC 7748 s5: decodeScalar25519.
std::array<uint8_t, 32> clamp(cspan k) {
    std::array<uint8_t, 32> c;
    std::memcpy(c.data(), k.data, 32);
    c[0] &= 248;
    c[31] &= 127;
    c[31] |= 64;
    return c;
}

} // namespace

const char* to_string(pka_status s) {
    switch (s) {
    case pka_status::ok:
        return "ok";
    case pka_status::bad_length:
        return "bad operand length";
    case pka_status::zero_shared:
        return "all-zero X25519 shared secret";
    case pka_status::bad_signature:
        return "bad signature";
    case pka_status::bad_tag:
        return "authentication tag mismatch";
    }
    return "unknown";
}

pka_status x25519_keypair(cspan random, mspan priv, mspan pub) {
    if (random.size != 32 || priv.size != 32 || pub.size != 32) return pka_status::bad_length;
    const auto c = clamp(random);
    std::memcpy(priv.data, c.data(), 32);
    return x25519_public(cspan(c), pub);
}

pka_status x25519_public(cspan priv, mspan pub) {
    if (priv.size != 32 || pub.size != 32) return pka_status::bad_length;
    const auto c = clamp(priv);
    CryptoPP::x25519 x(c.data());
    x.GeneratePublicKey(CryptoPP::NullRNG(), c.data(), pub.data);
    return pka_status::ok;
}

pka_status x25519_agree(cspan priv, cspan peer_pub, mspan shared) {
    if (priv.size != 32 || peer_pub.size != 32 || shared.size != 32) return pka_status::bad_length;
    const auto c = clamp(priv);
    std::array<uint8_t, 32> u;
    std::memcpy(u.data(), peer_pub.data, 32);
    u[31] &= 127; // RFC 7748 s5: the most significant bit of the u-coordinate is ignored
    CryptoPP::x25519 x(c.data());
    std::array<uint8_t, 32> out{};
    x.Agree(out.data(), c.data(), u.data(), false);
    if (std::all_of(out.begin(), out.end(), [](uint8_t b) { return b == 0; })) {
        std::memset(shared.data, 0, 32);
        return pka_status::zero_shared;
    }
    std::memcpy(shared.data, out.data(), 32);
    return pka_status::ok;
}

pka_status ed25519_public(cspan seed, mspan pub) {
    if (seed.size != ed25519_seed_size || pub.size != ed25519_pub_size)
        return pka_status::bad_length;
    CryptoPP::ed25519Signer signer(seed.data);
    const auto& key = static_cast<const CryptoPP::ed25519PrivateKey&>(signer.GetPrivateKey());
    std::memcpy(pub.data, key.GetPublicKeyBytePtr(), ed25519_pub_size);
    return pka_status::ok;
}

pka_status ed25519_sign(cspan seed, cspan msg, mspan sig) {
    if (seed.size != ed25519_seed_size || sig.size != ed25519_sig_size)
        return pka_status::bad_length;
    CryptoPP::ed25519Signer signer(seed.data);
    // Ed25519 is deterministic: the generator is never used.
    signer.SignMessage(CryptoPP::NullRNG(), ptr(msg), msg.size, sig.data);
    return pka_status::ok;
}

pka_status ed25519_verify(cspan pub, cspan msg, cspan sig) {
    if (pub.size != ed25519_pub_size || sig.size != ed25519_sig_size) return pka_status::bad_length;
    try {
        CryptoPP::ed25519Verifier verifier(pub.data);
        return verifier.VerifyMessage(ptr(msg), msg.size, sig.data, sig.size)
                   ? pka_status::ok
                   : pka_status::bad_signature;
    } catch (const CryptoPP::Exception&) {
        return pka_status::bad_signature; // an undecodable public key verifies nothing
    }
}

pka_status sha256(cspan msg, mspan out) {
    if (out.size != sha256_size) return pka_status::bad_length;
    CryptoPP::SHA256().CalculateDigest(out.data, ptr(msg), msg.size);
    return pka_status::ok;
}

pka_status hkdf_sha256(cspan salt, cspan ikm, cspan info, mspan out) {
    if (out.size == 0 || out.size > hkdf_max_size) return pka_status::bad_length;
    // HMAC pads its key with zeros, so an empty salt equals HashLen zero bytes (RFC 5869 s2.2).
    CryptoPP::HKDF<CryptoPP::SHA256>().DeriveKey(out.data, out.size, ptr(ikm), ikm.size, ptr(salt),
                                                 salt.size, ptr(info), info.size);
    return pka_status::ok;
}

pka_status aes128_gcm_encrypt(cspan key, cspan nonce, cspan aad, cspan plain, mspan out,
                              mspan tag) {
    if (key.size != aes128_key_size || nonce.size != gcm_nonce_size || out.size != plain.size ||
        tag.size != gcm_tag_size)
        return pka_status::bad_length;
    CryptoPP::GCM<CryptoPP::AES>::Encryption enc;
    enc.SetKeyWithIV(key.data, key.size, nonce.data, nonce.size);
    uint8_t dummy = 0;
    enc.EncryptAndAuthenticate(out.size ? out.data : &dummy, tag.data, tag.size, nonce.data,
                               int(nonce.size), ptr(aad), aad.size, ptr(plain), plain.size);
    return pka_status::ok;
}

pka_status aes128_gcm_decrypt(cspan key, cspan nonce, cspan aad, cspan cipher, cspan tag,
                              mspan out) {
    if (key.size != aes128_key_size || nonce.size != gcm_nonce_size || out.size != cipher.size ||
        tag.size != gcm_tag_size)
        return pka_status::bad_length;
    CryptoPP::GCM<CryptoPP::AES>::Decryption dec;
    dec.SetKeyWithIV(key.data, key.size, nonce.data, nonce.size);
    uint8_t dummy = 0;
    const bool good =
        dec.DecryptAndVerify(out.size ? out.data : &dummy, tag.data, tag.size, nonce.data,
                             int(nonce.size), ptr(aad), aad.size, ptr(cipher), cipher.size);
    if (!good) {
        if (out.size) std::memset(out.data, 0, out.size);
        return pka_status::bad_tag;
    }
    return pka_status::ok;
}

} // namespace trvp::sealing
