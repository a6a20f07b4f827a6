#pragma once
// The counter tree's node MAC: AES-128-CMAC under an on-chip tree key over
// le64(node address) || le64(parent counter) || the node's packed counters, truncated to
// tag_bytes (docs/crypto.md, Counter tree). Binding the address stops a node being moved;
// binding the parent's counter, which is bumped on every write-back of the node, stops an
// older copy being replayed. Pure C++ on Crypto++; the keyed object is built once.

#include <cstdint>
#include <memory>

namespace trvp {

class node_mac {
public:
    /** `key`: 16 bytes. */
    node_mac(const uint8_t* key, unsigned line_size, unsigned tag_bytes);
    ~node_mac();
    node_mac(const node_mac&) = delete;
    node_mac& operator=(const node_mac&) = delete;

    /** Writes the MAC of `line` (its counter bytes) into its last tag_bytes bytes. */
    void seal(uint64_t addr, uint64_t parent_counter, uint8_t* line);
    /** True if the MAC in the last tag_bytes of `line` is right. */
    bool check(uint64_t addr, uint64_t parent_counter, const uint8_t* line);
    uint64_t computed() const { return m_computed; }

private:
    struct impl;
    void compute(uint64_t addr, uint64_t parent_counter, const uint8_t* line, uint8_t* tag);

    std::unique_ptr<impl> m_impl;
    const unsigned m_line_size, m_tag_bytes;
    uint64_t m_computed = 0;
};

} // namespace trvp
