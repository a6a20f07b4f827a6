#pragma once
// Reference cryptography for the tests, built directly on Crypto++ (not on line_cipher):
// what DRAM must hold for a given key, address and counter (docs/crypto.md).

#include "tr/key_table.h"

#include <cryptopp/aes.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>
#include <cryptopp/xts.h>
#include <string>
#include <vector>

namespace trvp::test {

using bytes = std::vector<uint8_t>;

inline bytes ref_tweak_key(const key128& k) {
    bytes out(16);
    const std::string info = "trvp-xts-tweak";
    const uint8_t salt = 0;
    CryptoPP::HKDF<CryptoPP::SHA256>().DeriveKey(
        out.data(), out.size(), k.data(), k.size(), &salt, 0,
        reinterpret_cast<const CryptoPP::byte*>(info.data()), info.size());
    return out;
}

inline bytes le128(uint64_t pa) {
    bytes t(16, 0);
    for (int i = 0; i < 8; ++i) t[i] = uint8_t(pa >> (8 * i));
    return t;
}

inline bytes ref_xts_decrypt(const key128& k, uint64_t pa, const bytes& c) {
    bytes both(k.begin(), k.end());
    const bytes tk = ref_tweak_key(k);
    both.insert(both.end(), tk.begin(), tk.end());
    const bytes iv = le128(pa);
    CryptoPP::XTS_Mode<CryptoPP::AES>::Decryption dec;
    dec.SetKeyWithIV(both.data(), both.size(), iv.data(), iv.size());
    bytes p(c.size());
    dec.ProcessData(p.data(), c.data(), c.size());
    return p;
}

inline bytes ref_ctr_pad(const key128& k, uint64_t pa, uint64_t counter, unsigned n = 64) {
    CryptoPP::AES::Encryption aes(k.data(), 16);
    bytes pad(n);
    for (unsigned off = 0; off < n; off += 16) {
        uint8_t blk[16];
        for (int i = 0; i < 8; ++i) blk[i] = uint8_t((pa + off) >> (8 * i));
        for (int i = 0; i < 8; ++i) blk[8 + i] = uint8_t(counter >> (8 * i));
        aes.ProcessBlock(blk, pad.data() + off);
    }
    return pad;
}

inline bytes ref_ctr_decrypt(const key128& k, uint64_t pa, uint64_t counter, const bytes& c) {
    const bytes pad = ref_ctr_pad(k, pa, counter, unsigned(c.size()));
    bytes p(c.size());
    for (size_t i = 0; i < c.size(); ++i) p[i] = c[i] ^ pad[i];
    return p;
}

inline bytes ref_ecb_decrypt(const key128& k, const bytes& c) {
    CryptoPP::ECB_Mode<CryptoPP::AES>::Decryption dec(k.data(), 16);
    bytes p(c.size());
    dec.ProcessData(p.data(), c.data(), c.size());
    return p;
}

} // namespace trvp::test
