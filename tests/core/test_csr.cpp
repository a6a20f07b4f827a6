// CSR behaviour: values, WARL masks, views, counters, privilege checks, illegal accesses.
#include "csr.h"
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
constexpr uint32_t illegal = 2;
// Runs `insn` in mode `mpp` (0 U, 1 S, 3 M); returns the machine (a0 = mcause if it trapped).
std::unique_ptr<machine> in_mode(unsigned mpp, const prog& body, const prog& setup = {}) {
    if (mpp == 3) return run_with_handler(setup + body);
    return run_with_handler(setup + to_mode(mpp, user_at), body);
}
} // namespace

BOOST_AUTO_TEST_SUITE(csrs)

BOOST_AUTO_TEST_CASE(identification_registers) {
    hart_params p;
    p.hart_id = 7;
    auto m = run_program(
        {csrr(a0, 0x301), csrr(a1, 0xf11), csrr(a2, 0xf12), csrr(a3, 0xf13), csrr(a4, 0xf14)}, p);
    BOOST_TEST(m->x(a0) == 0x40141105u); // RV32 A C I M S U
    p.ext_a = p.ext_c = false;
    BOOST_TEST(run_program({csrr(a0, 0x301)}, p)->x(a0) == 0x40141100u); // RV32 I M S U
    BOOST_TEST(m->x(a1) == 0u);
    BOOST_TEST(m->x(a2) == 0u);
    BOOST_TEST(m->x(a3) == 0u);
    BOOST_TEST(m->x(a4) == 7u);
}

BOOST_AUTO_TEST_CASE(read_modify_write_forms) {
    auto m = run_program(li(t0, 0xf0) + csrw(0x340, t0) + li(t1, 0x3c) +
                         prog{csrrs(a0, 0x340, t1), csrrc(a1, 0x340, t0), csrrwi(a2, 0x340, 9),
                              csrrsi(a3, 0x340, 6), csrrci(a4, 0x340, 1), csrr(a5, 0x340)});
    BOOST_TEST(m->x(a0) == 0xf0u);
    BOOST_TEST(m->x(a1) == 0xfcu);
    BOOST_TEST(m->x(a2) == 0x0cu);
    BOOST_TEST(m->x(a3) == 9u);
    BOOST_TEST(m->x(a4) == 0xfu);
    BOOST_TEST(m->x(a5) == 0xeu);
}

BOOST_AUTO_TEST_CASE(warl_masks_and_views) {
    auto m = run_program(li(t0, 0xffffffff) +
                         prog{csrw(0x300, t0), csrr(a0, 0x300), csrr(a1, 0x100), csrw(0x341, t0),
                              csrr(a2, 0x341), csrw(0x303, t0), csrr(a3, 0x303), csrw(0x302, t0),
                              csrr(a4, 0x302), csrw(0x304, t0), csrr(a5, 0x304), csrr(a6, 0x104),
                              csrw(0x3a0, t0), csrr(a7, 0x3a0), csrw(0x3b0, t0), csrr(s2, 0x3b0),
                              csrw(0x305, t0), csrr(s3, 0x305)});
    BOOST_TEST(m->x(a0) == 0x007e19aau); // MPP=3 kept, no H value possible
    BOOST_TEST(m->x(a1) == 0x000c0122u); // sstatus: SIE SPIE SPP SUM MXR
    BOOST_TEST(m->x(a2) == 0xfffffffeu); // mepc bit 0 clear (bits 1:0 without C)
    BOOST_TEST(m->x(a3) == 0x222u);      // only S interrupts delegable
    BOOST_TEST(m->x(a4) == 0xb3ffu);     // not ecall from M
    BOOST_TEST(m->x(a5) == 0xaaau);
    BOOST_TEST(m->x(a6) == 0x222u); // sie = mie & mideleg
    BOOST_TEST(m->x(a7) == 0u);     // PMP: WARL zero
    BOOST_TEST(m->x(s2) == 0u);
    BOOST_TEST(m->x(s3) == 0xfffffffdu); // mtvec: modes 0 and 1 only
}

BOOST_AUTO_TEST_CASE(sstatus_and_sie_write_through) {
    auto m =
        run_program(li(t0, 0x222) + prog{csrw(0x303, t0), csrrsi(zero, 0x100, 2), csrr(a0, 0x300),
                                         csrrs(zero, 0x104, t0), csrr(a1, 0x304),
                                         csrrsi(zero, 0x144, 2), csrr(a2, 0x344), csrr(a3, 0x144)});
    BOOST_TEST(m->x(a0) == 2u);     // SIE via sstatus
    BOOST_TEST(m->x(a1) == 0x222u); // sie writes reach mie for delegated bits
    BOOST_TEST(m->x(a2) == 2u);     // SSIP via sip
    BOOST_TEST(m->x(a3) == 2u);
}

BOOST_AUTO_TEST_CASE(unknown_and_read_only_csrs_are_illegal) {
    const prog bad[] = {{csrr(a4, 0x7c0)}, {csrw(0xf14, t0)}, {csrrsi(a4, 0xc00, 1)},
                        {csrr(a4, 0x5c0)}, {csrr(a4, 0xb01)}, {csrr(a4, 0x200)}};
    for (auto& b : bad) {
        auto m = in_mode(3, b);
        BOOST_TEST(m->x(a0) == illegal);
        BOOST_TEST(m->x(a1) == b[0]); // mtval = the instruction
    }
    auto ok = in_mode(3, {csrrs(a4, 0xf14, zero), csrrsi(a5, 0xc00, 0)});
    BOOST_TEST(ok->x(a0) == 0u); // reads of read-only CSRs without a write are fine
}

BOOST_AUTO_TEST_CASE(privilege_checks) {
    BOOST_TEST(in_mode(1, {csrr(a4, 0x300)})->x(a0) == illegal); // S reads M CSR
    BOOST_TEST(in_mode(0, {csrr(a4, 0x100)})->x(a0) == illegal); // U reads S CSR
    auto s = in_mode(1, {csrr(a4, 0x100), csrr(a5, 0x180)});     // S reads its own
    BOOST_TEST(s->exited);
    BOOST_TEST(s->x(a0) == 0u); // no trap
    BOOST_TEST(in_mode(1, {csrr(a4, 0x180)}, li(t1, 1u << 20) + csrrs(zero, 0x300, t1))->x(a0) ==
               illegal); // TVM
}

BOOST_AUTO_TEST_CASE(counters_and_counteren) {
    // M reads: cycle and instret advance; minstret writes are seen by the next instruction.
    auto m = run_program(li(t0, 1000) + prog{csrr(a0, 0xc02), csrr(a1, 0xc02), csrw(0xb02, t0),
                                             csrr(a2, 0xb02), csrr(a3, 0xc00), csrr(a4, 0xb00),
                                             csrw(0xb80, t0), csrr(a5, 0xb80), csrr(a6, 0xc81)});
    BOOST_TEST(m->x(a0) == 2u); // two instructions retired before it (li)
    BOOST_TEST(m->x(a1) == 3u);
    BOOST_TEST(m->x(a2) == 1000u);
    BOOST_TEST(m->x(a4) > m->x(a3));
    BOOST_TEST(m->x(a5) == 1000u);
    BOOST_TEST(m->x(a6) == 0u);
    // S without mcounteren: illegal; with it: allowed. U needs scounteren too.
    BOOST_TEST(in_mode(1, {csrr(a4, 0xc00)})->x(a0) == illegal);
    auto en = li(t1, 7) + csrw(0x306, t1);
    BOOST_TEST(in_mode(1, {csrr(a4, 0xc01)}, en)->x(a0) == 0u);
    BOOST_TEST(in_mode(0, {csrr(a4, 0xc02)}, en)->x(a0) == illegal);
    BOOST_TEST(in_mode(0, {csrr(a4, 0xc02)}, en + csrw(0x106, t1))->x(a0) == 0u);
}

BOOST_AUTO_TEST_CASE(time_comes_from_the_bus) {
    machine m;
    m.mem.time_source = [] { return uint64_t(0x123456789); };
    m.load(prog{csrr(a0, 0xc01), csrr(a1, 0xc81)} + exit_seq());
    m.run();
    BOOST_TEST(m.x(a0) == 0x23456789u);
    BOOST_TEST(m.x(a1) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
