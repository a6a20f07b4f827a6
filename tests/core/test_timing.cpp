// The timing equation, fetch-line charging, fast path vs full path, the decode cache
// (self-modifying code, fence.i, invalidate_code) and custom instructions.
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
hart_params distinct_costs() {
    hart_params p;
    p.class_cycles = {1, 3, 20, 2, 3,
                      4, 5, 6,  7, 8}; // alu mul div load store br jump csr sys fence
    p.fetch_line = 16;
    return p;
}
} // namespace

BOOST_AUTO_TEST_SUITE(timing)

BOOST_AUTO_TEST_CASE(timing_equation_is_exact) {
    prog p = li(s0, ram_base + 0x1000) +                              // 0-1 alu
             prog{addi(a0, zero, 5),  mul(a1, a0, a0),                // 2 alu, 3 mul
                  div(a2, a1, a0),    lw(a3, s0, 0),   sw(a1, s0, 4), // 4 div, 5 ld, 6 st
                  beq(zero, zero, 8), nop(),                          // 7 br, 8 skipped
                  jal(zero, 8),       nop(),                          // 9 jump, 10 skipped
                  csrr(a4, 0xb00),    fence()} +                      // 11 csr, 12 fence
             exit_seq();                                              // 13 alu, 14 st (mmio)
    for (bool fast : {true, false}) {
        hart_params hp = distinct_costs();
        hp.fast_path = fast;
        auto m = run_program(p, hp);
        BOOST_REQUIRE(m->exited);
        // Classes: 4 alu + mul + div + load + 2 stores + branch + jump + csr + fence.
        uint64_t classes = 4 * 1 + 3 + 20 + 2 + 2 * 3 + 4 + 5 + 6 + 8;
        uint64_t data = 3 + 4;  // the load and the RAM store (the MMIO store costs 0 here)
        uint64_t fetch = 4 * 2; // lines [0-3], [4-7], [8-11] (entered at 9), [12-15]
        BOOST_TEST(m->h->cycles() == classes + data + fetch);
        BOOST_TEST(m->h->instret() == 13u);
        BOOST_TEST(m->h->stats().fetch_lines == 4u);
        auto& cc = m->h->stats().class_count;
        BOOST_TEST(cc[unsigned(timing_class::alu)] == 4u);
        BOOST_TEST(cc[unsigned(timing_class::store)] == 2u);
        BOOST_TEST(cc[unsigned(timing_class::div)] == 1u);
        // mcycle as read by instruction 11: everything before it plus its own class cost.
        // line 2 + alu 3 + mul 3 | line 2 + div 20 + lw 2+3 + sw 3+4 + beq 4 | line 2 + jal 5 | csr
        // 6
        BOOST_TEST(m->x(a4) == 2 + 3 + 3 + 2 + 20 + 5 + 7 + 4 + 2 + 5 + 6);
    }
}

BOOST_AUTO_TEST_CASE(a_loop_inside_one_line_fetches_it_once) {
    hart_params hp;
    auto m = run_program(prog{addi(a0, zero, 100), addi(a0, a0, -1), bne(a0, zero, -4)}, hp);
    BOOST_TEST(m->x(a0) == 0u);
    BOOST_TEST(m->h->stats().fetch_lines == 1u); // 5 words, all in the first 64-byte line
    BOOST_TEST(m->mem.reads[unsigned(access_type::fetch)] == 1u);
}

namespace {
// S-mode under Sv32 (identity megapage), a loop with loads/stores/mul/div and an ecall to M
// each iteration; returns the finished machine.
std::unique_ptr<machine> mixed_workload(bool fast_path, bool grants) {
    hart_params hp;
    hp.fast_path = fast_path;
    hp.tlb_entries = 4; // small: forces evictions and re-walks
    auto m = std::make_unique<machine>(hp);
    m->mem.grants_enabled = grants;
    const uint32_t root = ram_base + 0x10000;
    m->mem.write32(root + 4 * 0x200, ((ram_base >> 12) << 10) | 0xcf); // V R W X A D
    m->mem.write32(root + 4 * 0x040, ((exit_addr >> 12) << 10) | 0xc7);
    m->mem.write32(root + 4 * 0x300, ((ram_base >> 12) << 10) | 0x07); // V R W: A/D by walker
    prog mhandler = {csrr(t3, 0x341), addi(t3, t3, 4), csrw(0x341, t3), addi(s6, s6, 1), mret()};
    m->load(mhandler, handler_at);
    m->load(set_mtvec(handler_at) + li(t0, (1u << 31) | (root >> 12)) + csrw(0x180, t0) +
            to_mode(1, user_at));
    prog loop = li(s0, 0xc0040000) + li(s1, 0x80050000) + addi(a0, zero, 200) +
                prog{mul(t1, a0, a0), slli(t2, a0, 2),  add(t3, t2, s0),   sw(t1, t3, 0),
                     lw(t4, t3, 0),   add(s2, s2, t4),  divu(t5, t1, a0),  add(t3, t2, s1),
                     sw(t5, t3, 0),   sb(t5, t3, 1),    lhu(t6, t3, 0),    add(s3, s3, t6),
                     ecall(),         addi(a0, a0, -1), bne(a0, zero, -56)};
    m->load(loop + exit_seq(), user_at);
    m->run(10000000);
    BOOST_REQUIRE(m->exited);
    return m;
}
} // namespace

BOOST_AUTO_TEST_CASE(fast_path_and_full_path_are_identical) {
    auto fast = mixed_workload(true, true);
    auto slow = mixed_workload(false, true);
    auto nogrant = mixed_workload(true, false);
    for (auto* o : {slow.get(), nogrant.get()}) {
        BOOST_TEST(fast->h->cycles() == o->h->cycles());
        BOOST_TEST(fast->h->instret() == o->h->instret());
        BOOST_TEST(fast->x(s2) == o->x(s2));
        BOOST_TEST(fast->x(s3) == o->x(s3));
        BOOST_TEST(fast->mem.reads.values() == o->mem.reads.values());
        BOOST_TEST(fast->mem.writes.values() == o->mem.writes.values());
        BOOST_TEST(fast->mem.read_bytes.values() == o->mem.read_bytes.values());
        BOOST_TEST(fast->mem.write_bytes.values() == o->mem.write_bytes.values());
        auto& a = fast->h->stats();
        auto& b = o->h->stats();
        BOOST_TEST(a.class_count == b.class_count);
        BOOST_TEST(a.exceptions == b.exceptions);
        BOOST_TEST(a.interrupts == b.interrupts);
        BOOST_TEST(a.tlb_hits == b.tlb_hits);
        BOOST_TEST(a.tlb_misses == b.tlb_misses);
        BOOST_TEST(a.page_walks == b.page_walks);
        BOOST_TEST(a.fetch_lines == b.fetch_lines);
        BOOST_TEST(a.fast_accesses + a.slow_accesses == b.fast_accesses + b.slow_accesses);
        BOOST_TEST(b.fast_accesses == 0u);
    }
    BOOST_TEST(fast->x(s6) == 200u); // 200 ecalls handled
    BOOST_TEST(fast->h->stats().fast_accesses > 1000u);
    BOOST_TEST(fast->h->stats().page_walks > 3u);
    BOOST_TEST(fast->h->stats().exceptions[9] == 200u);
}

BOOST_AUTO_TEST_CASE(revoked_grants_are_asked_for_again) {
    machine m;
    m.load(li(s0, ram_base + 0x1000) + lw(a0, s0, 0) + exit_seq());
    m.run();
    uint64_t grants = m.h->stats().grants;
    BOOST_TEST(grants >= 2u); // fetch, load
    m.h->revoke_grants(ram_base, 0x100000);
    m.exited = false;
    m.h->set_pc(ram_base);
    m.run();
    BOOST_TEST(m.h->stats().grants == grants + 1); // load again (the fetch line is still held)
}

BOOST_AUTO_TEST_CASE(self_modifying_code_is_seen) {
    // Executes "addi a0, a0, 1" at T, overwrites T with "addi a0, a0, 100", executes it again.
    const uint32_t target = ram_base + 4 * 8;
    prog p = li(s0, target) + li(t1, addi(a0, a0, 100)) +                       // 0-3
             prog{jal(ra, 16),     sw(t1, s0, 0),    jal(ra, 8), jal(zero, 12), // 4-7
                  addi(a0, a0, 1), jalr(zero, ra, 0)} +                         // 8-9 (T)
             exit_seq();                                                        // 10-11
    auto m = run_program(p);
    BOOST_TEST(m->x(a0) == 101u);
    BOOST_TEST(m->h->stats().decode_invalidations == 1u);
}

BOOST_AUTO_TEST_CASE(external_writes_need_fence_i_or_invalidate_code) {
    const uint32_t target = ram_base + 0x400;
    prog p = prog{jal(ra, 0x400)} + exit_seq() +                         // 0-2: call T, stop
             prog{jal(ra, 0x400 - 12), fence_i(), jal(ra, 0x400 - 20)} + // 3-5
             exit_seq();
    for (bool use_invalidate : {false, true}) {
        machine m;
        m.load(p);
        m.load(prog{addi(a0, a0, 1), jalr(zero, ra, 0)}, target);
        m.run();
        BOOST_REQUIRE(m.exited);
        m.mem.write32(target, addi(a0, a0, 100)); // another initiator writes the code
        if (use_invalidate) m.h->invalidate_code(target, 4);
        m.exited = false;
        m.run();
        // Without notice the old decode is used once; fence.i then drops it.
        BOOST_TEST(m.x(a0) == (use_invalidate ? 201u : 102u));
    }
}

namespace {
// A dummy TR-style instruction in custom-0: rd = mem[rs1] + rs2 + *user; 10 extra cycles;
// illegal in U-mode.
void dummy_sem(hart& h, const decoded_insn& d) {
    if (h.priv() == privilege::user) {
        h.raise(exception::illegal_insn, d.raw);
        return;
    }
    uint32_t v;
    if (!h.load<uint32_t>(h.x(d.rs1), v)) return;
    h.x(d.rd) = v + h.x(d.rs2) + *static_cast<uint32_t*>(d.desc->user);
    h.add_cycles(10);
}
uint32_t dummy(u32 rd, u32 rs1, u32 rs2) {
    return r_type(0x0b, 0, 0, rd, rs1, rs2);
}
} // namespace

BOOST_AUTO_TEST_CASE(custom_instructions_can_be_registered) {
    static uint32_t bias = 1000;
    insn_desc desc{"tr.dummy",           0x0b,      mask_f7, insn_format::r,
                   timing_class::system, dummy_sem, &bias};
    prog p = li(s0, ram_base + 0x1000) + li(a1, 5) + dummy(a0, s0, a1);
    // Not registered: illegal.
    auto before = run_with_handler(p);
    BOOST_TEST(before->x(a0) == 2u);
    // Registered: executes with access to registers, memory, privilege and timing.
    machine m;
    m.h->add_instruction(desc);
    m.mem.write32(ram_base + 0x1000, 7);
    m.load(set_mtvec(handler_at) + p + exit_seq());
    m.load(record_handler(), handler_at);
    m.run();
    BOOST_TEST(m.x(a0) == 7u + 5u + 1000u);
    BOOST_TEST(m.h->stats().class_count[unsigned(timing_class::system)] == 1u);
    // Against a plain lw in its place (same class cost and latency here): 10 cycles more.
    machine ref;
    ref.mem.write32(ram_base + 0x1000, 7);
    ref.load(set_mtvec(handler_at) + li(s0, ram_base + 0x1000) + li(a1, 5) + lw(a0, s0, 0) +
             exit_seq());
    ref.run();
    BOOST_TEST(m.h->cycles() == ref.h->cycles() + 10);
    // In U-mode the same instruction raises illegal instruction through the one trap path.
    machine u;
    u.h->add_instruction(desc);
    u.load(set_mtvec(handler_at) + to_mode(0, user_at));
    u.load(record_handler(), handler_at);
    u.load(prog{dummy(a0, s0, a1)}, user_at);
    u.run();
    BOOST_TEST(u.x(a0) == 2u);
    BOOST_TEST(u.x(a1) == dummy(a0, s0, a1));
}

BOOST_AUTO_TEST_SUITE_END()
