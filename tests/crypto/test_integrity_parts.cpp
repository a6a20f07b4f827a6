#define BOOST_TEST_MODULE integrity_parts
// The pure C++ parts of integrity mode mac: the line tag against Crypto++'s CMAC computed
// independently here, and the metadata cache's LRU and dirty victims.
#include "crypto/integrity/line_mac.h"
#include "crypto/integrity/meta_cache.h"

#include <boost/test/unit_test.hpp>
#include <cryptopp/aes.h>
#include <cryptopp/cmac.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/sha.h>
#include <vector>

using namespace trvp;

BOOST_AUTO_TEST_CASE(line_tag_is_truncated_cmac_over_ct_pa_version_key) {
    key_table keys{key_table_params{4}};
    key128 k{};
    for (unsigned i = 0; i < 16; ++i) k[i] = uint8_t(3 * i + 1);
    const uint16_t id = keys.acquire(k).id;
    std::vector<uint8_t> ct(64);
    for (unsigned i = 0; i < 64; ++i) ct[i] = uint8_t(i * 5);
    line_mac mac(64, 8, keys);
    uint8_t tag[16] = {};
    mac.tag(id, 0x80001040, 7, ct.data(), tag);

    // Reference: HKDF-SHA256(k, info "trvp-line-mac"), CMAC over the documented message.
    uint8_t mk[16];
    const char info[] = "trvp-line-mac";
    CryptoPP::HKDF<CryptoPP::SHA256>().DeriveKey(mk, 16, k.data(), 16, nullptr, 0,
                                                 reinterpret_cast<const uint8_t*>(info), 13);
    std::vector<uint8_t> msg(ct);
    const uint64_t pa = 0x80001040, version = 7;
    for (unsigned i = 0; i < 8; ++i) msg.push_back(uint8_t(pa >> (8 * i)));
    for (unsigned i = 0; i < 8; ++i) msg.push_back(uint8_t(version >> (8 * i)));
    msg.push_back(uint8_t(id));
    msg.push_back(0);
    msg.push_back(uint8_t(keys.generation(id)));
    msg.push_back(0);
    CryptoPP::CMAC<CryptoPP::AES> ref(mk, 16);
    uint8_t want[16];
    ref.CalculateDigest(want, msg.data(), msg.size());
    BOOST_TEST(std::vector<uint8_t>(tag, tag + 8) == std::vector<uint8_t>(want, want + 8));
    BOOST_TEST(tag[8] == 0); // truncated: nothing beyond tag_bytes

    // Every bound input changes the tag.
    uint8_t other[16] = {};
    mac.tag(id, 0x80001080, 7, ct.data(), other);
    BOOST_TEST(std::vector<uint8_t>(other, other + 8) != std::vector<uint8_t>(tag, tag + 8));
    mac.tag(id, 0x80001040, 8, ct.data(), other);
    BOOST_TEST(std::vector<uint8_t>(other, other + 8) != std::vector<uint8_t>(tag, tag + 8));
    ct[3] ^= 1;
    mac.tag(id, 0x80001040, 7, ct.data(), other);
    BOOST_TEST(std::vector<uint8_t>(other, other + 8) != std::vector<uint8_t>(tag, tag + 8));
}

BOOST_AUTO_TEST_CASE(meta_cache_lru_and_dirty_victims) {
    meta_cache c(meta_cache_params{2, 2, 1}, 64); // one set, two ways
    std::vector<uint8_t> a(64, 1), b(64, 2), d(64, 3), victim(64);
    meta_cache::victim v;
    BOOST_TEST(c.lookup(0) == nullptr);
    c.fill(0, a.data(), victim.data(), v);
    BOOST_TEST(!v.valid);
    c.fill(64, b.data(), victim.data(), v);
    BOOST_TEST(!v.valid);
    c.lookup(0)[0] = 9; // line 0 most recently used, modified
    c.mark_dirty(0);
    c.fill(128, d.data(), victim.data(), v); // evicts 64 (clean): no victim
    BOOST_TEST(!v.valid);
    BOOST_TEST(c.peek(64) == nullptr);
    c.fill(192, d.data(), victim.data(), v); // evicts 0 (dirty)
    BOOST_TEST(v.valid);
    BOOST_TEST(v.addr == 0u);
    BOOST_TEST(victim[0] == 9);
    BOOST_TEST(victim[1] == 1);
    BOOST_CHECK_THROW(meta_cache(meta_cache_params{3, 2, 1}, 64), std::invalid_argument);
}
