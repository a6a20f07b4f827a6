#pragma once
// The instruction set as a table: rows of insn_desc, looked up by major opcode.
#include "decoded.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace trvp::core {

/** An opcode table plus the decoder that builds decoded_insn entries from it. */
class isa_table {
public:
    /** RV32IM + Zicsr + Zifencei + the privileged instructions, plus RV32A if `a`; compressed
     *  encodings are decoded if `c` (else they are illegal). */
    static isa_table standard(bool a = true, bool c = true);

    /** Adds a row. Rows with more mask bits win; among equals, the later row wins. */
    void add(const insn_desc& d);
    /** Decodes `raw` (a 32-bit encoding, or a 16-bit compressed one in the low half when its
     *  bits 1:0 are not 11); returns false (and an "illegal" entry in `out`) when no row
     *  matches or the compressed encoding is reserved. Sets out.len to 2 or 4. */
    bool decode(uint32_t raw, decoded_insn& out) const;
    bool compressed() const { return m_compressed; }
    /** The row named `name`, or nullptr. */
    const insn_desc* find(const char* name) const;
    size_t size() const { return m_rows.size(); }

    isa_table() = default;
    isa_table(const isa_table& o)
        : m_rows(o.m_rows), m_buckets(o.m_buckets), m_compressed(o.m_compressed) {}
    isa_table& operator=(const isa_table& o) {
        m_rows = o.m_rows;
        m_buckets = o.m_buckets;
        m_compressed = o.m_compressed;
        return *this;
    }

    /** The entry used for illegal encodings (raises illegal instruction, tval = raw). */
    static const insn_desc illegal;

private:
    std::deque<insn_desc> m_rows; // deque: rows never move, decoded entries point at them
    std::array<std::vector<uint32_t>, 32> m_buckets; // by raw[6:2], most specific first
    bool m_compressed = false;
};

/** Length in bytes of the instruction whose first halfword is `lo` (2 or 4). */
inline uint32_t insn_length(uint32_t lo) {
    return (lo & 3) == 3 ? 4 : 2;
}
/** RV32C: the 32-bit instruction the compressed `c` stands for; false if `c` is reserved,
 *  an F/D or RV64-only form, or not compressed (rv32c.cpp). */
bool expand_compressed(uint16_t c, uint32_t& out);

// Extension tables (one source file each).
void add_rv32i(isa_table& t);
void add_rv32m(isa_table& t);
void add_zicsr(isa_table& t);
void add_system(isa_table& t);
void add_rv32a(isa_table& t);

/** Immediate extraction per format (also used by tests and extensions). */
namespace imm {
inline int32_t i(uint32_t r) {
    return int32_t(r) >> 20;
}
inline int32_t s(uint32_t r) {
    return int32_t((uint32_t(int32_t(r) >> 25) << 5) | ((r >> 7) & 0x1f)); // no signed shift left
}
inline int32_t b(uint32_t r) {
    return (int32_t(r & 0x80000000u) >> 19) | ((r & 0x80) << 4) | ((r >> 20) & 0x7e0) |
           ((r >> 7) & 0x1e);
}
inline int32_t u(uint32_t r) {
    return int32_t(r & 0xfffff000u);
}
inline int32_t j(uint32_t r) {
    return (int32_t(r & 0x80000000u) >> 11) | (r & 0xff000) | ((r >> 9) & 0x800) |
           ((r >> 20) & 0x7fe);
}
} // namespace imm

/** Match/mask helpers for table rows. */
constexpr uint32_t enc(uint32_t opcode, uint32_t funct3 = 0, uint32_t funct7 = 0) {
    return opcode | (funct3 << 12) | (funct7 << 25);
}
constexpr uint32_t mask_op = 0x7f;
constexpr uint32_t mask_f3 = 0x707f;
constexpr uint32_t mask_f7 = 0xfe00707f;
constexpr uint32_t mask_all = 0xffffffffu;

} // namespace trvp::core
