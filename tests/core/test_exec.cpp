// Executor semantics of RV32IM: arithmetic, shifts, sign extension, branches, jumps, x0,
// division corner cases, misaligned accesses and jumps.
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
// Computes op(a, b) into a2 with a0 = a, a1 = b.
uint32_t binop(uint32_t (*op)(u32, u32, u32), uint32_t a, uint32_t b) {
    auto m = run_program(li(a0, a) + li(a1, b) + op(a2, a0, a1));
    BOOST_REQUIRE(m->exited);
    return m->x(a2);
}
constexpr uint32_t int_min = 0x80000000u;
} // namespace

BOOST_AUTO_TEST_SUITE(executor)

BOOST_AUTO_TEST_CASE(alu_register_register) {
    BOOST_TEST(binop(add, 0xffffffff, 2) == 1u);
    BOOST_TEST(binop(sub, 1, 2) == 0xffffffffu);
    BOOST_TEST(binop(sll, 1, 35) == 8u); // only rs2[4:0] counts
    BOOST_TEST(binop(srl, 0x80000000, 31) == 1u);
    BOOST_TEST(binop(sra, 0x80000000, 31) == 0xffffffffu);
    BOOST_TEST(binop(slt, 0xffffffff, 0) == 1u);
    BOOST_TEST(binop(sltu, 0xffffffff, 0) == 0u);
    BOOST_TEST(binop(xor_, 0xf0f0, 0xff00) == 0x0ff0u);
    BOOST_TEST(binop(or_, 0xf0f0, 0xff00) == 0xfff0u);
    BOOST_TEST(binop(and_, 0xf0f0, 0xff00) == 0xf000u);
}

BOOST_AUTO_TEST_CASE(alu_immediate_and_upper) {
    auto m =
        run_program(li(a0, 0x80000000) + addi(a1, a0, -1) + slti(a2, a0, 0) + sltiu(a3, a0, -1) +
                    xori(a4, a0, -1) + ori(a5, zero, 0x7ff) + andi(a6, a4, 0xf0) + srai(a7, a0, 4) +
                    srli(s2, a0, 4) + slli(s3, a1, 1) + lui(s4, 0xabcde) + auipc(s5, 1));
    BOOST_TEST(m->x(a1) == 0x7fffffffu);
    BOOST_TEST(m->x(a2) == 1u);
    BOOST_TEST(m->x(a3) == 1u); // sltiu compares with the sign-extended immediate 0xffffffff
    BOOST_TEST(m->x(a4) == 0x7fffffffu);
    BOOST_TEST(m->x(a5) == 0x7ffu);
    BOOST_TEST(m->x(a6) == 0xf0u);
    BOOST_TEST(m->x(a7) == 0xf8000000u);
    BOOST_TEST(m->x(s2) == 0x08000000u);
    BOOST_TEST(m->x(s3) == 0xfffffffeu);
    BOOST_TEST(m->x(s4) == 0xabcde000u);
    BOOST_TEST(m->x(s5) == ram_base + 4 * 12 + 0x1000); // auipc is word 12
}

BOOST_AUTO_TEST_CASE(multiply) {
    BOOST_TEST(binop(mul, 0xffffffff, 0xffffffff) == 1u);
    BOOST_TEST(binop(mulh, 0xffffffff, 0xffffffff) == 0u);
    BOOST_TEST(binop(mulhu, 0xffffffff, 0xffffffff) == 0xfffffffeu);
    BOOST_TEST(binop(mulhsu, 0xffffffff, 0xffffffff) == 0xffffffffu);
    BOOST_TEST(binop(mulh, int_min, int_min) == 0x40000000u);
    BOOST_TEST(binop(mulhsu, int_min, 0xffffffff) == 0x80000000u);
}

BOOST_AUTO_TEST_CASE(divide_corner_cases) {
    BOOST_TEST(binop(div, 7, 0) == 0xffffffffu);
    BOOST_TEST(binop(divu, 7, 0) == 0xffffffffu);
    BOOST_TEST(binop(rem, 7, 0) == 7u);
    BOOST_TEST(binop(remu, 7, 0) == 7u);
    BOOST_TEST(binop(div, int_min, 0xffffffff) == int_min);
    BOOST_TEST(binop(rem, int_min, 0xffffffff) == 0u);
    BOOST_TEST(binop(div, uint32_t(-7), 2) == uint32_t(-3)); // rounds towards zero
    BOOST_TEST(binop(rem, uint32_t(-7), 2) == uint32_t(-1));
    BOOST_TEST(binop(divu, uint32_t(-7), 2) == 0x7ffffffcu);
    BOOST_TEST(binop(remu, uint32_t(-7), 2) == 1u);
}

BOOST_AUTO_TEST_CASE(loads_sign_and_zero_extend) {
    auto m =
        run_program(li(s0, ram_base + 0x1000) + li(t0, 0x8081f2f3) + sw(t0, s0, 0) + lb(a0, s0, 0) +
                    lbu(a1, s0, 0) + lh(a2, s0, 2) + lhu(a3, s0, 2) + lw(a4, s0, 0) +
                    sb(t0, s0, 8) + sh(t0, s0, 12) + lw(a5, s0, 8) + lw(a6, s0, 12));
    BOOST_TEST(m->x(a0) == 0xfffffff3u);
    BOOST_TEST(m->x(a1) == 0xf3u);
    BOOST_TEST(m->x(a2) == 0xffff8081u);
    BOOST_TEST(m->x(a3) == 0x8081u);
    BOOST_TEST(m->x(a4) == 0x8081f2f3u);
    BOOST_TEST(m->x(a5) == 0xf3u);
    BOOST_TEST(m->x(a6) == 0xf2f3u);
}

BOOST_AUTO_TEST_CASE(x0_stays_zero) {
    auto m =
        run_program(li(s0, ram_base + 0x1000) + addi(zero, zero, 5) + lui(zero, 1) + sw(s0, s0, 0) +
                    lw(zero, s0, 0) + jal(zero, 4) + add(a0, zero, zero) + addi(a1, zero, 1));
    BOOST_TEST(m->x(zero) == 0u);
    BOOST_TEST(m->x(a0) == 0u);
    BOOST_TEST(m->x(a1) == 1u);
}

BOOST_AUTO_TEST_CASE(branches_and_jumps) {
    // a0 counts taken branches; each taken branch skips an "addi a1, a1, 1".
    prog p = li(t0, uint32_t(-1)) + li(t1, 1);
    for (u32 br : {beq(t0, t0, 8), bne(t0, t1, 8), blt(t0, t1, 8), bge(t1, t0, 8), bltu(t1, t0, 8),
                   bgeu(t0, t1, 8)})
        p = p + br + addi(a1, a1, 1);
    for (u32 br : {beq(t0, t1, 8), bne(t0, t0, 8), blt(t1, t0, 8), bge(t0, t1, 8), bltu(t0, t1, 8),
                   bgeu(t1, t0, 8)})
        p = p + br + addi(a2, a2, 1);
    p = p + jal(ra, 8) + addi(a3, a3, 1) + auipc(t2, 0) + addi(t2, t2, 16) + jalr(s1, t2, 0) +
        addi(a3, a3, 1);
    auto m = run_program(p);
    BOOST_TEST(m->x(a1) == 0u); // all taken
    BOOST_TEST(m->x(a2) == 6u); // none taken
    BOOST_TEST(m->x(a3) == 0u);
    BOOST_TEST(m->x(ra) == ram_base + 4 * (4 + 24) + 4);
    BOOST_TEST(m->x(s1) == ram_base + 4 * (4 + 24 + 5));
}

BOOST_AUTO_TEST_CASE(misaligned_accesses_and_jumps_trap) {
    // mtvec -> handler that records mcause/mtval and exits.
    prog handler = {csrr(a0, 0x342), csrr(a1, 0x343), csrr(a2, 0x341)};
    const uint32_t handler_at = ram_base + 0x800;
    struct c {
        prog body;
        uint32_t cause;
        uint32_t tval;
    };
    const uint32_t d = ram_base + 0x1000;
    const c cases[] = {
        {li(s0, d + 2) + lw(t0, s0, 0), 4, d + 2},
        {li(s0, d + 1) + lh(t0, s0, 0), 4, d + 1},
        {li(s0, d + 3) + lhu(t0, s0, 0), 4, d + 3},
        {li(s0, d + 1) + sw(t0, s0, 0), 6, d + 1},
        {li(s0, d + 1) + sh(t0, s0, 0), 6, d + 1},
        {li(s0, d + 2) + jalr(ra, s0, 0), 0, d + 2},
        {li(s0, 0) + jal(ra, 6), 0, ram_base + 20 + 6},
        {li(s0, 0) + beq(zero, zero, 10), 0, ram_base + 20 + 10},
    };
    hart_params p;
    p.ext_c = false; // jumps to 2-aligned targets are legal with C (test_rvac.cpp)
    for (auto& k : cases) {
        machine m(p);
        m.load(li(t0, handler_at) + csrw(0x305, t0) + k.body);
        m.load(handler + exit_seq(), handler_at);
        m.run();
        BOOST_TEST(m.exited);
        BOOST_TEST(m.x(a0) == k.cause);
        BOOST_TEST(m.x(a1) == k.tval);
        BOOST_TEST(m.x(a2) == ram_base + 4 * 5); // the faulting instruction
        BOOST_TEST(m.x(ra) == 0u);               // the jump did not link
        BOOST_TEST(m.x(t0) == handler_at);       // the load did not write
    }
}

BOOST_AUTO_TEST_CASE(access_fault_on_bus_error) {
    machine m;
    const uint32_t handler_at = ram_base + 0x800;
    m.load(li(t0, handler_at) + csrw(0x305, t0) + li(s0, 0x20000000) + lw(a3, s0, 0));
    m.load(prog{csrr(a0, 0x342), csrr(a1, 0x343)} + exit_seq(), handler_at);
    m.run();
    BOOST_TEST(m.x(a0) == 5u);
    BOOST_TEST(m.x(a1) == 0x20000000u);
}

BOOST_AUTO_TEST_SUITE_END()
