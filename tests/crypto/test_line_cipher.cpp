#define BOOST_TEST_MODULE line_cipher
#include "common/errors.h"
#include "crypto/line_cipher.h"
#include "crypto_ref.h"

#include <boost/test/unit_test.hpp>
#include <cryptopp/aes.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>
#include <cryptopp/xts.h>
#include <cstring>
#include <vector>

using namespace trvp;
using namespace trvp::test;

namespace {

constexpr unsigned line = 64;

key128 test_key(uint8_t seed) {
    key128 k{};
    for (unsigned i = 0; i < 16; ++i) k[i] = uint8_t(seed * 17 + i * 5 + 1);
    return k;
}

bytes pattern(uint8_t seed, unsigned n = line) {
    bytes b(n);
    for (unsigned i = 0; i < n; ++i) b[i] = uint8_t(seed + i * 3);
    return b;
}

// XTS from its definition (IEEE 1619) on raw AES blocks: a second, independent reference.
bytes manual_xts_encrypt(const key128& k, uint64_t pa, const bytes& p) {
    const bytes tk = ref_tweak_key(k);
    CryptoPP::AES::Encryption data(k.data(), 16), tweak(tk.data(), 16);
    bytes t = le128(pa);
    tweak.ProcessBlock(t.data());
    bytes c(p.size());
    for (size_t off = 0; off < p.size(); off += 16) {
        uint8_t blk[16];
        for (int i = 0; i < 16; ++i) blk[i] = p[off + i] ^ t[i];
        data.ProcessBlock(blk);
        for (int i = 0; i < 16; ++i) c[off + i] = blk[i] ^ t[i];
        // t *= alpha in GF(2^128), little-endian byte order.
        uint8_t carry = 0;
        for (int i = 0; i < 16; ++i) {
            const uint8_t next = t[i] >> 7;
            t[i] = uint8_t((t[i] << 1) | carry);
            carry = next;
        }
        if (carry) t[0] ^= 0x87;
    }
    return c;
}

struct fixture {
    key_table keys{key_table_params{8}};
    uint16_t id = keys.acquire(test_key(1)).id;
    uint16_t id2 = keys.acquire(test_key(2)).id;
};

} // namespace

BOOST_AUTO_TEST_CASE(mode_names) {
    BOOST_TEST((parse_cipher_mode("aes-128-xts") == cipher_mode::xts));
    BOOST_TEST((parse_cipher_mode("aes-128-ctr") == cipher_mode::ctr));
    BOOST_TEST((parse_cipher_mode("aes-128-ecb") == cipher_mode::ecb));
    BOOST_TEST((parse_cipher_mode("none") == cipher_mode::none));
    BOOST_TEST(cipher_mode_names().front() == "aes-128-xts");
    try {
        parse_cipher_mode("aes-256-gcm");
        BOOST_FAIL("no user_error");
    } catch (const user_error& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("aes-256-gcm") != std::string::npos);
        for (const auto& n : cipher_mode_names()) BOOST_TEST(m.find(n) != std::string::npos);
    }
    key_table kt;
    BOOST_CHECK_THROW(line_cipher(cipher_mode::xts, 40, kt), user_error);
    BOOST_CHECK_THROW(line_cipher(cipher_mode::xts, 0, kt), user_error);
}

BOOST_FIXTURE_TEST_CASE(xts_matches_crypto_pp, fixture) {
    line_cipher lc(cipher_mode::xts, line, keys);
    const bytes p = pattern(9);
    bytes c(line), back(line);
    const uint64_t pa = 0x80001240;
    lc.encrypt(id, pa, 0, p.data(), c.data());
    BOOST_TEST(c != p);
    BOOST_TEST(ref_xts_decrypt(test_key(1), pa, c) == p);
    BOOST_TEST(manual_xts_encrypt(test_key(1), pa, p) == c);
    BOOST_TEST((xts_tweak_key(test_key(1)) == [] {
        key128 k;
        const bytes t = ref_tweak_key(test_key(1));
        std::copy(t.begin(), t.end(), k.begin());
        return k;
    }()));
    lc.decrypt(id, pa, 0, c.data(), back.data());
    BOOST_TEST(back == p);
}

BOOST_FIXTURE_TEST_CASE(xts_depends_on_address_and_key, fixture) {
    line_cipher lc(cipher_mode::xts, line, keys);
    const bytes p(line, 0); // equal blocks: xts must still not repeat
    bytes a(line), b(line), c(line);
    lc.encrypt(id, 0x1000, 0, p.data(), a.data());
    lc.encrypt(id, 0x1040, 0, p.data(), b.data());
    lc.encrypt(id2, 0x1000, 0, p.data(), c.data());
    BOOST_TEST(a != b);
    BOOST_TEST(a != c);
    BOOST_TEST(!std::equal(a.begin(), a.begin() + 16, a.begin() + 16));
    // Deterministic: the same line at the same address encrypts the same way.
    bytes again(line);
    lc.encrypt(id, 0x1000, 0, p.data(), again.data());
    BOOST_TEST(again == a);
}

BOOST_FIXTURE_TEST_CASE(ctr_matches_crypto_pp_and_counters_differ, fixture) {
    line_cipher lc(cipher_mode::ctr, line, keys);
    const bytes p = pattern(3);
    const uint64_t pa = 0x80000040;
    bytes c1(line), c2(line), back(line);
    lc.encrypt(id, pa, 1, p.data(), c1.data());
    lc.encrypt(id, pa, 2, p.data(), c2.data());
    BOOST_TEST(c1 != c2);
    const bytes pad = ref_ctr_pad(test_key(1), pa, 1);
    for (unsigned i = 0; i < line; ++i) BOOST_TEST((c1[i] ^ pad[i]) == p[i]);
    lc.decrypt(id, pa, 2, c2.data(), back.data());
    BOOST_TEST(back == p);
    // In place.
    bytes inplace = p;
    lc.encrypt(id, pa, 1, inplace.data(), inplace.data());
    BOOST_TEST(inplace == c1);
}

BOOST_FIXTURE_TEST_CASE(ctr_pads_never_repeat, fixture) {
    // All pad blocks over a few lines, counters and blocks are distinct.
    line_cipher lc(cipher_mode::ctr, line, keys);
    const bytes zero(line, 0);
    std::vector<bytes> blocks;
    for (uint64_t pa = 0; pa < 4 * line; pa += line)
        for (uint64_t ctr = 0; ctr < 4; ++ctr) {
            bytes pad(line);
            lc.encrypt(id, pa, ctr, zero.data(), pad.data());
            for (unsigned off = 0; off < line; off += 16)
                blocks.emplace_back(pad.begin() + off, pad.begin() + off + 16);
        }
    std::sort(blocks.begin(), blocks.end());
    BOOST_TEST((std::adjacent_find(blocks.begin(), blocks.end()) == blocks.end()));
}

BOOST_FIXTURE_TEST_CASE(ecb_matches_crypto_pp_and_repeats, fixture) {
    line_cipher lc(cipher_mode::ecb, line, keys);
    const bytes p(line, 0x5a);
    bytes a(line), b(line), back(line);
    lc.encrypt(id, 0x1000, 0, p.data(), a.data());
    lc.encrypt(id, 0x2000, 7, p.data(), b.data());
    BOOST_TEST(a == b); // no address, no counter: equal lines repeat
    BOOST_TEST(std::equal(a.begin(), a.begin() + 16, a.begin() + 16));
    CryptoPP::ECB_Mode<CryptoPP::AES>::Encryption ref(test_key(1).data(), 16);
    bytes r(line);
    ref.ProcessData(r.data(), p.data(), line);
    BOOST_TEST(a == r);
    lc.decrypt(id, 0x1000, 0, a.data(), back.data());
    BOOST_TEST(back == p);
}

BOOST_FIXTURE_TEST_CASE(key_zero_and_none_copy, fixture) {
    const bytes p = pattern(1);
    for (cipher_mode m : {cipher_mode::xts, cipher_mode::ctr, cipher_mode::ecb}) {
        line_cipher lc(m, line, keys);
        bytes out(line);
        lc.encrypt(0, 0x40, 1, p.data(), out.data());
        BOOST_TEST(out == p);
    }
    line_cipher none(cipher_mode::none, line, keys);
    bytes out(line);
    none.encrypt(id, 0x40, 1, p.data(), out.data());
    BOOST_TEST(out == p);
}

BOOST_FIXTURE_TEST_CASE(cached_schedules_follow_generation, fixture) {
    line_cipher lc(cipher_mode::xts, line, keys);
    const bytes p = pattern(4);
    bytes a(line), b(line);
    for (int i = 0; i < 10; ++i) lc.encrypt(id, 0x40, 0, p.data(), a.data());
    BOOST_TEST(lc.schedules_built() == 1u);
    // Reuse the id for another key: the cached schedule must be dropped.
    keys.release(id);
    keys.scrubbed(id);
    const uint16_t again = keys.acquire(test_key(5)).id;
    BOOST_TEST(again == id);
    lc.encrypt(id, 0x40, 0, p.data(), b.data());
    BOOST_TEST(lc.schedules_built() == 2u);
    BOOST_TEST(a != b);
    BOOST_TEST(ref_xts_decrypt(test_key(5), 0x40, b) == p);
    BOOST_CHECK_THROW(lc.encrypt(7, 0x40, 0, p.data(), b.data()), std::logic_error);
}

BOOST_FIXTURE_TEST_CASE(other_line_sizes, fixture) {
    for (unsigned ls : {16u, 32u, 128u}) {
        line_cipher x(cipher_mode::xts, ls, keys), c(cipher_mode::ctr, ls, keys);
        const bytes p = pattern(2, ls);
        bytes out(ls);
        x.encrypt(id, 0x800, 0, p.data(), out.data());
        BOOST_TEST(ref_xts_decrypt(test_key(1), 0x800, out) == p);
        c.encrypt(id, 0x800, 3, p.data(), out.data());
        const bytes pad = ref_ctr_pad(test_key(1), 0x800, 3, ls);
        for (unsigned i = 0; i < ls; ++i) BOOST_TEST((out[i] ^ pad[i]) == p[i]);
    }
}
