#include "line_cipher.h"

#include "common/errors.h"

#include <cryptopp/aes.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/sha.h>
#include <cryptopp/xts.h>
#include <cstring>
#include <stdexcept>

namespace trvp {

namespace {

void put_le64(uint8_t* p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(p, &v, 8); // one store on the per-line path
#else
    for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
#endif
}

constexpr char xts_info[] = "trvp-xts-tweak";

} // namespace

const std::vector<std::string>& cipher_mode_names() {
    static const std::vector<std::string> names = {"aes-128-xts", "aes-128-ctr", "aes-128-ecb",
                                                   "none"};
    return names;
}

cipher_mode parse_cipher_mode(const std::string& name) {
    static const cipher_mode modes[] = {cipher_mode::xts, cipher_mode::ctr, cipher_mode::ecb,
                                        cipher_mode::none};
    const auto& names = cipher_mode_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return modes[i];
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw user_error("unknown encryption mode '" + name + "' (expected one of: " + list + ")");
}

const char* to_string(cipher_mode m) {
    switch (m) {
    case cipher_mode::xts:
        return "aes-128-xts";
    case cipher_mode::ctr:
        return "aes-128-ctr";
    case cipher_mode::ecb:
        return "aes-128-ecb";
    case cipher_mode::none:
        return "none";
    }
    return "?";
}

key128 xts_tweak_key(const key128& data_key) {
    key128 out{};
    CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
    hkdf.DeriveKey(out.data(), out.size(), data_key.data(), data_key.size(), nullptr, 0,
                   reinterpret_cast<const CryptoPP::byte*>(xts_info), sizeof xts_info - 1);
    return out;
}

// Only the objects of the configured mode are built.
struct line_cipher::keyed {
    uint32_t generation = 0;
    CryptoPP::XTS_Mode<CryptoPP::AES>::Encryption xts_enc;
    CryptoPP::XTS_Mode<CryptoPP::AES>::Decryption xts_dec;
    CryptoPP::AES::Encryption aes_enc; // ctr pads, ecb encryption
    CryptoPP::AES::Decryption aes_dec; // ecb decryption
};

line_cipher::line_cipher(cipher_mode mode, unsigned line_size, const key_table& keys)
    : m_mode(mode), m_line_size(line_size), m_keys(keys), m_cache(keys.id_count()),
      m_scratch(line_size) {
    if (line_size == 0 || line_size % 16 != 0)
        throw user_error("encryption unit: line_size " + std::to_string(line_size) +
                         " is not a non-zero multiple of 16 bytes");
}

line_cipher::~line_cipher() = default;

// The hot path, inline in encrypt() and decrypt(): the id's objects exist and are current.
inline line_cipher::keyed& line_cipher::objects(uint16_t key_id) {
    if (key_id < m_cache.size()) {
        keyed* k = m_cache[key_id].get();
        if (k && k->generation == m_keys.generation(key_id) && m_keys.key_for_eu(key_id)) return *k;
    }
    return rebuild(key_id);
}

line_cipher::keyed& line_cipher::rebuild(uint16_t key_id) {
    const key128* key = m_keys.key_for_eu(key_id);
    if (!key || key_id >= m_cache.size())
        throw std::logic_error("line_cipher: key id " + std::to_string(key_id) + " holds no key");
    const uint32_t gen = m_keys.generation(key_id);
    std::unique_ptr<keyed>& k = m_cache[key_id];
    if (k && k->generation == gen) return *k;

    if (!k) k = std::make_unique<keyed>();
    k->generation = gen;
    ++m_built;
    switch (m_mode) {
    case cipher_mode::xts: {
        uint8_t both[32];
        const key128 tweak = xts_tweak_key(*key);
        std::memcpy(both, key->data(), 16);
        std::memcpy(both + 16, tweak.data(), 16);
        uint8_t iv[16] = {};
        k->xts_enc.SetKeyWithIV(both, sizeof both, iv, sizeof iv);
        k->xts_dec.SetKeyWithIV(both, sizeof both, iv, sizeof iv);
        std::memset(both, 0, sizeof both);
        break;
    }
    case cipher_mode::ctr:
        k->aes_enc.SetKey(key->data(), key->size());
        break;
    case cipher_mode::ecb:
        k->aes_enc.SetKey(key->data(), key->size());
        k->aes_dec.SetKey(key->data(), key->size());
        break;
    case cipher_mode::none:
        break;
    }
    return *k;
}

void line_cipher::ctr_xor(keyed& k, uint64_t pa, uint64_t counter, const uint8_t* in,
                          uint8_t* out) {
    // Locals: the byte stores below may alias any member, which would be reloaded each block.
    uint8_t* const blocks = m_scratch.data();
    const unsigned size = m_line_size;
    for (unsigned off = 0; off < size; off += 16) {
        put_le64(blocks + off, pa + off);
        put_le64(blocks + off + 8, counter);
    }
    // out = AES_K(blocks) ^ in, all blocks in one parallel call.
    k.aes_enc.AdvancedProcessBlocks(blocks, in, out, size,
                                    CryptoPP::BlockTransformation::BT_AllowParallel);
}

void line_cipher::encrypt(uint16_t key_id, uint64_t pa, uint64_t counter, const uint8_t* in,
                          uint8_t* out) {
    transform(true, key_id, pa, counter, in, out);
}

void line_cipher::decrypt(uint16_t key_id, uint64_t pa, uint64_t counter, const uint8_t* in,
                          uint8_t* out) {
    transform(false, key_id, pa, counter, in, out);
}

// One body for both directions: ctr is its own inverse; xts and ecb pick the direction's
// Crypto++ object.
void line_cipher::transform(bool enc, uint16_t key_id, uint64_t pa, uint64_t counter,
                            const uint8_t* in, uint8_t* out) {
    if (key_id == 0 || m_mode == cipher_mode::none) {
        if (in != out) std::memmove(out, in, m_line_size);
        return;
    }
    keyed& k = objects(key_id);
    switch (m_mode) {
    case cipher_mode::xts: {
        uint8_t tweak[16] = {};
        put_le64(tweak, pa);
        CryptoPP::SymmetricCipher& x =
            enc ? static_cast<CryptoPP::SymmetricCipher&>(k.xts_enc) : k.xts_dec;
        x.Resynchronize(tweak, sizeof tweak);
        x.ProcessData(out, in, m_line_size);
        break;
    }
    case cipher_mode::ctr:
        ctr_xor(k, pa, counter, in, out);
        break;
    case cipher_mode::ecb: {
        const CryptoPP::BlockTransformation& b =
            enc ? static_cast<const CryptoPP::BlockTransformation&>(k.aes_enc) : k.aes_dec;
        b.AdvancedProcessBlocks(in, nullptr, out, m_line_size,
                                CryptoPP::BlockTransformation::BT_AllowParallel);
        break;
    }
    case cipher_mode::none:
        break;
    }
}

} // namespace trvp
