// Traps: causes, delegation, mstatus stacking, xRET, vectored mtvec, interrupts with the
// deadline rule and priorities, WFI, TW/TSR, the trap hook.
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
constexpr uint32_t s_handler_at = ram_base + 0xc00;
// S handler: a4 = scause, a5 = sepc, a6 = sstatus, s11 = stval; sepc += 4; sret.
prog s_handler() {
    return {csrr(a4, 0x142), csrr(a5, 0x141), csrr(a6, 0x100), csrr(s11, 0x143),
            addi(t2, a5, 4), csrw(0x141, t2), sret()};
}
} // namespace

BOOST_AUTO_TEST_SUITE(traps)

BOOST_AUTO_TEST_CASE(ecall_causes_and_machine_stacking) {
    auto mm = run_with_handler({csrrsi(zero, 0x300, 8), ecall()}); // MIE=1 before the trap
    BOOST_TEST(mm->x(a0) == 11u);
    BOOST_TEST(mm->x(a2) == ram_base + 4 * 4);
    BOOST_TEST(mm->x(a3) == ((3u << 11) | 0x80u)); // MPP=M, MPIE=1, MIE=0
    auto s = run_with_handler(to_mode(1, user_at), {ecall()});
    BOOST_TEST(s->x(a0) == 9u);
    BOOST_TEST(s->x(a2) == user_at);
    BOOST_TEST(((s->x(a3) >> 11) & 3) == 1u);
    auto u = run_with_handler(to_mode(0, user_at), {nop(), ecall()});
    BOOST_TEST(u->x(a0) == 8u);
    BOOST_TEST(u->x(a2) == user_at + 4);
    BOOST_TEST(((u->x(a3) >> 11) & 3) == 0u);
    BOOST_TEST(u->h->priv() == privilege::machine);
    BOOST_TEST(u->h->stats().exceptions[8] == 1u);
    auto b = run_with_handler({ebreak()});
    BOOST_TEST(b->x(a0) == 3u);
    BOOST_TEST(b->x(a1) == ram_base + 12); // tval = pc
}

BOOST_AUTO_TEST_CASE(illegal_instruction_records_the_encoding) {
    auto m = run_with_handler({0xffffffffu});
    BOOST_TEST(m->x(a0) == 2u);
    BOOST_TEST(m->x(a1) == 0xffffffffu);
    BOOST_TEST(m->h->instret() == 3u + 4u + 2u); // the illegal one does not retire
}

BOOST_AUTO_TEST_CASE(delegation_to_s_and_sret) {
    // medeleg[ecall_u]; U ecalls, S handler returns to U, U then exits.
    prog setup = li(t0, s_handler_at) + csrw(0x105, t0) + li(t0, 1u << 8) + csrw(0x302, t0);
    machine m;
    m.load(set_mtvec(handler_at) + setup + to_mode(0, user_at));
    m.load(record_handler(), handler_at);
    m.load(s_handler(), s_handler_at);
    m.load(prog{nop(), ecall(), addi(s2, zero, 1)} + exit_seq(), user_at);
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a4) == 8u);
    BOOST_TEST(m.x(a5) == user_at + 4);
    BOOST_TEST((m.x(a6) & 0x100) == 0u); // SPP = U
    BOOST_TEST(m.x(s2) == 1u);           // back in U after the ecall
    BOOST_TEST(m.h->priv() == privilege::user);
    BOOST_TEST(m.x(a0) == 0u); // M handler never ran
}

BOOST_AUTO_TEST_CASE(no_delegation_from_m_and_sie_stacking) {
    // Everything delegated, but a trap in M stays in M.
    auto m = run_with_handler(li(t0, 0xffffffff) + csrw(0x302, t0) + ebreak());
    BOOST_TEST(m->x(a0) == 3u);
    // A trap from S to S: SPP = S, SPIE = old SIE, SIE = 0.
    machine k;
    k.load(set_mtvec(handler_at) + li(t0, s_handler_at) + csrw(0x105, t0) + li(t0, 1u << 3) +
           csrw(0x302, t0) + to_mode(1, user_at));
    k.load(record_handler(), handler_at);
    k.load(s_handler(), s_handler_at);
    k.load(prog{csrrsi(zero, 0x100, 2), ebreak(), csrr(s3, 0x100)} + exit_seq(), user_at);
    k.run();
    BOOST_TEST(k.x(a4) == 3u);
    BOOST_TEST(k.x(a6) == (0x100u | 0x20u)); // SPP=S, SPIE=1, SIE=0
    BOOST_TEST(k.x(s3) == 0x22u);            // after sret: SIE=1 (from SPIE), SPIE=1, SPP=U
    BOOST_TEST(k.x(s11) == user_at + 4);     // stval of ebreak = pc
}

BOOST_AUTO_TEST_CASE(mret_restores_and_clears_mprv) {
    auto m = run_with_handler(
        li(t0, (1u << 17) | 0x80) + csrrs(zero, 0x300, t0) + to_mode(0, user_at), {ecall()});
    BOOST_TEST(m->x(a0) == 8u);
    BOOST_TEST((m->x(a3) & (1u << 17)) == 0u); // MPRV cleared by mret to U
    BOOST_TEST((m->x(a3) & 0x80u) == 0x80u);   // mret set MIE from MPIE; the trap stacked it
    BOOST_TEST(m->h->stats().exceptions[8] == 1u);
    BOOST_TEST(run_with_handler(to_mode(1, user_at), {mret()})->x(a0) == 2u); // mret in S
    auto tsr = li(t1, 1u << 22) + csrrs(zero, 0x300, t1);
    BOOST_TEST(run_with_handler(tsr + to_mode(1, user_at), {sret()})->x(a0) == 2u);
    BOOST_TEST(run_with_handler(to_mode(0, user_at), {sret()})->x(a0) == 2u);
}

BOOST_AUTO_TEST_CASE(interrupt_at_the_first_boundary_past_the_deadline) {
    // A straight line of addi a0 += 1; the timer fires at cycle D.
    prog body = li(t0, 1u << 7) + csrw(0x304, t0) + csrrsi(zero, 0x300, 8);
    for (int i = 0; i < 300; ++i) body = body + addi(a4, a4, 1);
    for (uint64_t deadline : {40u, 41u, 97u, 200u}) {
        // Reference: single-step without a deadline, find the first boundary >= D.
        machine ref;
        ref.load(set_mtvec(handler_at) + body + exit_seq());
        while (ref.h->cycles() < deadline) ref.h->step(1);
        const uint32_t expect_pc = ref.h->pc();
        const uint64_t expect_cycles = ref.h->cycles();
        for (uint64_t quantum : {1u, 7u, 1000000u}) {
            machine m;
            m.load(set_mtvec(handler_at) + body + exit_seq());
            m.load(prog{csrr(a0, 0x342), csrr(a2, 0x341)} + exit_seq(), handler_at);
            m.h->set_timer_deadline(deadline);
            while (!m.exited) m.h->run(m.h->cycles() + quantum);
            BOOST_TEST(m.x(a0) == (interrupt_flag | 7));
            BOOST_TEST(m.x(a2) == expect_pc, "deadline " << deadline << " quantum " << quantum);
            BOOST_TEST(m.x(a4) == ref.x(a4));
            BOOST_TEST(m.h->stats().interrupts[7] == 1u);
            (void)expect_cycles;
        }
    }
}

BOOST_AUTO_TEST_CASE(interrupt_priority_and_vectored_mode) {
    machine m;
    m.load(li(t0, handler_at | 1) + csrw(0x305, t0) + li(t0, 0xaaa) + csrw(0x304, t0) +
           csrrsi(zero, 0x300, 8) + nop());
    for (unsigned code : {3u, 7u, 11u})
        m.load(prog{csrr(a0, 0x342)} + exit_seq(), handler_at + 4 * code);
    m.h->set_irq(irq::msi, true);
    m.h->set_irq(irq::mei, true);
    m.h->set_timer_deadline(0);
    m.run();
    BOOST_TEST(m.x(a0) == (interrupt_flag | 11)); // MEI > MSI > MTI
    machine k;
    k.load(li(t0, handler_at | 1) + csrw(0x305, t0) + li(t0, 0xaaa) + csrw(0x304, t0) +
           csrrsi(zero, 0x300, 8) + nop());
    for (unsigned code : {3u, 7u})
        k.load(prog{csrr(a0, 0x342)} + exit_seq(), handler_at + 4 * code);
    k.h->set_irq(irq::msi, true);
    k.h->set_timer_deadline(0);
    k.run();
    BOOST_TEST(k.x(a0) == (interrupt_flag | 3)); // MSI > MTI
}

BOOST_AUTO_TEST_CASE(delegated_interrupts_wait_for_lower_modes) {
    // STIP set by M software, delegated: not taken in M (even with MIE), taken in U to S.
    machine m;
    m.load(set_mtvec(handler_at) + li(t0, s_handler_at) + csrw(0x105, t0) + li(t0, 0x20) +
           csrw(0x303, t0) + csrw(0x304, t0) + csrrs(zero, 0x344, t0) + csrrsi(zero, 0x300, 8) +
           addi(s4, zero, 1) + to_mode(0, user_at));
    m.load(record_handler(), handler_at);
    m.load(prog{csrr(a4, 0x142), csrr(a5, 0x141)} + exit_seq(), s_handler_at);
    m.load(prog{addi(s5, zero, 1)} + exit_seq(), user_at);
    m.run();
    BOOST_TEST(m.x(s4) == 1u);                   // M kept running
    BOOST_TEST(m.x(a4) == (interrupt_flag | 5)); // STI in S
    BOOST_TEST(m.x(a5) == user_at);              // before the first U instruction
    BOOST_TEST(m.x(s5) == 0u);
}

BOOST_AUTO_TEST_CASE(wfi_waits_for_the_deadline) {
    machine m;
    m.load(set_mtvec(handler_at) + li(t0, 1u << 7) + csrw(0x304, t0) + wfi() + addi(s2, zero, 1) +
           csrrsi(zero, 0x300, 8) + nop());
    m.load(prog{csrr(a0, 0x342), csrr(a2, 0x341)} + exit_seq(), handler_at);
    m.h->set_timer_deadline(5000);
    BOOST_TEST(m.run() == run_state::waiting);
    BOOST_TEST(m.h->waiting());
    BOOST_TEST(m.h->pc() == ram_base + 4 * 7); // after the wfi
    BOOST_TEST(m.run() == run_state::waiting); // still nothing pending
    m.h->skip_to(m.h->timer_deadline());
    m.run();
    BOOST_TEST(m.x(s2) == 1u); // MIE was 0: wfi just completes
    BOOST_TEST(m.x(a0) == (interrupt_flag | 7));
    BOOST_TEST(m.x(a2) == ram_base + 4 * 9);
    BOOST_TEST(m.h->stats().idle_cycles > 4900u);
    // S-mode wfi with TW, and U-mode wfi: illegal.
    auto tw = li(t1, 1u << 21) + csrrs(zero, 0x300, t1);
    BOOST_TEST(run_with_handler(tw + to_mode(1, user_at), {wfi()})->x(a0) == 2u);
    BOOST_TEST(run_with_handler(to_mode(0, user_at), {wfi()})->x(a0) == 2u);
}

BOOST_AUTO_TEST_CASE(external_interrupt_wakes_wfi) {
    machine m;
    m.load(set_mtvec(handler_at) + li(t0, 1u << 11) + csrw(0x304, t0) + csrrsi(zero, 0x300, 8) +
           wfi());
    m.load(record_handler(), handler_at);
    BOOST_TEST(m.run() == run_state::waiting);
    m.h->set_irq(irq::mei, true);
    m.run();
    BOOST_TEST(m.x(a0) == (interrupt_flag | 11));
}

struct recording_hook : trap_hook {
    std::vector<trap_info> seen;
    void on_trap(hart&, trap_info& t) override {
        seen.push_back(t);
        t.tval &= ~0xfffu; // e.g. expose only the page of a fault address
        t.epc = 0;
    }
};

BOOST_AUTO_TEST_CASE(trap_hook_sees_and_filters_every_trap) {
    machine m;
    recording_hook hook;
    m.h->set_trap_hook(&hook);
    m.load(set_mtvec(handler_at) + li(s0, ram_base + 0x1235) + lw(t1, s0, 0));
    m.load(record_handler(), handler_at);
    m.run();
    BOOST_REQUIRE(hook.seen.size() == 1u);
    BOOST_TEST(hook.seen[0].cause == 4u);
    BOOST_TEST(hook.seen[0].tval == ram_base + 0x1235);
    BOOST_TEST(hook.seen[0].epc == ram_base + 4 * 5);
    BOOST_TEST(hook.seen[0].to == privilege::machine);
    BOOST_TEST(m.x(a1) == ram_base + 0x1000); // filtered tval
    BOOST_TEST(m.x(a2) == 0u);                // filtered epc
}

BOOST_AUTO_TEST_CASE(a_trap_loop_on_an_unmapped_vector_still_advances_time) {
    machine m;
    m.load(set_mtvec(0x20000000) + ebreak());
    BOOST_TEST(m.h->run(1000) == run_state::until_reached);
    BOOST_TEST(m.h->stats().exceptions[1] > 900u); // instruction access faults, 1 cycle each
    BOOST_TEST(m.h->csr_read(0x341, m.exit_value));
    BOOST_TEST(m.exit_value == 0x20000000u);
}

BOOST_AUTO_TEST_CASE(request_stop_returns_after_the_instruction) {
    machine m;
    m.load(prog{addi(a0, a0, 1), jal(zero, -4)});
    BOOST_TEST(m.h->run(1000) == run_state::until_reached);
    BOOST_TEST(m.h->cycles() >= 1000u);
    m.h->request_stop();
    uint64_t n = m.h->instret();
    BOOST_TEST(m.h->run(UINT64_MAX) == run_state::stopped);
    BOOST_TEST(m.h->instret() == n);
    BOOST_TEST(m.h->step(5) == run_state::until_reached);
    BOOST_TEST(m.h->instret() == n + 5);
}

BOOST_AUTO_TEST_SUITE_END()
