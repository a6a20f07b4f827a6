#include "node_mac.h"

#include <cryptopp/aes.h>
#include <cryptopp/cmac.h>
#include <cryptopp/misc.h>
#include <cstring>

namespace trvp {

struct node_mac::impl {
    CryptoPP::CMAC<CryptoPP::AES> cmac;
};

node_mac::node_mac(const uint8_t* key, unsigned line_size, unsigned tag_bytes)
    : m_impl(std::make_unique<impl>()), m_line_size(line_size), m_tag_bytes(tag_bytes) {
    m_impl->cmac.SetKey(key, 16);
}

node_mac::~node_mac() = default;

void node_mac::compute(uint64_t addr, uint64_t parent_counter, const uint8_t* line, uint8_t* tag) {
    uint8_t head[16];
    for (unsigned i = 0; i < 8; ++i) {
        head[i] = uint8_t(addr >> (8 * i));
        head[8 + i] = uint8_t(parent_counter >> (8 * i));
    }
    CryptoPP::CMAC<CryptoPP::AES>& m = m_impl->cmac;
    m.Update(head, sizeof head);
    m.Update(line, m_line_size - m_tag_bytes);
    uint8_t full[16];
    m.Final(full);
    std::memcpy(tag, full, m_tag_bytes);
    ++m_computed;
}

void node_mac::seal(uint64_t addr, uint64_t parent_counter, uint8_t* line) {
    compute(addr, parent_counter, line, line + m_line_size - m_tag_bytes);
}

bool node_mac::check(uint64_t addr, uint64_t parent_counter, const uint8_t* line) {
    uint8_t tag[16];
    compute(addr, parent_counter, line, tag);
    return CryptoPP::VerifyBufsEqual(tag, line + m_line_size - m_tag_bytes, m_tag_bytes);
}

} // namespace trvp
