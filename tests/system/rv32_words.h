#pragma once
// Encodes the few RV32I instructions the robustness tests' tiny guests need, so a test can
// build its guest in memory (with tests/platform/elf_builder.h) instead of assembling it.

#include <cstdint>
#include <vector>

namespace trvp::systest::rv {

enum reg : uint32_t { zero = 0, t0 = 5, t1 = 6, t2 = 7, t3 = 28, t4 = 29, t5 = 30, t6 = 31 };

inline uint32_t i_type(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm) {
    return (uint32_t(imm) & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
inline uint32_t s_type(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm) {
    const uint32_t u = uint32_t(imm);
    return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | 0x23;
}
inline uint32_t lui(uint32_t rd, uint32_t upper20) {
    return upper20 << 12 | rd << 7 | 0x37;
}
inline uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) {
    return i_type(0x13, 0, rd, rs1, imm);
}
inline uint32_t ori(uint32_t rd, uint32_t rs1, int32_t imm) {
    return i_type(0x13, 6, rd, rs1, imm);
}
inline uint32_t slli(uint32_t rd, uint32_t rs1, uint32_t sh) {
    return i_type(0x13, 1, rd, rs1, int32_t(sh));
}
inline uint32_t sb(uint32_t rs2, uint32_t rs1, int32_t imm) {
    return s_type(0, rs1, rs2, imm);
}
inline uint32_t sw(uint32_t rs2, uint32_t rs1, int32_t imm) {
    return s_type(2, rs1, rs2, imm);
}
inline uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t imm) {
    return i_type(0x67, 0, rd, rs1, imm);
}
/** jal x0, offset (a jump by `offset` bytes from this instruction; j . is offset 0). */
inline uint32_t j(int32_t offset) {
    const uint32_t u = uint32_t(offset);
    return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
           (u >> 12 & 0xff) << 12 | 0x6f;
}
/** blt rs1, rs2, offset */
inline uint32_t blt(uint32_t rs1, uint32_t rs2, int32_t offset) {
    const uint32_t u = uint32_t(offset);
    return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 4u << 12 |
           (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63;
}
/** csrw csr, rs1 */
inline uint32_t csrw(uint32_t csr, uint32_t rs1) {
    return csr << 20 | rs1 << 15 | 1u << 12 | 0x73;
}
constexpr uint32_t ecall = 0x00000073;

/** Little-endian bytes of the instruction words. */
inline std::vector<uint8_t> bytes(const std::vector<uint32_t>& words) {
    std::vector<uint8_t> b;
    for (uint32_t w : words)
        for (int i = 0; i < 4; ++i) b.push_back(uint8_t(w >> (8 * i)));
    return b;
}

} // namespace trvp::systest::rv
