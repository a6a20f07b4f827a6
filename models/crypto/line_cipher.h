#pragma once
// Encrypts and decrypts one cache line under a key id of the key table. Pure C++ on
// Crypto++ (AES-NI). Keyed cipher objects are cached per key id and rebuilt only when the
// id's generation changes: building a fresh object per line costs 5-10x more host time.
//
// Constructions (docs/crypto.md):
//  aes-128-xts  the whole line is one XTS data unit; data key = the table's key; tweak key =
//               HKDF-SHA256(key, salt "", info "trvp-xts-tweak", 16 bytes); tweak = the
//               line's physical address as a 128-bit little-endian number (IEEE 1619).
//  aes-128-ctr  block i of the line (16 bytes at physical address pa + 16 i) is XORed with
//               AES_K(le64(pa + 16 i) || le64(counter)); the 64-bit counter is the line's
//               write counter. Block addresses are distinct, so no pad repeats across
//               blocks or lines, and a line's counter never repeats.
//  aes-128-ecb  AES_K on every 16-byte block (the XOM-style baseline; equal blocks repeat).
//  none         copy.
// Key id 0 is plaintext in every mode: the line is copied unchanged.

#include "tr/key_table.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace trvp {

enum class cipher_mode : uint8_t { xts, ctr, ecb, none };

/** "aes-128-xts", "aes-128-ctr", "aes-128-ecb" or "none"; anything else: user_error. */
cipher_mode parse_cipher_mode(const std::string& name);
const char* to_string(cipher_mode m);
/** The accepted mode names, default first. */
const std::vector<std::string>& cipher_mode_names();

/** HKDF-SHA256(key, salt "", info "trvp-xts-tweak") truncated to 16 bytes. */
key128 xts_tweak_key(const key128& data_key);

class line_cipher {
public:
    /** `line_size` must be a non-zero multiple of 16 (user_error otherwise). */
    line_cipher(cipher_mode mode, unsigned line_size, const key_table& keys);
    ~line_cipher();
    line_cipher(const line_cipher&) = delete;
    line_cipher& operator=(const line_cipher&) = delete;

    /**
     * One line of `line_size()` bytes at physical address `pa` (line aligned); `counter` is
     * used by ctr only. `in` and `out` may be the same buffer. A key id that is free or out
     * of range is a model bug (std::logic_error): the attribute lookup never yields one.
     */
    void encrypt(uint16_t key_id, uint64_t pa, uint64_t counter, const uint8_t* in, uint8_t* out);
    void decrypt(uint16_t key_id, uint64_t pa, uint64_t counter, const uint8_t* in, uint8_t* out);

    cipher_mode mode() const { return m_mode; }
    unsigned line_size() const { return m_line_size; }
    /** Keyed objects built so far (a rebuild after a generation change counts again). */
    uint64_t schedules_built() const { return m_built; }

private:
    struct keyed; // the Crypto++ objects of one key id

    keyed& objects(uint16_t key_id);
    keyed& rebuild(uint16_t key_id); // builds (or rebuilds) the id's objects
    void transform(bool enc, uint16_t key_id, uint64_t pa, uint64_t counter, const uint8_t* in,
                   uint8_t* out);
    void ctr_xor(keyed& k, uint64_t pa, uint64_t counter, const uint8_t* in, uint8_t* out);

    const cipher_mode m_mode;
    const unsigned m_line_size;
    const key_table& m_keys;
    std::vector<std::unique_ptr<keyed>> m_cache; // index = key id
    std::vector<uint8_t> m_scratch;              // ctr counter blocks
    uint64_t m_built = 0;
};

} // namespace trvp
