// The opcode table and decoder: every instruction decodes to its row, operands are extracted,
// illegal encodings are illegal.
#include "asm.h"
#include "isa.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace trvp::core;
using namespace rv;

namespace {
std::string name_of(const isa_table& t, uint32_t raw) {
    decoded_insn d{};
    t.decode(raw, d);
    return d.desc->name;
}
} // namespace

BOOST_AUTO_TEST_SUITE(decoder)

BOOST_AUTO_TEST_CASE(every_instruction_decodes_to_its_row) {
    const isa_table t = isa_table::standard();
    const std::pair<const char*, uint32_t> cases[] = {
        {"lui", lui(a0, 0x12345)},
        {"auipc", auipc(a0, 1)},
        {"jal", jal(ra, 8)},
        {"jalr", jalr(ra, a0, 4)},
        {"beq", beq(a0, a1, 8)},
        {"bne", bne(a0, a1, 8)},
        {"blt", blt(a0, a1, 8)},
        {"bge", bge(a0, a1, 8)},
        {"bltu", bltu(a0, a1, 8)},
        {"bgeu", bgeu(a0, a1, 8)},
        {"lb", lb(a0, a1, 1)},
        {"lh", lh(a0, a1, 2)},
        {"lw", lw(a0, a1, 4)},
        {"lbu", lbu(a0, a1, 1)},
        {"lhu", lhu(a0, a1, 2)},
        {"sb", sb(a0, a1, 1)},
        {"sh", sh(a0, a1, 2)},
        {"sw", sw(a0, a1, 4)},
        {"addi", addi(a0, a1, -1)},
        {"slti", slti(a0, a1, 1)},
        {"sltiu", sltiu(a0, a1, 1)},
        {"xori", xori(a0, a1, 1)},
        {"ori", ori(a0, a1, 1)},
        {"andi", andi(a0, a1, 1)},
        {"slli", slli(a0, a1, 31)},
        {"srli", srli(a0, a1, 31)},
        {"srai", srai(a0, a1, 31)},
        {"add", add(a0, a1, a2)},
        {"sub", sub(a0, a1, a2)},
        {"sll", sll(a0, a1, a2)},
        {"slt", slt(a0, a1, a2)},
        {"sltu", sltu(a0, a1, a2)},
        {"xor", xor_(a0, a1, a2)},
        {"srl", srl(a0, a1, a2)},
        {"sra", sra(a0, a1, a2)},
        {"or", or_(a0, a1, a2)},
        {"and", and_(a0, a1, a2)},
        {"mul", mul(a0, a1, a2)},
        {"mulh", mulh(a0, a1, a2)},
        {"mulhsu", mulhsu(a0, a1, a2)},
        {"mulhu", mulhu(a0, a1, a2)},
        {"div", div(a0, a1, a2)},
        {"divu", divu(a0, a1, a2)},
        {"rem", rem(a0, a1, a2)},
        {"remu", remu(a0, a1, a2)},
        {"fence", fence()},
        {"fence.i", fence_i()},
        {"ecall", ecall()},
        {"ebreak", ebreak()},
        {"mret", mret()},
        {"sret", sret()},
        {"wfi", wfi()},
        {"sfence.vma", sfence_vma(a0, a1)},
        {"csrrw", csrrw(a0, 0x300, a1)},
        {"csrrs", csrrs(a0, 0x300, a1)},
        {"csrrc", csrrc(a0, 0x300, a1)},
        {"csrrwi", csrrwi(a0, 0x300, 5)},
        {"csrrsi", csrrsi(a0, 0x300, 5)},
        {"csrrci", csrrci(a0, 0x300, 5)},
        // RV32A: funct5 in bits 31:27, aq/rl (26:25) set on some to show they are accepted
        {"lr.w", r_type(0x2f, 2, 0x02 << 2, a0, a1, 0)},
        {"sc.w", r_type(0x2f, 2, (0x03 << 2) | 1, a0, a1, a2)},
        {"amoswap.w", r_type(0x2f, 2, 0x01 << 2, a0, a1, a2)},
        {"amoadd.w", r_type(0x2f, 2, (0x00 << 2) | 3, a0, a1, a2)},
        {"amoxor.w", r_type(0x2f, 2, 0x04 << 2, a0, a1, a2)},
        {"amoand.w", r_type(0x2f, 2, 0x0c << 2, a0, a1, a2)},
        {"amoor.w", r_type(0x2f, 2, 0x08 << 2, a0, a1, a2)},
        {"amomin.w", r_type(0x2f, 2, 0x10 << 2, a0, a1, a2)},
        {"amomax.w", r_type(0x2f, 2, 0x14 << 2, a0, a1, a2)},
        {"amominu.w", r_type(0x2f, 2, 0x18 << 2, a0, a1, a2)},
        {"amomaxu.w", r_type(0x2f, 2, 0x1c << 2, a0, a1, a2)},
    };
    for (auto& [name, raw] : cases) BOOST_TEST(name_of(t, raw) == name, "0x" << std::hex << raw);
    BOOST_TEST(t.size() == std::size(cases)); // every row is covered above
}

BOOST_AUTO_TEST_CASE(operands_and_immediates_are_extracted) {
    const isa_table t = isa_table::standard();
    decoded_insn d{};
    BOOST_TEST(t.decode(addi(a0, a1, -2048), d));
    BOOST_TEST(d.rd == a0);
    BOOST_TEST(d.rs1 == a1);
    BOOST_TEST(d.imm == -2048);
    t.decode(sw(a2, a3, -4), d);
    BOOST_TEST(d.rs1 == a3);
    BOOST_TEST(d.rs2 == a2);
    BOOST_TEST(d.imm == -4);
    t.decode(beq(a0, a1, -4096), d);
    BOOST_TEST(d.imm == -4096);
    t.decode(bne(a0, a1, 4094), d);
    BOOST_TEST(d.imm == 4094);
    t.decode(jal(ra, -(1 << 20)), d);
    BOOST_TEST(d.imm == -(1 << 20));
    t.decode(jal(ra, (1 << 20) - 2), d);
    BOOST_TEST(d.imm == (1 << 20) - 2);
    t.decode(lui(a0, 0xfffff), d);
    BOOST_TEST(uint32_t(d.imm) == 0xfffff000u);
    t.decode(csrrw(a0, 0xf14, a1), d);
    BOOST_TEST(d.imm == 0xf14);
    t.decode(add(zero, a1, a2), d);
    BOOST_TEST(d.rd == 32); // x0 writes go to the dump register
    BOOST_TEST(d.cls == uint8_t(timing_class::alu));
    t.decode(div(a0, a1, a2), d);
    BOOST_TEST(d.cls == uint8_t(timing_class::div));
}

BOOST_AUTO_TEST_CASE(illegal_encodings_are_illegal) {
    const isa_table t = isa_table::standard(false, false); // RV32IM: no A, no C
    const uint32_t bad[] = {
        0x00000000,                        // all zeros
        0xffffffff,                        // all ones
        0x00000001,                        // compressed quadrant
        r_type(0x33, 0, 0x10, a0, a1, a2), // add with a bad funct7
        i_type(0x13, 1, a0, a1, 0x20),     // slli with shamt[5] set (RV64 only)
        i_type(0x13, 5, a0, a1, 0x420),    // srai with shamt[5]
        i_type(0x03, 3, a0, a1, 0),        // ld (RV64)
        i_type(0x03, 6, a0, a1, 0),        // lwu (RV64)
        s_type(0x23, 3, a0, a1, 0),        // sd
        b_type(2, a0, a1, 8),              // branch funct3 2
        i_type(0x67, 1, a0, a1, 0),        // jalr funct3 1
        0x00100073 | (1 << 7),             // ebreak with rd != 0
        0x30200073 | (1 << 15),            // mret with rs1 != 0
        i_type(0x73, 4, a0, a1, 0x300),    // csr funct3 4
        0x0000000b,                        // custom-0, nothing registered
        0x0000002b,                        // custom-1
        0x00000007,                        // flw (no F)
        0x0000202f,                        // amoadd.w (no A)
    };
    // With A and C: the compressed quadrants decode, and so does the AMO; these stay illegal.
    const isa_table ac = isa_table::standard();
    const uint32_t still_bad[] = {
        r_type(0x2f, 2, 0x02 << 2, a0, a1, a2), // lr.w with rs2 != 0
        r_type(0x2f, 3, 0x00 << 2, a0, a1, a2), // amoadd.d (RV64)
        r_type(0x2f, 2, 0x06 << 2, a0, a1, a2), // funct5 6: no such AMO
        0x00000000,                             // the zero halfword
    };
    for (uint32_t raw : still_bad) {
        decoded_insn d{};
        BOOST_TEST(!ac.decode(raw, d), "0x" << std::hex << raw);
    }
    for (uint32_t raw : bad) {
        decoded_insn d{};
        BOOST_TEST(!t.decode(raw, d), "0x" << std::hex << raw);
        BOOST_TEST(d.desc == &isa_table::illegal);
    }
}

BOOST_AUTO_TEST_CASE(more_specific_rows_win_and_rows_can_be_added) {
    isa_table t = isa_table::standard();
    auto sem = [](hart&, const decoded_insn&) {};
    t.add({"custom.any", 0x0b, 0x7f, insn_format::r, timing_class::alu, sem});
    t.add({"custom.f3", 0x0b | (3 << 12), 0x707f, insn_format::i, timing_class::alu, sem});
    BOOST_TEST(name_of(t, 0x0b | (1 << 12)) == "custom.any");
    BOOST_TEST(name_of(t, 0x0b | (3 << 12)) == "custom.f3");
    BOOST_TEST(t.find("custom.f3") != nullptr);
    BOOST_TEST(name_of(t, add(a0, a1, a2)) == "add"); // the standard rows are untouched
}

BOOST_AUTO_TEST_SUITE_END()
