#define BOOST_TEST_MODULE secure_pka
#include <boost/test/unit_test.hpp>

#include "print.h"
#include "sealing/drbg.h"
#include "sealing/pka.h"

using namespace trvp::sealing;

namespace {

bytes hex(const char* h) {
    return *from_hex(h);
}
std::string hexof(cspan b) {
    return to_hex(b);
}

} // namespace

BOOST_AUTO_TEST_CASE(sha256_abc) {
    bytes out(32);
    BOOST_TEST(sha256("abc", out) == pka_status::ok);
    BOOST_TEST(hexof(out) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    bytes small(31);
    BOOST_TEST(sha256("abc", small) == pka_status::bad_length);
}

BOOST_AUTO_TEST_CASE(hkdf_rfc5869_case1) {
    const bytes ikm(22, 0x0b);
    const bytes salt = hex("000102030405060708090a0b0c");
    const bytes info = hex("f0f1f2f3f4f5f6f7f8f9");
    bytes okm(42);
    BOOST_TEST(hkdf_sha256(salt, ikm, info, okm) == pka_status::ok);
    BOOST_TEST(hexof(okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                             "34007208d5b887185865");
}

BOOST_AUTO_TEST_CASE(hkdf_rfc5869_case3_empty_salt_and_limits) {
    const bytes ikm(22, 0x0b);
    bytes okm(42);
    BOOST_TEST(hkdf_sha256(cspan(), ikm, cspan(), okm) == pka_status::ok);
    BOOST_TEST(hexof(okm) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                             "9d201395faa4b61a96c8");
    bytes max(hkdf_max_size), over(hkdf_max_size + 1), none;
    BOOST_TEST(hkdf_sha256(cspan(), ikm, cspan(), max) == pka_status::ok);
    BOOST_TEST(hkdf_sha256(cspan(), ikm, cspan(), over) == pka_status::bad_length);
    BOOST_TEST(hkdf_sha256(cspan(), ikm, cspan(), none) == pka_status::bad_length);
}

BOOST_AUTO_TEST_CASE(x25519_rfc7748_vectors) {
    // Section 5.2: unclamped scalars; the second u has its top bit set (must be ignored).
    bytes out(32);
    BOOST_TEST(x25519_agree(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                            hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"),
                            out) == pka_status::ok);
    BOOST_TEST(hexof(out) == "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    BOOST_TEST(x25519_agree(hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                            hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"),
                            out) == pka_status::ok);
    BOOST_TEST(hexof(out) == "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

BOOST_AUTO_TEST_CASE(x25519_rfc7748_iterated) {
    bytes k(32, 0), u(32, 0), out(32);
    k[0] = u[0] = 9;
    for (int i = 1; i <= 1000; ++i) {
        BOOST_REQUIRE(x25519_agree(k, u, out) == pka_status::ok);
        u = k;
        k = out;
        if (i == 1)
            BOOST_TEST(hexof(k) ==
                       "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
    BOOST_TEST(hexof(k) == "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

BOOST_AUTO_TEST_CASE(x25519_rfc7748_diffie_hellman) {
    const bytes a = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bytes b = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    bytes apub(32), bpub(32), s1(32), s2(32);
    BOOST_TEST(x25519_public(a, apub) == pka_status::ok);
    BOOST_TEST(x25519_public(b, bpub) == pka_status::ok);
    BOOST_TEST(hexof(apub) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    BOOST_TEST(hexof(bpub) == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    BOOST_TEST(x25519_agree(a, bpub, s1) == pka_status::ok);
    BOOST_TEST(x25519_agree(b, apub, s2) == pka_status::ok);
    BOOST_TEST(hexof(s1) == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    BOOST_TEST(s1 == s2);
}

BOOST_AUTO_TEST_CASE(x25519_rejects_zero_secret_and_bad_lengths) {
    const bytes a = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    bytes out(32, 0xee), u(32, 0);
    BOOST_TEST(x25519_agree(a, u, out) == pka_status::zero_shared); // u = 0
    BOOST_TEST(out == bytes(32, 0));
    u[0] = 1;
    BOOST_TEST(x25519_agree(a, u, out) == pka_status::zero_shared); // u = 1, small order
    bytes short_key(31);
    BOOST_TEST(x25519_agree(short_key, u, out) == pka_status::bad_length);
    bytes priv(32), pub(16);
    BOOST_TEST(x25519_keypair(a, priv, pub) == pka_status::bad_length);
}

BOOST_AUTO_TEST_CASE(x25519_keypair_clamps) {
    bytes r(32, 0xff), priv(32), pub(32), pub2(32);
    BOOST_TEST(x25519_keypair(r, priv, pub) == pka_status::ok);
    BOOST_TEST(priv[0] == 0xf8);
    BOOST_TEST(priv[31] == 0x7f);
    BOOST_TEST(x25519_public(r, pub2) == pka_status::ok);
    BOOST_TEST(pub == pub2);
}

BOOST_AUTO_TEST_CASE(ed25519_rfc8032_test1_and_2) {
    struct vec {
        const char *seed, *pub, *msg, *sig;
    } v[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
         "39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f"
         "3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    };
    for (const auto& t : v) {
        const bytes seed = hex(t.seed), msg = hex(t.msg);
        bytes pub(32), sig(64);
        BOOST_TEST(ed25519_public(seed, pub) == pka_status::ok);
        BOOST_TEST(hexof(pub) == t.pub);
        BOOST_TEST(ed25519_sign(seed, msg, sig) == pka_status::ok);
        BOOST_TEST(hexof(sig) == t.sig);
        BOOST_TEST(ed25519_verify(pub, msg, sig) == pka_status::ok);
        bytes bad = sig;
        bad[5] ^= 1;
        BOOST_TEST(ed25519_verify(pub, msg, bad) == pka_status::bad_signature);
        bytes other = msg;
        other.push_back(0);
        BOOST_TEST(ed25519_verify(pub, other, sig) == pka_status::bad_signature);
    }
    bytes pub(32, 0xff), sig(64);
    BOOST_TEST(ed25519_verify(pub, "x", sig) == pka_status::bad_signature); // garbage key
    BOOST_TEST(ed25519_verify(pub, "x", bytes(63)) == pka_status::bad_length);
}

BOOST_AUTO_TEST_CASE(aes_gcm_round_trip_and_tamper) {
    const bytes key(16, 7), nonce(12, 1), aad = {1, 2, 3}, plain = {10, 20, 30, 40, 50};
    bytes cipher(5), tag(16), back(5);
    BOOST_TEST(aes128_gcm_encrypt(key, nonce, aad, plain, cipher, tag) == pka_status::ok);
    BOOST_TEST(cipher != plain);
    BOOST_TEST(aes128_gcm_decrypt(key, nonce, aad, cipher, tag, back) == pka_status::ok);
    BOOST_TEST(back == plain);
    cipher[0] ^= 1;
    BOOST_TEST(aes128_gcm_decrypt(key, nonce, aad, cipher, tag, back) == pka_status::bad_tag);
    BOOST_TEST(back == bytes(5, 0));
}

BOOST_AUTO_TEST_CASE(drbg_is_deterministic_per_seed) {
    drbg a("42"), b("42"), c("43");
    const bytes x = a.generate(100), y = b.generate(100), z = c.generate(100);
    BOOST_TEST(x == y);
    BOOST_TEST(x != z);
    BOOST_TEST(a.next_u32() == b.next_u32());
    BOOST_TEST(a.generate(100) != x); // the stream moves on
    BOOST_TEST(a.bytes_generated() == 204u);
    // Requests beyond Hash_DRBG's 64 KiB limit are split, still deterministic.
    drbg d(""), e("");
    BOOST_TEST(d.generate(200000) == e.generate(200000));
}
