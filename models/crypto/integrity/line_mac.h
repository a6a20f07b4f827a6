#pragma once
// The mac mode's tag of one line (docs/crypto.md, Integrity). Pure C++ on Crypto++:
//   tag = AES-CMAC(K_mac, ct || le64(pa) || le64(version) || le16(key id) || le16(generation))
// truncated to the first tag_bytes bytes, where K_mac = HKDF-SHA256(ikm = the key id's key,
// salt "", info "trvp-line-mac", 16 bytes): an on-chip key per key id, never stored. Keyed
// CMAC objects are cached per key id and rebuilt when the id's generation changes.

#include "tr/key_table.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace trvp {

/** HKDF-SHA256(key, salt "", info "trvp-line-mac") truncated to 16 bytes. */
key128 line_mac_key(const key128& data_key);

class line_mac {
public:
    /** `tag_bytes`: 4..16. */
    line_mac(unsigned line_size, unsigned tag_bytes, const key_table& keys);
    ~line_mac();
    line_mac(const line_mac&) = delete;
    line_mac& operator=(const line_mac&) = delete;

    unsigned tag_bytes() const { return m_tag_bytes; }
    /** The tag of ciphertext `ct` (line_size bytes) at physical address `pa` with `version`
     *  under `key_id` (which must hold a key: a model bug otherwise, std::logic_error). */
    void tag(uint16_t key_id, uint64_t pa, uint64_t version, const uint8_t* ct, uint8_t* out);

private:
    struct keyed;
    keyed& objects(uint16_t key_id);

    const unsigned m_line_size, m_tag_bytes;
    const key_table& m_keys;
    std::vector<std::unique_ptr<keyed>> m_cache; // index = key id
};

/**
 * The authenticator of a tag entry's stamp (docs/crypto.md, Integrity, "The stamp"): under
 * an on-chip key of the unit, independent of any key id's key,
 *   auth = AES-CMAC(K_stamp, le64(pa) || le64(version) || le16(key id) || le16(generation))
 * truncated. It does not cover the ciphertext: it says who wrote the line last (at that
 * version), so a line written under another key reads as zeros only if the claim is genuine.
 */
class stamp_mac {
public:
    explicit stamp_mac(const uint8_t* key16);
    ~stamp_mac();
    stamp_mac(const stamp_mac&) = delete;
    stamp_mac& operator=(const stamp_mac&) = delete;
    void tag(uint64_t pa, uint64_t version, uint16_t key_id, uint16_t generation, uint8_t* out,
             unsigned bytes);

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

} // namespace trvp
