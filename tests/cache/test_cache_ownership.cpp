#define BOOST_TEST_MODULE cache_ownership
// Frame ownership checked at a cache level (docs/attributes.md#frame-ownership-at-the-memory-
// side): where the kernel's plaintext alias store would otherwise hit.
#include "cache_bench.h"

#include "../common/sc_test_main.h"

using namespace trvp;
using namespace trvp::test;

namespace {

constexpr uint64_t owned = 0x1000, other = 0x2000; // frame owned under key 5; a free one
constexpr uint16_t owner_key = 5;

cache_params checked(const frame_owners& o, bool enabled, bool reads = false) {
    cache_params p;
    p.size = 1024;
    p.ways = 2;
    p.hit_latency = 3;
    p.ownership.enabled = enabled;
    p.ownership.reads = reads;
    p.owners = &o;
    return p;
}

frame_owners table() {
    frame_owners o;
    o.set(owned, {owner_key});
    return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(plaintext_alias_store_is_refused_even_on_a_hit) {
    sim s;
    const frame_owners o = table();
    lane a("l1d", s.env, checked(o, true), 20);
    s.start();
    a.cpu.read32(owned + 0x40, 0); // the alias read is allowed (reads unchecked): a key-0 line
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    const uint64_t accesses = s.count("l1d.accesses"), mem_writes = a.mem.writes;
    // The store would hit that line: refused at arrival, no time, nothing counted or dirtied.
    BOOST_TEST(a.cpu.write32(owned + 0x40, 0xdeadbeef, 0) == 0u);
    BOOST_TEST(a.cpu.status == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST((a.cpu.last_ext.fault == mem_fault::ownership));
    BOOST_TEST(s.count("l1d.ownership.refused") == 1u);
    BOOST_TEST(s.count("l1d.ownership.refused_writes") == 1u);
    BOOST_TEST(s.count("l1d.ownership.refused_reads") == 0u);
    BOOST_TEST(s.count("l1d.accesses") == accesses);
    // The direct-call fast path must not bypass it: it declines, b_transport refuses.
    uint64_t cycles = 0;
    const uint32_t v = 1;
    BOOST_TEST(!a.l1.fast_write(owned + 0x40, &v, 4, 0, cycles));
    BOOST_TEST(cycles == 0u);
    uint32_t r = 0;
    BOOST_TEST(a.l1.fast_read(owned + 0x40, &r, 4, 0, cycles)); // reads: not checked
    // Nothing of the refused store reached the line or memory.
    cache_op_ext op;
    op.what = cache_op_ext::op::clean;
    a.cpu.op(op);
    BOOST_TEST(a.mem.writes == mem_writes);
    BOOST_TEST(a.cpu.read32(owned + 0x40, 0) != 0xdeadbeefu);
    // The owner's key id and a free frame pass.
    a.cpu.write32(owned + 0x80, 7, owner_key);
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(a.l1.fast_write(owned + 0x80, &v, 4, owner_key, cycles));
    a.cpu.write32(other, 7, 0);
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(s.count("l1d.ownership.refused") == 1u);
}

BOOST_AUTO_TEST_CASE(reads_are_checked_when_asked) {
    sim s;
    const frame_owners o = table();
    lane a("l1d", s.env, checked(o, true, true), 20);
    s.start();
    a.cpu.read32(owned, owner_key); // the owner's line is resident
    uint64_t cycles = 0;
    uint32_t r = 0;
    BOOST_TEST(!a.l1.fast_read(owned, &r, 4, 0, cycles));
    a.cpu.read32(owned, 0);
    BOOST_TEST(a.cpu.status == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST((a.cpu.last_ext.fault == mem_fault::ownership));
    BOOST_TEST(s.count("l1d.ownership.refused_reads") == 1u);
    BOOST_TEST(s.count("l1d.key_mismatch_evictions") == 0u); // the owner's line stayed
    BOOST_TEST(a.l1.fast_read(owned, &r, 4, owner_key, cycles));
}

BOOST_AUTO_TEST_CASE(control_without_the_check_the_alias_store_goes_through) {
    sim s;
    const frame_owners o = table();
    lane a("l1d", s.env, checked(o, false), 20);
    s.start();
    a.cpu.write32(owned + 0x40, 0xdeadbeef, 0);
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(a.cpu.read32(owned + 0x40, 0) == 0xdeadbeefu);
    BOOST_TEST(!s.has("l1d.ownership.refused")); // statistics only when enabled
}

BOOST_AUTO_TEST_CASE(write_backs_pass_and_a_refusal_below_reaches_the_requester) {
    // L1 without the check above an L2 checking reads and writes: the L1's key-0 store is
    // in before the frame is owned; its write-back later passes (it was written when the
    // check allowed it); a key-0 refill of the owned frame is refused at the L2, and the
    // L1 hands the refusal's reason to its requester.
    sim s;
    frame_owners o;
    test_memory mem("mem", s.env.clock_period * 20.0);
    cache_params p1 = checked(o, false);
    cache l1("l1", s.env, p1);
    cache l2("l2", s.env, checked(o, true, true));
    initiator cpu("cpu", s.env.clock_period);
    cpu.socket.bind(l1.target("cpu"));
    l1.bind("mem", l2.target("cpu"));
    l2.bind("mem", mem.socket);
    s.start();
    cpu.write32(owned, 0x11, 0);
    BOOST_TEST(cpu.status == tlm::TLM_OK_RESPONSE);
    o.set(owned, {owner_key}); // the frame is bound now
    cache_op_ext op;
    op.what = cache_op_ext::op::clean_invalidate;
    cpu.op(op);
    BOOST_TEST(s.count("l1.writebacks") == 1u);
    BOOST_TEST(s.count("l2.ownership.refused") == 0u);
    cpu.read32(owned, 0);
    BOOST_TEST(cpu.status == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST((cpu.last_ext.fault == mem_fault::ownership));
    BOOST_TEST(s.count("l2.ownership.refused_reads") == 1u);
    o.set(owned, {}); // unbound again: allowed
    cpu.read32(owned, 0);
    BOOST_TEST(cpu.status == tlm::TLM_OK_RESPONSE);
}
