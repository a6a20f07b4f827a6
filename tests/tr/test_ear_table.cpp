// The EAR table: lookup by (context, va), alignment and overlap refusals, exhaustion.
#define BOOST_TEST_MODULE ear_table
#include <boost/test/unit_test.hpp>

#include "tr/ear_table.h"

using namespace trvp;

namespace {
ear_entry entry(uint16_t ctx, uint32_t va, uint32_t size, uint16_t key = 1,
                ear_kind kind = ear_kind::hidden) {
    ear_entry e;
    e.context = ctx;
    e.va_base = va;
    e.size = size;
    e.key_id = key;
    e.perms = ear_r | ear_w;
    e.kind = kind;
    return e;
}
} // namespace

BOOST_AUTO_TEST_CASE(lookup_by_context_and_address) {
    ear_table t(4);
    BOOST_CHECK(t.add(entry(1, 0x10000, 0x2000, 5)) == ear_status::ok);
    BOOST_CHECK(t.add(entry(2, 0x10000, 0x1000, 6)) == ear_status::ok); // other context: fine
    BOOST_REQUIRE(t.lookup(1, 0x11fff));
    BOOST_CHECK_EQUAL(t.lookup(1, 0x11fff)->key_id, 5u);
    BOOST_CHECK_EQUAL(t.lookup(2, 0x10000)->key_id, 6u);
    BOOST_CHECK(t.lookup(1, 0x12000) == nullptr);
    BOOST_CHECK(t.lookup(1, 0xffff) == nullptr);
    BOOST_CHECK(t.lookup(3, 0x10000) == nullptr);
    BOOST_CHECK_EQUAL(t.used(), 2u);
}

BOOST_AUTO_TEST_CASE(unaligned_empty_and_wrapping_ranges_refused) {
    ear_table t(4);
    BOOST_CHECK(t.add(entry(1, 0x10001, 0x1000)) == ear_status::unaligned);
    BOOST_CHECK(t.add(entry(1, 0x10000, 0x800)) == ear_status::unaligned);
    BOOST_CHECK(t.add(entry(1, 0x10000, 0)) == ear_status::unaligned);
    BOOST_CHECK(t.add(entry(1, 0xfffff000u, 0x2000)) == ear_status::unaligned);
    BOOST_CHECK(t.add(entry(1, 0xfffff000u, 0x1000)) == ear_status::ok);
    BOOST_CHECK_EQUAL(t.used(), 1u);
}

BOOST_AUTO_TEST_CASE(overlaps_in_one_context_refused) {
    ear_table t(8);
    BOOST_CHECK(t.add(entry(1, 0x10000, 0x3000)) == ear_status::ok);
    BOOST_CHECK(t.add(entry(1, 0x12000, 0x1000)) == ear_status::overlap);
    BOOST_CHECK(t.add(entry(1, 0xf000, 0x2000)) == ear_status::overlap);
    BOOST_CHECK(t.add(entry(1, 0xf000, 0x1000)) == ear_status::ok);  // adjacent below
    BOOST_CHECK(t.add(entry(1, 0x13000, 0x1000)) == ear_status::ok); // adjacent above
}

BOOST_AUTO_TEST_CASE(exhaustion_is_a_status_and_removal_frees) {
    ear_table t(2);
    BOOST_CHECK(t.add(entry(1, 0x1000, 0x1000)) == ear_status::ok);
    BOOST_CHECK(t.add(entry(1, 0x2000, 0x1000)) == ear_status::ok);
    BOOST_CHECK(t.add(entry(1, 0x3000, 0x1000)) == ear_status::full);
    ear_entry out;
    BOOST_CHECK(t.remove(1, 0x2000, &out) == ear_status::ok);
    BOOST_CHECK_EQUAL(out.va_base, 0x2000u);
    BOOST_CHECK(t.remove(1, 0x2000) == ear_status::not_found);
    BOOST_CHECK(t.remove(2, 0x1000) == ear_status::not_found);
    BOOST_CHECK(t.add(entry(1, 0x3000, 0x1000)) == ear_status::ok);
    BOOST_CHECK_EQUAL(t.remove_context(1).size(), 2u);
    BOOST_CHECK_EQUAL(t.used(), 0u);
    BOOST_CHECK_THROW(ear_table(0), std::invalid_argument);
}
