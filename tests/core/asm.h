#pragma once
// A tiny RV32 assembler for tests: one function per instruction, returning its encoding.
#include <cstdint>
#include <vector>

namespace rv {

using u32 = uint32_t;
using prog = std::vector<u32>;

inline u32 r_type(u32 op, u32 f3, u32 f7, u32 rd, u32 rs1, u32 rs2) {
    return op | (rd << 7) | (f3 << 12) | (rs1 << 15) | (rs2 << 20) | (f7 << 25);
}
inline u32 i_type(u32 op, u32 f3, u32 rd, u32 rs1, int32_t imm) {
    return op | (rd << 7) | (f3 << 12) | (rs1 << 15) | (u32(imm) << 20);
}
inline u32 s_type(u32 op, u32 f3, u32 rs1, u32 rs2, int32_t imm) {
    u32 v = u32(imm);
    return op | ((v & 0x1f) << 7) | (f3 << 12) | (rs1 << 15) | (rs2 << 20) | ((v >> 5) << 25);
}
inline u32 b_type(u32 f3, u32 rs1, u32 rs2, int32_t imm) {
    u32 v = u32(imm);
    return 0x63 | (((v >> 11) & 1) << 7) | (((v >> 1) & 0xf) << 8) | (f3 << 12) | (rs1 << 15) |
           (rs2 << 20) | (((v >> 5) & 0x3f) << 25) | (((v >> 12) & 1) << 31);
}
inline u32 u_type(u32 op, u32 rd, u32 imm20) {
    return op | (rd << 7) | (imm20 << 12);
}
inline u32 j_type(u32 rd, int32_t imm) {
    u32 v = u32(imm);
    return 0x6f | (rd << 7) | (v & 0xff000) | (((v >> 11) & 1) << 20) | (((v >> 1) & 0x3ff) << 21) |
           (((v >> 20) & 1) << 31);
}

// Register names used in tests.
enum : u32 { zero, ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7 };
enum : u32 { s2 = 18, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6 };

inline u32 lui(u32 rd, u32 imm20) {
    return u_type(0x37, rd, imm20 & 0xfffff);
}
inline u32 auipc(u32 rd, u32 imm20) {
    return u_type(0x17, rd, imm20 & 0xfffff);
}
inline u32 jal(u32 rd, int32_t off) {
    return j_type(rd, off);
}
inline u32 jalr(u32 rd, u32 rs1, int32_t off) {
    return i_type(0x67, 0, rd, rs1, off);
}
inline u32 beq(u32 a, u32 b, int32_t off) {
    return b_type(0, a, b, off);
}
inline u32 bne(u32 a, u32 b, int32_t off) {
    return b_type(1, a, b, off);
}
inline u32 blt(u32 a, u32 b, int32_t off) {
    return b_type(4, a, b, off);
}
inline u32 bge(u32 a, u32 b, int32_t off) {
    return b_type(5, a, b, off);
}
inline u32 bltu(u32 a, u32 b, int32_t off) {
    return b_type(6, a, b, off);
}
inline u32 bgeu(u32 a, u32 b, int32_t off) {
    return b_type(7, a, b, off);
}
inline u32 lb(u32 rd, u32 rs1, int32_t o) {
    return i_type(0x03, 0, rd, rs1, o);
}
inline u32 lh(u32 rd, u32 rs1, int32_t o) {
    return i_type(0x03, 1, rd, rs1, o);
}
inline u32 lw(u32 rd, u32 rs1, int32_t o) {
    return i_type(0x03, 2, rd, rs1, o);
}
inline u32 lbu(u32 rd, u32 rs1, int32_t o) {
    return i_type(0x03, 4, rd, rs1, o);
}
inline u32 lhu(u32 rd, u32 rs1, int32_t o) {
    return i_type(0x03, 5, rd, rs1, o);
}
inline u32 sb(u32 rs2, u32 rs1, int32_t o) {
    return s_type(0x23, 0, rs1, rs2, o);
}
inline u32 sh(u32 rs2, u32 rs1, int32_t o) {
    return s_type(0x23, 1, rs1, rs2, o);
}
inline u32 sw(u32 rs2, u32 rs1, int32_t o) {
    return s_type(0x23, 2, rs1, rs2, o);
}
inline u32 addi(u32 rd, u32 rs1, int32_t i) {
    return i_type(0x13, 0, rd, rs1, i);
}
inline u32 slti(u32 rd, u32 rs1, int32_t i) {
    return i_type(0x13, 2, rd, rs1, i);
}
inline u32 sltiu(u32 rd, u32 rs1, int32_t i) {
    return i_type(0x13, 3, rd, rs1, i);
}
inline u32 xori(u32 rd, u32 rs1, int32_t i) {
    return i_type(0x13, 4, rd, rs1, i);
}
inline u32 ori(u32 rd, u32 rs1, int32_t i) {
    return i_type(0x13, 6, rd, rs1, i);
}
inline u32 andi(u32 rd, u32 rs1, int32_t i) {
    return i_type(0x13, 7, rd, rs1, i);
}
inline u32 slli(u32 rd, u32 rs1, u32 sh) {
    return i_type(0x13, 1, rd, rs1, int32_t(sh));
}
inline u32 srli(u32 rd, u32 rs1, u32 sh) {
    return i_type(0x13, 5, rd, rs1, int32_t(sh));
}
inline u32 srai(u32 rd, u32 rs1, u32 sh) {
    return i_type(0x13, 5, rd, rs1, int32_t(sh | 0x400));
}
// clang-format off
#define RV_R(name, f3, f7) \
    inline u32 name(u32 rd, u32 rs1, u32 rs2) { return r_type(0x33, f3, f7, rd, rs1, rs2); }
RV_R(add, 0, 0) RV_R(sub, 0, 0x20) RV_R(sll, 1, 0) RV_R(slt, 2, 0) RV_R(sltu, 3, 0)
RV_R(xor_, 4, 0) RV_R(srl, 5, 0) RV_R(sra, 5, 0x20) RV_R(or_, 6, 0) RV_R(and_, 7, 0)
RV_R(mul, 0, 1) RV_R(mulh, 1, 1) RV_R(mulhsu, 2, 1) RV_R(mulhu, 3, 1)
RV_R(div, 4, 1) RV_R(divu, 5, 1) RV_R(rem, 6, 1) RV_R(remu, 7, 1)
#undef RV_R
    // clang-format on
    inline u32 fence() {
    return 0x0ff0000f;
}
inline u32 fence_i() {
    return 0x0000100f;
}
inline u32 ecall() {
    return 0x00000073;
}
inline u32 ebreak() {
    return 0x00100073;
}
inline u32 mret() {
    return 0x30200073;
}
inline u32 sret() {
    return 0x10200073;
}
inline u32 wfi() {
    return 0x10500073;
}
inline u32 sfence_vma(u32 rs1, u32 rs2) {
    return r_type(0x73, 0, 0x09, 0, rs1, rs2);
}
inline u32 csrrw(u32 rd, u32 csr, u32 rs1) {
    return i_type(0x73, 1, rd, rs1, int32_t(csr));
}
inline u32 csrrs(u32 rd, u32 csr, u32 rs1) {
    return i_type(0x73, 2, rd, rs1, int32_t(csr));
}
inline u32 csrrc(u32 rd, u32 csr, u32 rs1) {
    return i_type(0x73, 3, rd, rs1, int32_t(csr));
}
inline u32 csrrwi(u32 rd, u32 csr, u32 z) {
    return i_type(0x73, 5, rd, z, int32_t(csr));
}
inline u32 csrrsi(u32 rd, u32 csr, u32 z) {
    return i_type(0x73, 6, rd, z, int32_t(csr));
}
inline u32 csrrci(u32 rd, u32 csr, u32 z) {
    return i_type(0x73, 7, rd, z, int32_t(csr));
}
inline u32 csrr(u32 rd, u32 csr) {
    return csrrs(rd, csr, zero);
}
inline u32 csrw(u32 csr, u32 rs1) {
    return csrrw(zero, csr, rs1);
}
inline u32 nop() {
    return addi(zero, zero, 0);
}

/** li: lui + addi (two words, always). */
inline prog li(u32 rd, u32 v) {
    u32 hi = (v + 0x800) >> 12;
    return {lui(rd, hi), addi(rd, rd, int32_t(v << 20) >> 20)};
}

/** Concatenates programs / words. */
inline prog operator+(prog a, const prog& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}
inline prog operator+(prog a, u32 w) {
    a.push_back(w);
    return a;
}

} // namespace rv
