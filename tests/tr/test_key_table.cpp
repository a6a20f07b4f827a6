#define BOOST_TEST_MODULE key_table
#include "tr/key_table.h"

#include <boost/test/unit_test.hpp>

using namespace trvp;

namespace {
key128 key(uint8_t v) {
    key128 k{};
    k.fill(v);
    return k;
}
} // namespace

BOOST_AUTO_TEST_CASE(allocates_from_one_and_never_zero) {
    key_table kt({3});
    BOOST_TEST(kt.capacity() == 3u);
    BOOST_TEST(kt.id_count() == 4u);
    auto a = kt.acquire(key(1));
    BOOST_TEST((a.status == key_status::ok));
    BOOST_TEST(a.id == 1);
    BOOST_TEST(kt.key_for_eu(0) == nullptr);
    BOOST_TEST((kt.state(0) == key_table::id_state::free));
    BOOST_TEST((kt.release(0) == key_status::bad_id));
    BOOST_TEST((kt.retain(0) == key_status::bad_id));
}

BOOST_AUTO_TEST_CASE(identical_values_share_an_id) {
    key_table kt({4});
    auto a = kt.acquire(key(7));
    auto b = kt.acquire(key(7));
    auto c = kt.acquire(key(8));
    BOOST_TEST(a.id == b.id);
    BOOST_TEST(c.id != a.id);
    BOOST_TEST(kt.refcount(a.id) == 2u);
    BOOST_TEST(kt.active_count() == 2u);
    BOOST_TEST((*kt.key_for_eu(a.id) == key(7)));
    BOOST_TEST((*kt.key_for_eu(c.id) == key(8)));
}

BOOST_AUTO_TEST_CASE(reference_counting_and_draining) {
    key_table kt({4});
    const uint16_t id = kt.acquire(key(1)).id;
    BOOST_TEST((kt.retain(id) == key_status::ok));
    BOOST_TEST(kt.refcount(id) == 2u);
    BOOST_TEST((kt.release(id) == key_status::ok));
    BOOST_TEST((kt.state(id) == key_table::id_state::active));
    BOOST_TEST(kt.pending_scrub().empty());
    BOOST_TEST((kt.release(id) == key_status::ok));
    BOOST_TEST((kt.state(id) == key_table::id_state::draining));
    BOOST_TEST((kt.pending_scrub() == std::vector<uint16_t>{id}));
    // A draining id keeps its key (its dirty lines are still written back under it) ...
    BOOST_TEST((kt.key_for_eu(id) != nullptr));
    // ... but takes no new references.
    BOOST_TEST((kt.retain(id) == key_status::not_allocated));
    BOOST_TEST((kt.release(id) == key_status::not_allocated));
    BOOST_TEST((kt.scrubbed(id) == key_status::ok));
    BOOST_TEST((kt.state(id) == key_table::id_state::free));
    BOOST_TEST(kt.key_for_eu(id) == nullptr);
    BOOST_TEST((kt.scrubbed(id) == key_status::not_draining));
    BOOST_TEST(kt.pending_scrub().empty());
}

BOOST_AUTO_TEST_CASE(draining_id_is_never_handed_out) {
    key_table kt({2});
    const uint16_t a = kt.acquire(key(1)).id;
    const uint16_t b = kt.acquire(key(2)).id;
    kt.release(a);
    // The same value again gets a new id: the draining one is not revived.
    auto r = kt.acquire(key(1));
    BOOST_TEST((r.status == key_status::full));
    kt.release(b);
    BOOST_TEST((kt.pending_scrub() == std::vector<uint16_t>{a, b}));
    BOOST_TEST((kt.acquire(key(3)).status == key_status::full));
    kt.scrubbed(b);
    auto c = kt.acquire(key(1));
    BOOST_TEST((c.status == key_status::ok));
    BOOST_TEST(c.id == b);
}

BOOST_AUTO_TEST_CASE(running_out_is_an_error_code) {
    key_table kt({3});
    for (uint8_t i = 1; i <= 3; ++i) BOOST_TEST((kt.acquire(key(i)).status == key_status::ok));
    for (int i = 0; i < 100; ++i) {
        auto r = kt.acquire(key(uint8_t(100 + i)));
        BOOST_TEST((r.status == key_status::full));
        BOOST_TEST(r.id == 0);
    }
    // An existing value still shares its id when the table is full.
    BOOST_TEST((kt.acquire(key(2)).status == key_status::ok));
    BOOST_TEST((kt.release(4) == key_status::bad_id));
    BOOST_TEST((kt.release(60000) == key_status::bad_id));
    BOOST_TEST(std::string(to_string(key_status::full)) == "key table full");
}

BOOST_AUTO_TEST_CASE(generation_bumps_on_reuse) {
    key_table kt({1});
    BOOST_TEST(kt.generation(1) == 0u);
    const uint16_t id = kt.acquire(key(1)).id;
    BOOST_TEST(kt.generation(id) == 1u);
    kt.acquire(key(1)); // sharing is not a reuse
    BOOST_TEST(kt.generation(id) == 1u);
    kt.release(id);
    kt.release(id);
    BOOST_TEST(kt.generation(id) == 1u);
    kt.scrubbed(id);
    const uint16_t again = kt.acquire(key(9)).id;
    BOOST_TEST(again == id);
    BOOST_TEST(kt.generation(id) == 2u);
    BOOST_TEST((*kt.key_for_eu(id) == key(9)));
}

BOOST_AUTO_TEST_CASE(bad_capacity_is_refused) {
    BOOST_CHECK_THROW(key_table({0}), std::invalid_argument);
    BOOST_CHECK_THROW(key_table({70000}), std::invalid_argument);
}
