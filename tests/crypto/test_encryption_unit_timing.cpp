#define BOOST_TEST_MODULE encryption_unit_timing
// The encryption unit's timing on the model bench: exact delays per mode, the counter stage,
// engines in parallel and queued, the key switch penalty (functions: test_encryption_unit.cpp).
#include "../common/sc_test_main.h"

#include "common/errors.h"
#include "crypto_ref.h"
#include "eu_bench.h"

using namespace trvp;
using namespace trvp::test;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

// xts and ecb follow one equation: write = queue + switch + aes, then DRAM;
// read = DRAM, then queue + switch + aes.
void block_mode_delays(const std::string& mode) {
    eu_bench b(mode);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    eu_access w = b.write(0x40, id, plain(1));
    BOOST_TEST(w.delay == ns(10 + 40 + 50)); // first use loads the key schedule
    BOOST_TEST(w.latency[stage::queue] == sc_core::SC_ZERO_TIME);
    BOOST_TEST(w.latency[stage::aes] == ns(50));
    BOOST_TEST(w.latency[stage::dram] == ns(50));
    BOOST_TEST(w.latency[stage::counter] == sc_core::SC_ZERO_TIME);
    b.advance_to(ns(100));
    bytes out(64);
    eu_access r = b.read(0x40, id, out);
    BOOST_TEST(r.delay == ns(50 + 40));
    BOOST_TEST(r.latency[stage::aes] == ns(40));
    BOOST_TEST(r.latency[stage::dram] == ns(50));
    // The arrival time includes the annotated delay.
    b.advance_to(ns(200));
    r = b.read(0x80, id, out, ns(10));
    BOOST_TEST(r.delay == ns(10 + 50 + 40));
    BOOST_TEST(hist(b, "eu.latency.aes").sum() == 130u);
    BOOST_TEST(hist(b, "eu.latency.dram").sum() == 150u);
    BOOST_TEST(hist(b, "eu.latency.queue").sum() == 0u);
    BOOST_TEST(b.count("eu.key_switches") == 1u);
    // busy: (10 + 4) + 4 + 4 cycles over 300 cycles (the last read ends at 210 + 90).
    BOOST_TEST(b.count("eu.engine_busy_cycles") == 22u);
    BOOST_TEST(formula(b, "eu.engine_utilisation") == 22.0 / 300.0);
}

} // namespace
BOOST_AUTO_TEST_CASE(xts_exact_delays) {
    block_mode_delays("aes-128-xts");
}

BOOST_AUTO_TEST_CASE(ecb_exact_delays) {
    block_mode_delays("aes-128-ecb");
}

BOOST_AUTO_TEST_CASE(ctr_exact_delays) {
    eu_bench b("aes-128-ctr");
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    // Write, counter miss: fetch 30, switch 10 + aes 40, xor 1, then DRAM 50.
    eu_access w = b.write(0x40, id, plain(1));
    BOOST_TEST(w.delay == ns(30 + 10 + 40 + 1 + 50));
    BOOST_TEST(w.latency[stage::counter] == ns(30));
    BOOST_TEST(w.latency[stage::aes] == ns(51));
    BOOST_TEST(w.latency[stage::dram] == ns(50));
    // Read, counter hit: max(DRAM 50, aes 40) + xor 1.
    b.advance_to(ns(131));
    bytes out(64);
    eu_access hit = b.read(0x40, id, out);
    BOOST_TEST(hit.delay == ns(50 + 1));
    BOOST_TEST(hit.latency[stage::aes] == ns(1)); // the pad was hidden by DRAM
    BOOST_TEST(hit.latency[stage::counter] == sc_core::SC_ZERO_TIME);
    // Read, counter miss (another counter line): max(DRAM 50, fetch 30 + aes 40) + xor 1.
    b.advance_to(ns(200));
    eu_access miss = b.read(0x1000, id, out);
    BOOST_TEST(miss.delay == ns(30 + 40 + 1));
    BOOST_TEST(miss.latency[stage::dram] == ns(50));
    BOOST_TEST(miss.latency[stage::aes] == ns(20 + 1)); // the part of the pad path after DRAM
    BOOST_TEST(b.count("eu.counter_cache.hits") == 1u);
    BOOST_TEST(b.count("eu.counter_cache.misses") == 2u);
    BOOST_TEST(b.ctr_store.reads == 2u);
}

BOOST_AUTO_TEST_CASE(ctr_slow_counter_exposes_counter_stage) {
    eu_params p;
    p.counter_miss_penalty = 60; // fetch = 30 (read) + 60 = 90 cycles
    eu_bench b("aes-128-ctr", p);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    bytes out(64);
    eu_access r = b.read(0x40, id, out);
    // pad path 90 + 10 + 40 = 140 against DRAM 50: exposed 90 = aes 50 + counter 40.
    BOOST_TEST(r.delay == ns(141));
    BOOST_TEST(r.latency[stage::aes] == ns(51));
    BOOST_TEST(r.latency[stage::counter] == ns(40));
    BOOST_TEST(r.latency[stage::dram] == ns(50));
}

BOOST_AUTO_TEST_CASE(two_engines_overlap) {
    eu_params p;
    p.timing.engines = 2;
    eu_bench b("aes-128-xts", p);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    BOOST_TEST(b.write(0x00, id, plain(1)).delay == ns(100));
    BOOST_TEST(b.write(0x40, id, plain(2)).delay == ns(100)); // second engine, own switch
    b.advance_to(ns(200));
    bytes out(64);
    eu_access r1 = b.read(0x00, id, out), r2 = b.read(0x40, id, out);
    BOOST_TEST(r1.delay == ns(90));
    BOOST_TEST(r2.delay == ns(90));
    BOOST_TEST(r2.latency[stage::queue] == sc_core::SC_ZERO_TIME);
    BOOST_TEST(b.count("eu.key_switches") == 2u);
}

BOOST_AUTO_TEST_CASE(one_engine_queues) {
    eu_bench b("aes-128-xts");
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x00, id, plain(1));
    b.advance_to(ns(200));
    bytes out(64);
    eu_access r1 = b.read(0x00, id, out), r2 = b.read(0x40, id, out);
    BOOST_TEST(r1.delay == ns(90));
    BOOST_TEST(r2.delay == ns(94)); // waits the first line's 4 cycles of occupancy
    BOOST_TEST(r2.latency[stage::queue] == ns(4));
    BOOST_TEST(hist(b, "eu.latency.queue").max() == 4u);
}

BOOST_AUTO_TEST_CASE(key_switch_penalty) {
    eu_bench b("aes-128-xts");
    const uint16_t k1 = b.keys.acquire(bench_key(1)).id;
    const uint16_t k2 = b.keys.acquire(bench_key(2)).id;
    b.start();
    bytes out(64);
    BOOST_TEST(b.write(0x00, k1, plain(1)).delay == ns(100));
    b.advance_to(ns(200));
    BOOST_TEST(b.read(0x00, k1, out).delay == ns(90));
    b.advance_to(ns(400));
    BOOST_TEST(b.write(0x40, k2, plain(2)).delay == ns(100));
    b.advance_to(ns(600));
    BOOST_TEST(b.read(0x40, k2, out).delay == ns(90));
    b.advance_to(ns(800));
    eu_access r = b.read(0x00, k1, out);
    BOOST_TEST(r.delay == ns(100));
    BOOST_TEST(r.latency[stage::aes] == ns(50));
    BOOST_TEST(out == plain(1));
    BOOST_TEST(b.count("eu.key_switches") == 3u);
    BOOST_TEST(b.count("eu.key1.lines") == 3u);
    BOOST_TEST(b.count("eu.key2.lines") == 2u);
}
