#define BOOST_TEST_MODULE eu_timing
#include "crypto/counter_cache.h"
#include "crypto/eu_timing.h"

#include <boost/test/unit_test.hpp>

using namespace trvp;

BOOST_AUTO_TEST_CASE(one_engine_queues_and_switches) {
    eu_timing t({40, 1, 1, 10, 1}, 64, 1); // occupancy 4 cycles
    BOOST_TEST(t.occupancy() == 4u);
    engine_grant a = t.reserve(100, 1);
    BOOST_TEST(a.queue == 0u);
    BOOST_TEST(a.key_switch == 10u); // nothing loaded yet
    BOOST_TEST(a.done == 150u);
    engine_grant b = t.reserve(100, 1); // same key, busy until 114
    BOOST_TEST(b.queue == 14u);
    BOOST_TEST(b.key_switch == 0u);
    BOOST_TEST(b.done == 154u);
    engine_grant c = t.reserve(200, 2); // idle, other key
    BOOST_TEST(c.queue == 0u);
    BOOST_TEST(c.key_switch == 10u);
    BOOST_TEST(c.done == 250u);
    BOOST_TEST(t.key_switches() == 2u);
    BOOST_TEST(t.busy_ticks() == 14u + 4u + 14u);
}

BOOST_AUTO_TEST_CASE(two_engines_overlap) {
    eu_timing t({40, 2, 2, 0, 1}, 64, 1000); // 2 blocks/cycle: 2 cycles a line
    BOOST_TEST(t.occupancy() == 2000u);
    engine_grant a = t.reserve(0, 1), b = t.reserve(0, 1), c = t.reserve(0, 1);
    BOOST_TEST(a.engine != b.engine);
    BOOST_TEST(a.done == 40000u);
    BOOST_TEST(b.done == 40000u);
    BOOST_TEST(c.queue == 2000u);
    BOOST_TEST(c.done == 42000u);
}

BOOST_AUTO_TEST_CASE(free_engine_holding_the_key_is_preferred) {
    eu_timing t({40, 1, 2, 10, 1}, 64, 1);
    t.reserve(0, 1); // engine 0 <- key 1
    t.reserve(0, 2); // engine 1 <- key 2
    engine_grant g = t.reserve(100, 2);
    BOOST_TEST(g.engine == 1u);
    BOOST_TEST(g.key_switch == 0u);
}

BOOST_AUTO_TEST_CASE(split_of_exposed_time) {
    exposed_split s = split_exposed(0, 30, 5, 50);
    BOOST_TEST(s.aes + s.queue + s.counter == 0u);
    s = split_exposed(20, 30, 5, 50);
    BOOST_TEST(s.aes == 20u);
    s = split_exposed(70, 30, 5, 50);
    BOOST_TEST(s.aes == 50u);
    BOOST_TEST(s.queue == 5u);
    BOOST_TEST(s.counter == 15u);
}

BOOST_AUTO_TEST_CASE(counter_cache_lru_and_writeback) {
    counter_cache cc({2, 2}, 64); // one set, two lines of 8 counters
    BOOST_TEST(cc.counters_per_line() == 8u);
    uint8_t zero[64] = {}, victim[64] = {};
    BOOST_TEST(!cc.lookup(0));
    BOOST_TEST(!cc.fill(0, zero, victim).valid);
    BOOST_TEST(cc.lookup(7)); // data line 7 is in counter line 0
    BOOST_TEST(!cc.lookup(8));
    BOOST_TEST(cc.increment(3) == 1u);
    BOOST_TEST(cc.increment(3) == 2u);
    uint8_t ones[64] = {};
    ones[0] = 5; // data line 8's counter = 5
    BOOST_TEST(!cc.fill(1, ones, victim).valid);
    BOOST_TEST(cc.get(8) == 5u);
    BOOST_TEST(cc.lookup(0)); // line 0 most recent, line 1 the LRU victim
    counter_cache::victim v = cc.fill(2, zero, victim);
    BOOST_TEST(!v.valid); // line 1 was clean
    BOOST_TEST(cc.lookup(16));
    v = cc.fill(1, ones, victim); // evicts line 0 (dirty)
    BOOST_TEST(v.valid);
    BOOST_TEST(v.index == 0u);
    BOOST_TEST(victim[3 * 8] == 2);
    uint64_t value = 0;
    BOOST_TEST(!cc.peek(3, value));
    BOOST_TEST(cc.peek(8, value));
    BOOST_TEST(value == 5u);
    BOOST_CHECK_THROW(counter_cache({3, 2}, 64), std::invalid_argument);
}
