// Sv32: 4 KiB pages and megapages, A/D updates by the walker, permission faults with
// SUM/MXR/MPRV, page-fault tval, sfence.vma, TLB.
#include "machine.h"
#include "tlb.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
constexpr uint32_t root = ram_base + 0x10000; // level-1 table
constexpr uint32_t l0 = ram_base + 0x11000;   // level-0 table for VA 0x40000000..0x403fffff
constexpr uint32_t data_pa = ram_base + 0x20000;
constexpr uint32_t code_pa = ram_base + 0x3000; // U code, at VA 0x40001000
constexpr uint32_t va_data = 0x40000000;        // L0[0] -> data_pa
constexpr uint32_t va_code = 0x40001000;        // L0[1] -> code_pa
constexpr uint32_t va_user = 0x40002000;        // L0[2] -> data_pa + 0x1000 (U page)
constexpr uint32_t va_xonly = 0x40003000;       // L0[3] -> data_pa + 0x2000 (X only)
constexpr uint32_t satp = (1u << 31) | (root >> 12);
constexpr uint32_t V = pte::v, R = pte::r, W = pte::w, X = pte::x, U = pte::u, G = pte::g,
                   A = pte::a, D = pte::d;

uint32_t make_pte(uint32_t pa, uint32_t flags) {
    return ((pa >> 12) << 10) | flags;
}

struct vm : machine {
    explicit vm(hart_params p = {}) : machine(p) {
        mem.write32(root + 4 * 0x200, make_pte(ram_base, V | R | W | X | A | D)); // identity
        mem.write32(root + 4 * 0x040, make_pte(exit_addr, V | R | W | A | D));    // exit device
        mem.write32(root + 4 * 0x100, make_pte(l0, V));
        mem.write32(l0 + 0, make_pte(data_pa, V | R | W)); // no A/D yet
        mem.write32(l0 + 4, make_pte(code_pa, V | R | X | U | A));
        mem.write32(l0 + 8, make_pte(data_pa + 0x1000, V | R | W | U | A | D));
        mem.write32(l0 + 12, make_pte(data_pa + 0x2000, V | X | A));
        mem.write32(data_pa, 0x11111111);
        mem.write32(data_pa + 0x1000, 0x22222222);
        mem.write32(data_pa + 0x2000, 0x33333333);
        load(record_handler(), handler_at);
    }
    /** M: enable Sv32 and enter mode `mode` at user_at (or `entry`); `s_code` runs there. */
    void start(unsigned mode, const prog& s_code, const prog& m_setup = {},
               uint32_t entry = user_at) {
        load(set_mtvec(handler_at) + li(t0, satp) + csrw(0x180, t0) + m_setup +
             to_mode(mode, entry));
        if (!s_code.empty()) load(s_code + exit_seq(), user_at);
        run();
    }
};
} // namespace

BOOST_AUTO_TEST_SUITE(mmu)

BOOST_AUTO_TEST_CASE(page_walk_sets_accessed_and_dirty) {
    vm m;
    m.start(1, li(a4, va_data) + li(t1, 0x1234) + lw(s2, a4, 0) + li(t2, l0) + lw(s3, t2, 0) +
                   sw(t1, a4, 4) + lw(s4, t2, 0));
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(s2) == 0x11111111u);
    BOOST_TEST((m.x(s3) & (A | D)) == A); // a load sets A only
    BOOST_TEST((m.x(s4) & (A | D)) == (A | D));
    BOOST_TEST(m.mem.read32(data_pa + 4) == 0x1234u);
    BOOST_TEST(m.h->stats().page_walks >= 3u);
    BOOST_TEST(m.mem.writes[unsigned(access_type::walk)] == 2u); // A, then D
}

BOOST_AUTO_TEST_CASE(megapages) {
    vm m;
    m.mem.write32(root + 4 * 0x300, make_pte(ram_base, V | R | A));
    m.mem.write32(ram_base + 0x5004, 0xcafe);
    m.start(1, li(a4, 0xc0005004) + lw(s2, a4, 0));
    BOOST_TEST(m.x(s2) == 0xcafeu);
}

BOOST_AUTO_TEST_CASE(bad_ptes_fault_with_the_va) {
    struct c {
        uint32_t root_entry;
        uint32_t cause;
    };
    const c cases[] = {
        {make_pte(ram_base + 0x1000, V | R | A), 13}, // misaligned megapage
        {make_pte(ram_base, V | W | A), 13},          // W without R
        {make_pte(ram_base, R | W | A), 13},          // not valid
        {0, 13},
    };
    for (auto& k : cases) {
        vm m;
        m.mem.write32(root + 4 * 0x301, k.root_entry);
        m.start(1, li(a4, 0xc0400008) + lw(s2, a4, 0));
        BOOST_TEST(m.x(a0) == k.cause);
        BOOST_TEST(m.x(a1) == 0xc0400008u);
    }
    vm m; // a level-0 pointer is a fault
    m.mem.write32(l0 + 16, make_pte(ram_base, V));
    m.start(1, li(a4, 0x40004000) + lw(s2, a4, 0));
    BOOST_TEST(m.x(a0) == 13u);
}

BOOST_AUTO_TEST_CASE(permission_faults) {
    vm st; // store to a read-only page
    st.mem.write32(l0, make_pte(data_pa, V | R | A));
    st.start(1, li(a4, va_data + 8) + sw(a4, a4, 0));
    BOOST_TEST(st.x(a0) == 15u);
    BOOST_TEST(st.x(a1) == va_data + 8);
    vm fe; // fetch from a non-executable page
    fe.start(1, li(a4, va_data + 0x10) + jalr(ra, a4, 0));
    BOOST_TEST(fe.x(a0) == 12u);
    BOOST_TEST(fe.x(a1) == va_data + 0x10);
    BOOST_TEST(fe.x(a2) == va_data + 0x10); // mepc = the faulting fetch
    vm sx;                                  // S may never execute a U page, even with SUM
    sx.start(1, li(a4, 1u << 18) + csrrs(zero, 0x100, a4) + li(a4, va_code) + jalr(ra, a4, 0));
    BOOST_TEST(sx.x(a0) == 12u);
}

BOOST_AUTO_TEST_CASE(sum_and_mxr) {
    vm no_sum;
    no_sum.start(1, li(a4, va_user) + lw(s2, a4, 0));
    BOOST_TEST(no_sum.x(a0) == 13u);
    vm sum;
    sum.start(1, li(a4, 1u << 18) + csrrs(zero, 0x100, a4) + li(a4, va_user) + lw(s2, a4, 0));
    BOOST_TEST(sum.exited);
    BOOST_TEST(sum.x(a0) == 0u);
    BOOST_TEST(sum.x(s2) == 0x22222222u);
    vm no_mxr;
    no_mxr.start(1, li(a4, va_xonly) + lw(s2, a4, 0));
    BOOST_TEST(no_mxr.x(a0) == 13u);
    vm mxr;
    mxr.start(1, li(a4, 1u << 19) + csrrs(zero, 0x100, a4) + li(a4, va_xonly) + lw(s2, a4, 0));
    BOOST_TEST(mxr.x(s2) == 0x33333333u);
}

BOOST_AUTO_TEST_CASE(user_mode_translation) {
    vm ok;
    ok.load(li(a4, va_user) + lw(s2, a4, 0) + ecall(), code_pa);
    ok.start(0, {}, {}, va_code);
    BOOST_TEST(ok.x(a0) == 8u); // reached the ecall
    BOOST_TEST(ok.x(s2) == 0x22222222u);
    vm bad;
    bad.load(li(a4, va_data) + lw(s2, a4, 0) + ecall(), code_pa);
    bad.start(0, {}, {}, va_code);
    BOOST_TEST(bad.x(a0) == 13u); // U touching a supervisor page
    BOOST_TEST(bad.x(a2) == va_code + 8);
}

BOOST_AUTO_TEST_CASE(mprv_translates_machine_loads) {
    vm m;
    prog body = li(t0, satp) + csrw(0x180, t0) + li(t0, (1u << 17) | (1u << 11)) +
                csrrs(zero, 0x300, t0) + li(a4, va_data) + lw(s2, a4, 0) + csrrc(zero, 0x300, t0) +
                lw(s3, a4, 0);
    m.load(set_mtvec(handler_at) + body);
    m.run();
    BOOST_TEST(m.x(s2) == 0x11111111u); // translated through MPP=S
    BOOST_TEST(m.x(a0) == 5u);          // without MPRV: physical 0x40000000 is a bus error
    BOOST_TEST(m.x(a1) == va_data);
}

BOOST_AUTO_TEST_CASE(sfence_vma_drops_stale_translations) {
    for (bool by_address : {false, true}) {
        vm m;
        prog s = li(a4, va_data) + li(t2, l0) + li(t1, make_pte(data_pa + 0x1000, V | R | A)) +
                 lw(s2, a4, 0) + sw(t1, t2, 0) + lw(s3, a4, 0) +
                 (by_address ? sfence_vma(a4, zero) : sfence_vma(zero, zero)) + lw(s4, a4, 0);
        m.start(1, s);
        BOOST_TEST(m.x(s2) == 0x11111111u);
        BOOST_TEST(m.x(s3) == 0x11111111u); // stale TLB entry until sfence.vma
        BOOST_TEST(m.x(s4) == 0x22222222u);
    }
}

BOOST_AUTO_TEST_CASE(walk_bus_error_is_an_access_fault) {
    vm m;
    m.load(set_mtvec(handler_at) + li(t0, (1u << 31) | 0x1) + csrw(0x180, t0) +
           to_mode(1, user_at));
    m.run();
    BOOST_TEST(m.x(a0) == 1u); // instruction access fault from the fetch walk
    BOOST_TEST(m.x(a1) == user_at);
}

namespace {
// Gives the U data page key id 5, vetoes the X-only page, counts calls.
struct key_hook : translation_hook {
    int calls = 0;
    bool on_translate(hart&, uint32_t va, uint32_t, access_type, uint16_t& key, uint8_t&) override {
        ++calls;
        if ((va & ~0xfffu) == va_xonly) return false;
        key = (va & ~0xfffu) == va_user ? 5 : 0;
        return true;
    }
};
} // namespace

BOOST_AUTO_TEST_CASE(translation_hook_sets_key_ids_and_can_veto) {
    for (bool fast : {true, false}) {
        hart_params hp;
        hp.fast_path = fast;
        vm m(hp);
        key_hook hook;
        m.h->set_translation_hook(&hook);
        m.start(1, li(a4, 1u << 18) + csrrs(zero, 0x100, a4) + li(a4, va_user) + lw(s2, a4, 0) +
                       li(a5, va_data) + lw(s3, a5, 0) + lw(s4, a4, 0) + li(a4, 1u << 19) +
                       csrrs(zero, 0x100, a4) + li(a4, va_xonly) + lw(s5, a4, 0)); // MXR on

        BOOST_TEST(m.x(s2) == 0x22222222u);
        BOOST_TEST(m.x(s3) == 0x11111111u);
        BOOST_TEST(m.x(s4) == 0x22222222u);
        BOOST_TEST(m.mem.last_key[unsigned(access_type::load)] == 5u); // the last load: key 5
        BOOST_TEST(m.x(a0) == 13u); // MXR allows it; the hook vetoes: page fault
        BOOST_TEST(m.x(a1) == va_xonly);
        BOOST_TEST(hook.calls >= 3);
    }
}

namespace {
// Restricts the U data page as an EAR entry without W would: loads allowed, stores refused
// (deny bit kept in the TLB); the X-only page refuses loads whatever MXR says.
struct deny_hook : translation_hook {
    int calls = 0, refused = 0;
    bool on_translate(hart&, uint32_t va, uint32_t, access_type t, uint16_t& key,
                      uint8_t& deny) override {
        ++calls;
        key = 0;
        deny = 0;
        if ((va & ~0xfffu) == va_user) deny = 1u << unsigned(access_type::store);
        if ((va & ~0xfffu) == va_xonly) deny = 1u << unsigned(access_type::load);
        if ((deny >> unsigned(t)) & 1) {
            ++refused;
            return false;
        }
        return true;
    }
};
} // namespace

// A load fills the TLB; a store to the same page then hits it, and the deny bit the hook left
// there sends it back through the walk, where the hook refuses it: a store page fault, not a
// silent write through the cached translation (both with and without the fast path).
BOOST_AUTO_TEST_CASE(translation_hook_deny_survives_tlb_hits) {
    for (bool fast : {true, false}) {
        hart_params hp;
        hp.fast_path = fast;
        vm m(hp);
        deny_hook hook;
        m.h->set_translation_hook(&hook);
        m.start(1, li(a4, 1u << 18) + csrrs(zero, 0x100, a4) + li(a4, va_user) + lw(s2, a4, 0) +
                       lw(s3, a4, 4) + li(t1, 0x5555) + sw(t1, a4, 0));
        BOOST_TEST(m.x(s2) == 0x22222222u);
        BOOST_TEST(m.x(a0) == 15u); // store page fault
        BOOST_TEST(m.x(a1) == va_user);
        BOOST_TEST(m.mem.read32(data_pa + 0x1000) == 0x22222222u); // nothing written
        BOOST_TEST(hook.calls == 3);                               // fill, re-walk of the store
        BOOST_TEST(hook.refused == 1);
        BOOST_TEST(m.h->stats().tlb_hits >= 2u);
    }
    // MXR lets S-mode load from an X-only page per the PTE; the hook's deny still holds.
    vm m;
    deny_hook hook;
    m.h->set_translation_hook(&hook);
    m.start(1, li(a4, 1u << 19) + csrrs(zero, 0x100, a4) + li(a4, va_xonly) + lw(s5, a4, 0));
    BOOST_TEST(m.x(a0) == 13u);
    BOOST_TEST(m.x(a1) == va_xonly);
    BOOST_TEST(hook.refused == 1);
}

BOOST_AUTO_TEST_CASE(tlb_sets_ways_asid_and_global) {
    tlb t(4, 2);
    t.insert({0x10, 1, 1, 0, uint8_t(V | R), false, true, 0});
    t.insert({0x12, 2, 1, 0, uint8_t(V | R | G), false, true, 0});
    t.insert({0x15, 3, 2, 0, uint8_t(V | R), false, true, 0});
    BOOST_TEST(t.lookup(0x10, 1) != nullptr);
    BOOST_TEST(t.lookup(0x10, 2) == nullptr);                  // other ASID
    BOOST_TEST(t.lookup(0x12, 7) != nullptr);                  // global
    t.insert({0x16, 4, 1, 0, uint8_t(V | R), false, true, 0}); // set 0 is full: evicts round-robin
    BOOST_TEST((t.lookup(0x10, 1) == nullptr) != (t.lookup(0x12, 1) == nullptr));
    BOOST_TEST(t.lookup(0x15, 2) != nullptr);
    t.flush(false, 0, true, 2);
    BOOST_TEST(t.lookup(0x15, 2) == nullptr);
    t.insert({0x400, 5, 1, 0, uint8_t(V | R), true, true, 0}); // piece of a megapage
    t.flush(true, 0x00400000 + 0x3000, false, 0);              // another page of that megapage
    BOOST_TEST(t.lookup(0x400, 1) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
