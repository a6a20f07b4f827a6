// Debug triggers (Sdtrig, mcontrol6): tselect/tdata1/tdata2/tinfo WARL behaviour, and
// address-match triggers on execute, load and store raising breakpoint exceptions.
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
constexpr uint32_t mc6 = 6u << 28, M = 0x40, S = 0x10, U = 0x08, EXEC = 4, ST = 2, LD = 1;
constexpr uint32_t data_at = ram_base + 0x40000;

/** M code selecting trigger `i` with tdata2 = addr, tdata1 = cfg (clobbers t0). */
prog trigger(unsigned i, uint32_t addr, uint32_t cfg) {
    return li(t0, i) + csrw(0x7a0, t0) + li(t0, addr) + csrw(0x7a2, t0) + li(t0, cfg) +
           csrw(0x7a1, t0);
}
} // namespace

BOOST_AUTO_TEST_SUITE(triggers)

BOOST_AUTO_TEST_CASE(csrs_are_warl) {
    auto m = run_program(trigger(1, 0x1234, mc6 | (5u << 7) | (1u << 12) | U | EXEC) + li(t0, 9) +
                         csrw(0x7a0, t0) + csrr(s2, 0x7a0) + csrr(s3, 0x7a1) + csrr(s4, 0x7a2) +
                         csrr(s5, 0x7a4) + li(t0, 2u << 28) + csrw(0x7a1, t0) + csrr(s6, 0x7a1));
    BOOST_TEST(m->x(s2) == 1u);               // tselect 9 does not exist: stays 1
    BOOST_TEST(m->x(s3) == (mc6 | U | EXEC)); // match 5 -> 0, action 1 -> 0
    BOOST_TEST(m->x(s4) == 0x1234u);
    BOOST_TEST(m->x(s5) == ((1u << 24) | (1u << 15) | (1u << 6)));
    BOOST_TEST(m->x(s6) == (15u << 28)); // type 2 is not supported: disabled
}

BOOST_AUTO_TEST_CASE(execute_trigger_in_user_mode) {
    auto m = run_with_handler(trigger(0, user_at + 8, mc6 | U | EXEC) + to_mode(0, user_at),
                              {addi(s2, zero, 1), addi(s3, zero, 2), addi(s4, zero, 3)});
    BOOST_TEST(m->x(a0) == 3u); // breakpoint
    BOOST_TEST(m->x(a1) == user_at + 8);
    BOOST_TEST(m->x(a2) == user_at + 8);
    BOOST_TEST(m->x(s3) == 2u);
    BOOST_TEST(m->x(s4) == 0u);                     // did not execute
    BOOST_TEST((m->csr(0x7a1) & (1u << 22)) != 0u); // hit0
}

BOOST_AUTO_TEST_CASE(load_and_store_triggers) {
    auto ld = run_with_handler(trigger(2, data_at, mc6 | S | LD) + to_mode(1, user_at),
                               li(a4, data_at) + sw(a4, a4, 0) + lw(s2, a4, 0));
    BOOST_TEST(ld->x(a0) == 3u);
    BOOST_TEST(ld->x(a1) == data_at);
    BOOST_TEST(ld->mem.read32(data_at) == data_at); // the store did not match a load trigger
    BOOST_TEST(ld->x(s2) == 0u);
    auto st =
        run_with_handler(trigger(3, data_at + 8, mc6 | (2u << 7) | U | ST) + to_mode(0, user_at),
                         li(a4, data_at) + sw(a4, a4, 4) + sw(a4, a4, 12));
    BOOST_TEST(st->x(a0) == 3u);
    BOOST_TEST(st->x(a1) == data_at + 12); // match >=: the first store at or above
    BOOST_TEST(st->mem.read32(data_at + 4) == data_at);
    BOOST_TEST(st->mem.read32(data_at + 12) == 0u); // not written
}

BOOST_AUTO_TEST_CASE(machine_mode_fires_only_with_mie) {
    prog body = li(a4, data_at) + lw(s2, a4, 0);
    auto off = run_with_handler(trigger(0, data_at, mc6 | M | LD) + body);
    BOOST_TEST(off->x(a0) == 0u);
    auto on = run_with_handler(trigger(0, data_at, mc6 | M | LD) + csrrsi(zero, 0x300, 8) + body);
    BOOST_TEST(on->x(a0) == 3u);
    auto other_mode =
        run_with_handler(trigger(0, data_at, mc6 | U | LD) + csrrsi(zero, 0x300, 8) + body);
    BOOST_TEST(other_mode->x(a0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
