// PMP: the WARL rules of pmpcfg/pmpaddr, OFF/TOR/NA4/NAPOT matching and priority, the lock
// bit (M-mode enforcement, locked TOR bottoms), and enforcement on fetch, load, store and the
// page-table walker, including accesses a held grant or a cached fetch line would serve.
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
constexpr uint8_t R = 1, W = 2, X = 4, TOR = 0x08, NA4 = 0x10, NAPOT = 0x18, L = 0x80;
constexpr uint32_t data_at = ram_base + 0x40000;

uint32_t napot(uint32_t base, uint32_t size) {
    return (base >> 2) | ((size >> 3) - 1);
}

hart_params with_pmp(uint32_t entries = 16, uint32_t granularity = 4) {
    hart_params p;
    p.pmp = {entries, granularity};
    return p;
}

/** M code that writes pmpaddr<i> = addr[i] and pmpcfg0/1 = cfg0/cfg1 (clobbers t0). */
prog setup(const std::vector<uint32_t>& addr, uint32_t cfg0, uint32_t cfg1 = 0) {
    prog p;
    for (unsigned i = 0; i < addr.size(); ++i)
        p = p + li(t0, addr[i]) + csrw(uint16_t(0x3b0 + i), t0);
    return p + li(t0, cfg1) + csrw(0x3a1, t0) + li(t0, cfg0) + csrw(0x3a0, t0);
}

/** Entries 0 (user code, R X) and 1 (exit device, R W) for code run at user_at. */
std::vector<uint32_t> user_base() {
    return {napot(user_at, 0x1000), exit_addr >> 2};
}
constexpr uint32_t user_cfg = (R | X | NAPOT) | ((R | W | NA4) << 8);

/** Runs `user` in U-mode (mode 0) or S-mode (1) after `m_setup`; the machine's record. */
std::unique_ptr<machine> in_mode(unsigned mode, const prog& m_setup, const prog& user,
                                 hart_params p = with_pmp()) {
    return run_with_handler(m_setup + to_mode(mode, user_at), user, p);
}
} // namespace

BOOST_AUTO_TEST_SUITE(pmp)

BOOST_AUTO_TEST_CASE(cfg_is_warl) {
    pmp_unit u({16, 4});
    u.write_cfg(0, 0x02 | (0x60 << 8) | (uint32_t(R | W | X | NAPOT) << 16));
    BOOST_TEST((u.read_cfg(0) & 0xff) == 0u);        // R=0 W=1 is reserved: W clears
    BOOST_TEST(((u.read_cfg(0) >> 8) & 0xff) == 0u); // bits 5-6 read zero
    BOOST_TEST(((u.read_cfg(0) >> 16) & 0xff) == 0x1fu);
    pmp_unit g({16, 16});    // G = 2
    g.write_cfg(0, R | NA4); // NA4 is not selectable with G >= 1
    BOOST_TEST((g.read_cfg(0) & 0xff) == uint32_t(R | NAPOT));
    g.write_addr(0, 0x20000000); // NAPOT: bit G-2 reads as one
    BOOST_TEST(g.read_addr(0) == 0x20000001u);
    g.write_cfg(0, R | TOR); // TOR: bits G-1..0 read as zero
    g.write_addr(0, 0x20000007);
    BOOST_TEST(g.read_addr(0) == 0x20000004u);
    pmp_unit few({2, 4}); // unimplemented entries read zero
    few.write_cfg(0, 0x1f1f1f1f);
    few.write_addr(5, 123);
    BOOST_TEST(few.read_cfg(0) == 0x1f1fu);
    BOOST_TEST(few.read_addr(5) == 0u);
    BOOST_CHECK_THROW(pmp_unit({17, 4}), std::invalid_argument);
    BOOST_CHECK_THROW(pmp_unit({16, 12}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(modes_match_and_the_lowest_entry_decides) {
    pmp_unit u({16, 4});
    u.write_addr(0, 0x1000 >> 2);           // TOR [0, 0x1000)
    u.write_addr(1, 0x2000 >> 2);           // TOR [0x1000, 0x2000)
    u.write_addr(2, 0x3000 >> 2);           // NA4 [0x3000, 0x3004)
    u.write_addr(3, napot(0x4000, 0x1000)); // NAPOT [0x4000, 0x5000)
    u.write_addr(4, 0xffffffff);            // NAPOT: everything
    u.write_cfg(0, (R | TOR) | ((R | W | TOR) << 8) | ((X | NA4) << 16) | ((R | NAPOT) << 24));
    u.write_cfg(1, W | R | X | NAPOT);
    const auto U = privilege::user;
    BOOST_TEST(u.allows(0x0ffc, 4, R, U));
    BOOST_TEST(!u.allows(0x0ffc, 4, W, U));
    BOOST_TEST(u.allows(0x1000, 4, W, U));
    BOOST_TEST(!u.allows(0x0ffe, 4, R, U)); // straddles entries 0 and 1: only some bytes
    BOOST_TEST(u.allows(0x3000, 4, X, U));
    BOOST_TEST(!u.allows(0x3000, 4, R, U));
    BOOST_TEST(u.allows(0x3004, 4, W, U)); // entry 4
    BOOST_TEST(u.allows(0x4ffc, 4, R, U));
    BOOST_TEST(!u.allows(0x4ffc, 4, W, U)); // entry 3 decides, not entry 4
    BOOST_TEST(u.allows(0xfffffffc, 4, W, U));
    BOOST_TEST(u.allows(0x0ffc, 4, W, privilege::machine)); // unlocked: M is not checked
    u.write_cfg(1, 0);                                      // entry 4 off: nothing matches
    BOOST_TEST(!u.allows(0x8000, 4, R, U));
    BOOST_TEST(u.allows(0x8000, 4, R, privilege::machine));
    u.write_addr(1, 0x800 >> 2); // TOR with bottom >= top matches nothing
    BOOST_TEST(!u.allows(0x1000, 4, R, U));
}

BOOST_AUTO_TEST_CASE(lock_bit) {
    pmp_unit u({16, 4});
    u.write_addr(0, 0x1000 >> 2);
    u.write_addr(1, 0x2000 >> 2);
    u.write_cfg(0, (R | TOR) | ((L | R | TOR) << 8));
    BOOST_TEST(u.applies(privilege::machine));
    u.write_cfg(0, R | W | X | TOR); // entry 0 is unlocked, entry 1 keeps its lock
    BOOST_TEST(((u.read_cfg(0) >> 8) & 0xff) == uint32_t(L | R | TOR));
    u.write_addr(1, 0x3000 >> 2); // locked
    u.write_addr(0, 0x1800 >> 2); // the bottom of a locked TOR entry
    BOOST_TEST(u.read_addr(1) == 0x2000u >> 2);
    BOOST_TEST(u.read_addr(0) == 0x1000u >> 2);
    BOOST_TEST(!u.allows(0x1000, 4, W, privilege::machine)); // locked: M is checked
    BOOST_TEST(u.allows(0x1000, 4, R, privilege::machine));
    BOOST_TEST(u.allows(0x0000, 4, W, privilege::machine)); // unlocked entry 0 matches
    u.reset();
    BOOST_TEST(!u.applies(privilege::machine));
}

BOOST_AUTO_TEST_CASE(user_load_store_fetch) {
    auto base = user_base();
    base.push_back(napot(data_at, 0x1000)); // entry 2: read only
    uint32_t cfg = user_cfg | (uint32_t(R | NAPOT) << 16);
    auto ok = in_mode(0, setup(base, cfg), li(a4, data_at) + lw(s2, a4, 0));
    BOOST_TEST(ok->exited);
    BOOST_TEST(ok->x(a0) == 0u); // no trap
    auto st = in_mode(0, setup(base, cfg), li(a4, data_at) + sw(a4, a4, 0));
    BOOST_TEST(st->x(a0) == 7u); // store access fault
    BOOST_TEST(st->x(a1) == data_at);
    auto ld = in_mode(0, setup(base, cfg), li(a4, data_at + 0x1000) + lw(s2, a4, 0));
    BOOST_TEST(ld->x(a0) == 5u); // no entry matches
    auto fe = in_mode(0, setup(base, cfg), li(a4, data_at) + jalr(zero, a4, 0));
    BOOST_TEST(fe->x(a0) == 1u); // not executable
    BOOST_TEST(fe->x(a2) == data_at);
    auto none = in_mode(0, {}, li(a4, data_at) + lw(s2, a4, 0)); // all OFF: S/U fail
    BOOST_TEST(none->x(a0) == 1u);
    BOOST_TEST(none->x(a2) == user_at);
    auto no_pmp = in_mode(0, {}, li(a4, data_at) + lw(s2, a4, 0), hart_params{});
    BOOST_TEST(no_pmp->x(a0) == 0u); // no entries implemented: nothing is checked
    BOOST_TEST(no_pmp->exited);
}

BOOST_AUTO_TEST_CASE(machine_mode_only_when_locked) {
    prog m_store = li(a4, data_at) + li(t1, 0x55) + sw(t1, a4, 0);
    auto open =
        run_with_handler(setup({napot(data_at, 0x1000)}, R | NAPOT) + m_store, {}, with_pmp());
    BOOST_TEST(open->x(a0) == 0u);
    BOOST_TEST(open->mem.read32(data_at) == 0x55u);
    auto locked =
        run_with_handler(setup({napot(data_at, 0x1000)}, L | R | NAPOT) + m_store, {}, with_pmp());
    BOOST_TEST(locked->x(a0) == 7u);
    BOOST_TEST(locked->mem.read32(data_at) == 0u);
    // MPRV with MPP=U: M's loads are checked as U's.
    auto mprv = run_with_handler(setup(user_base(), user_cfg) + li(t0, 1u << 17) +
                                     csrrs(zero, 0x300, t0) + li(a4, data_at) + lw(s2, a4, 0),
                                 {}, with_pmp());
    BOOST_TEST(mprv->x(a0) == 5u);
}

BOOST_AUTO_TEST_CASE(na4_and_tor_regions) {
    auto base = user_base();
    base.push_back(data_at >> 2);           // entry 2: NA4 RW at data_at
    base.push_back((data_at + 0x100) >> 2); // entry 3: TOR [data_at+4, data_at+0x100)
    base[2] = data_at >> 2;
    std::vector<uint32_t> addrs = base;
    addrs[3] = (data_at + 0x100) >> 2;
    uint32_t cfg = user_cfg | (uint32_t(R | W | NA4) << 16) | (uint32_t(R | TOR) << 24);
    // TOR's bottom is entry 2's address (data_at): [data_at, data_at+0x100), but entry 2
    // (NA4, RW) decides for the first word.
    auto a = in_mode(0, setup(addrs, cfg), li(a4, data_at) + sw(a4, a4, 0) + lw(s2, a4, 0xfc));
    BOOST_TEST(a->x(a0) == 0u);
    BOOST_TEST(a->mem.read32(data_at) == data_at);
    auto b = in_mode(0, setup(addrs, cfg), li(a4, data_at) + sw(a4, a4, 4));
    BOOST_TEST(b->x(a0) == 7u);
    auto c = in_mode(0, setup(addrs, cfg), li(a4, data_at) + lw(s2, a4, 0x100));
    BOOST_TEST(c->x(a0) == 5u);
}

BOOST_AUTO_TEST_CASE(a_line_partly_executable_is_checked_per_instruction) {
    // Entry 0 covers only the first 8 bytes of the user code's 64-byte fetch line: the third
    // instruction faults although the line was fetched for the first.
    std::vector<uint32_t> addrs = {napot(user_at, 8), exit_addr >> 2};
    auto m = in_mode(0, setup(addrs, user_cfg), {nop(), nop(), nop()});
    BOOST_TEST(m->x(a0) == 1u);
    BOOST_TEST(m->x(a2) == user_at + 8);
}

BOOST_AUTO_TEST_CASE(a_pmp_write_takes_effect_on_held_grants_and_lines) {
    // U reads data (a grant is held), traps to M with ecall, M makes the data inaccessible,
    // returns, and U's next load faults.
    auto base = user_base();
    base.push_back(napot(data_at, 0x1000));
    uint32_t cfg = user_cfg | (uint32_t(R | NAPOT) << 16);
    constexpr uint32_t m_handler = ram_base + 0xa00;
    machine m(with_pmp());
    m.load(set_mtvec(m_handler) + setup(base, cfg) + to_mode(0, user_at));
    // M handler: an ecall turns entry 2 off and returns past it; any other trap is recorded.
    prog off = li(t0, 0xff0000) + csrrc(zero, 0x3a0, t0) + csrr(t2, 0x341) + addi(t2, t2, 4) +
               csrw(0x341, t2) + mret();
    prog h = prog{csrr(a0, 0x342), addi(t1, zero, 8), bne(a0, t1, int32_t(off.size() + 1) * 4)} +
             off + prog{csrr(a1, 0x343), csrr(a2, 0x341)} + exit_seq();
    m.load(h, m_handler);
    m.load(li(a4, data_at) + lw(s2, a4, 0) + ecall() + lw(s3, a4, 0) + exit_seq(), user_at);
    m.run();
    BOOST_TEST(m.h->stats().grants >= 1u);
    BOOST_TEST(m.x(a0) == 5u);
    BOOST_TEST(m.x(a1) == data_at);
}

BOOST_AUTO_TEST_CASE(page_walker_is_checked_as_supervisor) {
    constexpr uint32_t root = ram_base + 0x10000;
    machine m(with_pmp());
    // Identity megapage for RAM and the exit device; S code at user_at.
    m.mem.write32(root + 4 * 0x200, (((ram_base >> 12) << 10) | 0xcf));
    m.mem.write32(root + 4 * 0x040, (((exit_addr >> 12) << 10) | 0xc7));
    // Entry 0: the page table, no access; entry 1: everything.
    std::vector<uint32_t> addrs = {napot(root, 0x1000), 0xffffffff};
    prog satp = li(t0, (1u << 31) | (root >> 12)) + csrw(0x180, t0);
    m.load(set_mtvec(handler_at) + setup(addrs, NAPOT | ((R | W | X | NAPOT) << 8)) + satp +
           to_mode(1, user_at));
    m.load(record_handler(), handler_at);
    m.load(prog{nop()} + exit_seq(), user_at);
    m.run();
    BOOST_TEST(m.x(a0) == 1u); // the fetch's walk is refused: an instruction access fault
    BOOST_TEST(m.x(a2) == user_at);
}

BOOST_AUTO_TEST_SUITE_END()
