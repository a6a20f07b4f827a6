#include "line_mac.h"

#include <cryptopp/aes.h>
#include <cryptopp/cmac.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/sha.h>
#include <stdexcept>
#include <string>

namespace trvp {

namespace {
constexpr char mac_info[] = "trvp-line-mac";

void put_le(uint8_t* p, uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
} // namespace

key128 line_mac_key(const key128& data_key) {
    key128 out{};
    CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
    hkdf.DeriveKey(out.data(), out.size(), data_key.data(), data_key.size(), nullptr, 0,
                   reinterpret_cast<const CryptoPP::byte*>(mac_info), sizeof mac_info - 1);
    return out;
}

struct line_mac::keyed {
    uint32_t generation = 0;
    CryptoPP::CMAC<CryptoPP::AES> cmac;
};

line_mac::line_mac(unsigned line_size, unsigned tag_bytes, const key_table& keys)
    : m_line_size(line_size), m_tag_bytes(tag_bytes), m_keys(keys), m_cache(keys.id_count()) {
    if (tag_bytes < 4 || tag_bytes > 16)
        throw std::invalid_argument("line_mac: tag_bytes must be 4..16");
}

line_mac::~line_mac() = default;

line_mac::keyed& line_mac::objects(uint16_t key_id) {
    const key128* key = m_keys.key_for_eu(key_id);
    if (!key || key_id >= m_cache.size())
        throw std::logic_error("line_mac: key id " + std::to_string(key_id) + " holds no key");
    const uint32_t gen = m_keys.generation(key_id);
    std::unique_ptr<keyed>& k = m_cache[key_id];
    if (k && k->generation == gen) return *k;
    if (!k) k = std::make_unique<keyed>();
    k->generation = gen;
    key128 mk = line_mac_key(*key);
    k->cmac.SetKey(mk.data(), mk.size());
    mk.fill(0);
    return *k;
}

void line_mac::tag(uint16_t key_id, uint64_t pa, uint64_t version, const uint8_t* ct,
                   uint8_t* out) {
    keyed& k = objects(key_id);
    uint8_t tail[20];
    put_le(tail, pa, 8);
    put_le(tail + 8, version, 8);
    put_le(tail + 16, key_id, 2);
    put_le(tail + 18, k.generation, 2);
    k.cmac.Update(ct, m_line_size);
    k.cmac.Update(tail, sizeof tail);
    k.cmac.TruncatedFinal(out, m_tag_bytes);
}

struct stamp_mac::impl {
    CryptoPP::CMAC<CryptoPP::AES> cmac;
};

stamp_mac::stamp_mac(const uint8_t* key16) : m_impl(std::make_unique<impl>()) {
    m_impl->cmac.SetKey(key16, 16);
}

stamp_mac::~stamp_mac() = default;

void stamp_mac::tag(uint64_t pa, uint64_t version, uint16_t key_id, uint16_t generation,
                    uint8_t* out, unsigned bytes) {
    uint8_t msg[20];
    put_le(msg, pa, 8);
    put_le(msg + 8, version, 8);
    put_le(msg + 16, key_id, 2);
    put_le(msg + 18, generation, 2);
    m_impl->cmac.Update(msg, sizeof msg);
    m_impl->cmac.TruncatedFinal(out, bytes);
}

} // namespace trvp
