#define BOOST_TEST_MODULE disasm
// The instruction trace's disassembler (models/core/disasm.h): text and the fields the
// commit log uses, for RV32IMAC encodings (compressed ones from llvm-mc -mattr=+c).
#include "disasm.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;

namespace {
constexpr uint32_t pc = 0x80000100;
std::string text(uint32_t raw) {
    return disassemble(decode_insn(raw, pc));
}
} // namespace

BOOST_AUTO_TEST_CASE(base_and_extensions) {
    BOOST_TEST(text(0xf14022f3) == "csrrs   t0, mhartid, zero");
    BOOST_TEST(text(0x30529073) == "csrrw   zero, mtvec, t0");
    BOOST_TEST(text(0xfee78fa3) == "sb      a4, -1(a5)");
    BOOST_TEST(text(0x027322b3) == "mulhsu  t0, t1, t2");
    BOOST_TEST(text(0x41f5d513) == "srai    a0, a1, 31");
    BOOST_TEST(text(0xff5ff06f) == "jal     zero, 0x800000f4");
    BOOST_TEST(text(0x04b6252f) == "amoadd.w.aq a0, a1, (a2)");
    BOOST_TEST(text(0x1005a52f) == "lr.w    a0, (a1)");
    BOOST_TEST(text(0x18c5a52f) == "sc.w    a0, a2, (a1)");
    BOOST_TEST(text(0x00000073) == "ecall");
    BOOST_TEST(text(0x30200073) == "mret");
    BOOST_TEST(text(0xffffffff) == "unknown");
}

BOOST_AUTO_TEST_CASE(compressed) {
    BOOST_TEST(text(0x0505) == "c.addi  a0, 1");
    BOOST_TEST(text(0x414c) == "c.lw    a1, 4(a0)");
    BOOST_TEST(text(0xc50c) == "c.sw    a1, 8(a0)");
    BOOST_TEST(text(0x40b2) == "c.lwsp  ra, 12(sp)");
    BOOST_TEST(text(0xc606) == "c.swsp  ra, 12(sp)");
    BOOST_TEST(text(0xa005) == "c.j     0x80000120");
    BOOST_TEST(text(0xdc65) == "c.beqz  s0, 0x800000f8");
    BOOST_TEST(text(0x713d) == "c.addi16sp sp, -32");
    BOOST_TEST(text(0x0808) == "c.addi4spn a0, sp, 16");
    BOOST_TEST(text(0x67fd) == "c.lui   a5, 0x1f");
    BOOST_TEST(text(0x870d) == "c.srai  a4, 3");
    BOOST_TEST(text(0x8f7d) == "c.and   a4, a5");
    BOOST_TEST(text(0x9502) == "c.jalr  a0");
    BOOST_TEST(text(0x852e) == "c.mv    a0, a1");
    BOOST_TEST(text(0x0000) == "unknown"); // the defined illegal instruction
    BOOST_TEST(decode_insn(0x0505, pc).len == 2u);
    BOOST_TEST(decode_insn(0x00000073, pc).len == 4u);
}

BOOST_AUTO_TEST_CASE(fields_for_the_commit_log) {
    const insn_info lw = decode_insn(0x414c, pc); // c.lw a1, 4(a0)
    BOOST_TEST((lw.mem == insn_info::mem_kind::load));
    BOOST_TEST(lw.rd == 11u);
    BOOST_TEST(lw.base == 10u);
    BOOST_TEST(lw.offset == 4);
    BOOST_TEST(lw.size == 4u);
    const insn_info sb = decode_insn(0xfee78fa3, pc); // sb a4, -1(a5)
    BOOST_TEST((sb.mem == insn_info::mem_kind::store));
    BOOST_TEST(sb.rd == 0u);
    BOOST_TEST(sb.base == 15u);
    BOOST_TEST(sb.data == 14u);
    BOOST_TEST(sb.offset == -1);
    BOOST_TEST(sb.size == 1u);
    BOOST_TEST(decode_insn(0x9502, pc).rd == 1u);         // c.jalr writes ra
    BOOST_TEST(decode_insn(0x30529073, pc).csr == 0x305); // csrrw writes mtvec
    BOOST_TEST(decode_insn(0xf14022f3, pc).csr == -1);    // csrrs with x0: no write
    BOOST_TEST((decode_insn(0x04b6252f, pc).mem == insn_info::mem_kind::amo));
    BOOST_TEST(amo_result(0x00, 5, 7) == 12u);                     // amoadd
    BOOST_TEST(amo_result(0x10, uint32_t(-1), 3) == uint32_t(-1)); // amomin (signed)
    BOOST_TEST(amo_result(0x18, uint32_t(-1), 3) == 3u);           // amominu
}
