// RV32C: each compressed instruction is expanded to the 32-bit instruction it stands for
// (unprivileged spec, chapter "C" Standard Extension, RV32 column), which the table then
// decodes as usual. Encodings the spec reserves, the F/D loads and stores (no F or D here) and
// the RV64-only forms are illegal. HINTs (rd = x0, shift amount 0, ...) expand to their
// 32-bit form, which has no effect or writes x0.
#include "isa.h"

namespace trvp::core {

namespace {
uint32_t bits(uint32_t v, unsigned hi, unsigned lo) {
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}
uint32_t bit(uint32_t v, unsigned b) {
    return (v >> b) & 1;
}
// The 3-bit register fields name x8..x15.
uint32_t creg(uint32_t v, unsigned lo) {
    return 8 + bits(v, lo + 2, lo);
}
// Sign-extends the low `n` bits of v.
int32_t sext(uint32_t v, unsigned n) {
    return int32_t(v << (32 - n)) >> (32 - n);
}

uint32_t i_type(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm) {
    return op | (rd << 7) | (f3 << 12) | (rs1 << 15) | (uint32_t(imm) << 20);
}
uint32_t s_type(uint32_t f3, uint32_t rs1, uint32_t rs2, uint32_t imm) {
    return 0x23 | ((imm & 0x1f) << 7) | (f3 << 12) | (rs1 << 15) | (rs2 << 20) | ((imm >> 5) << 25);
}
uint32_t r_type(uint32_t f3, uint32_t f7, uint32_t rd, uint32_t rs1, uint32_t rs2) {
    return 0x33 | (rd << 7) | (f3 << 12) | (rs1 << 15) | (rs2 << 20) | (f7 << 25);
}
uint32_t b_type(uint32_t f3, uint32_t rs1, int32_t imm) {
    uint32_t v = uint32_t(imm);
    return 0x63 | (bit(v, 11) << 7) | (bits(v, 4, 1) << 8) | (f3 << 12) | (rs1 << 15) |
           (bits(v, 10, 5) << 25) | (bit(v, 12) << 31);
}
uint32_t j_type(uint32_t rd, int32_t imm) {
    uint32_t v = uint32_t(imm);
    return 0x6f | (rd << 7) | (bits(v, 19, 12) << 12) | (bit(v, 11) << 20) |
           (bits(v, 10, 1) << 21) | (bit(v, 20) << 31);
}

// The offsets of c.j / c.jal: imm[11|4|9:8|10|6|7|3:1|5] in bits 12..2.
int32_t cj_offset(uint32_t c) {
    uint32_t v = (bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) |
                 (bit(c, 8) << 10) | (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) |
                 (bit(c, 2) << 5);
    return sext(v, 12);
}
// c.beqz / c.bnez: imm[8|4:3] in 12..10, imm[7:6|2:1|5] in 6..2.
int32_t cb_offset(uint32_t c) {
    uint32_t v = (bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) |
                 (bits(c, 4, 3) << 1) | (bit(c, 2) << 5);
    return sext(v, 9);
}
// The 6-bit immediate of c.addi, c.li, c.andi: imm[5] in 12, imm[4:0] in 6..2.
int32_t ci_imm(uint32_t c) {
    return sext((bit(c, 12) << 5) | bits(c, 6, 2), 6);
}

bool quadrant0(uint32_t c, uint32_t& out) {
    const uint32_t rd = creg(c, 2), rs1 = creg(c, 7);
    const uint32_t lw_off = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
    switch (bits(c, 15, 13)) {
    case 0: { // c.addi4spn: nzuimm[5:4|9:6|2|3]
        uint32_t imm =
            (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
        if (imm == 0) return false; // reserved (includes the all-zero halfword)
        out = i_type(0x13, 0, rd, 2, int32_t(imm));
        return true;
    }
    case 2: // c.lw
        out = i_type(0x03, 2, rd, rs1, int32_t(lw_off));
        return true;
    case 6: // c.sw
        out = s_type(2, rs1, rd, lw_off);
        return true;
    default: // c.fld, c.flw, reserved, c.fsd, c.fsw
        return false;
    }
}

bool quadrant1(uint32_t c, uint32_t& out) {
    const uint32_t rd = bits(c, 11, 7);
    switch (bits(c, 15, 13)) {
    case 0: // c.addi (c.nop, HINTs)
        out = i_type(0x13, 0, rd, rd, ci_imm(c));
        return true;
    case 1: // c.jal (RV32)
        out = j_type(1, cj_offset(c));
        return true;
    case 2: // c.li
        out = i_type(0x13, 0, rd, 0, ci_imm(c));
        return true;
    case 3: {
        if (rd == 2) { // c.addi16sp: nzimm[9|4|6|8:7|5]
            uint32_t v = (bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) |
                         (bits(c, 4, 3) << 7) | (bit(c, 2) << 5);
            if (v == 0) return false;
            out = i_type(0x13, 0, 2, 2, sext(v, 10));
            return true;
        }
        // c.lui: nzimm[17|16:12]
        uint32_t v = (bit(c, 12) << 17) | (bits(c, 6, 2) << 12);
        if (v == 0) return false;
        out = 0x37 | (rd << 7) | (uint32_t(sext(v, 18)) & 0xfffff000u);
        return true;
    }
    case 4: {
        const uint32_t r = creg(c, 7), rs2 = creg(c, 2);
        switch (bits(c, 11, 10)) {
        case 0:                           // c.srli
        case 1:                           // c.srai
            if (bit(c, 12)) return false; // shamt[5] = 1: RV64 only
            out = i_type(0x13, 5, r, r, int32_t(bits(c, 6, 2) | (bit(c, 10) << 10)));
            return true;
        case 2: // c.andi
            out = i_type(0x13, 7, r, r, ci_imm(c));
            return true;
        default: {
            if (bit(c, 12)) return false;              // c.subw, c.addw: RV64 only
            static const uint32_t f3[] = {0, 4, 6, 7}; // sub, xor, or, and
            uint32_t op = bits(c, 6, 5);
            out = r_type(f3[op], op == 0 ? 0x20 : 0, r, r, rs2);
            return true;
        }
        }
    }
    case 5: // c.j
        out = j_type(0, cj_offset(c));
        return true;
    case 6: // c.beqz
        out = b_type(0, creg(c, 7), cb_offset(c));
        return true;
    default: // c.bnez
        out = b_type(1, creg(c, 7), cb_offset(c));
        return true;
    }
}

bool quadrant2(uint32_t c, uint32_t& out) {
    const uint32_t rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
    switch (bits(c, 15, 13)) {
    case 0: // c.slli
        if (bit(c, 12)) return false;
        out = i_type(0x13, 1, rd, rd, int32_t(rs2));
        return true;
    case 2: { // c.lwsp: uimm[5] in 12, uimm[4:2|7:6] in 6..2
        if (rd == 0) return false;
        uint32_t off = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
        out = i_type(0x03, 2, rd, 2, int32_t(off));
        return true;
    }
    case 4:
        if (!bit(c, 12)) {
            if (rs2 == 0) { // c.jr
                if (rd == 0) return false;
                out = i_type(0x67, 0, 0, rd, 0);
            } else { // c.mv
                out = r_type(0, 0, rd, 0, rs2);
            }
        } else if (rs2 == 0) {
            if (rd == 0) // c.ebreak
                out = 0x00100073;
            else // c.jalr
                out = i_type(0x67, 0, 1, rd, 0);
        } else { // c.add
            out = r_type(0, 0, rd, rd, rs2);
        }
        return true;
    case 6: { // c.swsp: uimm[5:2|7:6] in 12..7
        uint32_t off = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
        out = s_type(2, 2, rs2, off);
        return true;
    }
    default: // c.fldsp, c.flwsp, c.fsdsp, c.fswsp
        return false;
    }
}
} // namespace

bool expand_compressed(uint16_t c, uint32_t& out) {
    switch (c & 3) {
    case 0:
        return quadrant0(c, out);
    case 1:
        return quadrant1(c, out);
    case 2:
        return quadrant2(c, out);
    default:
        return false; // not a compressed encoding
    }
}

} // namespace trvp::core
