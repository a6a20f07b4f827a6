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

} // namespace trvp
