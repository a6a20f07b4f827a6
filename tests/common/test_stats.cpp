#define BOOST_TEST_MODULE stats
#include "common/divider.h"
#include "common/stats.h"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace trvp::stats;

BOOST_AUTO_TEST_CASE(counter_and_formula_write_json_sorted_by_name) {
    registry reg;
    counter hits(reg, "l1.hits", "count", "hits");
    counter misses(reg, "l1.misses", "count", "misses");
    formula rate(reg, "l1.hit_rate", "ratio", "hits over accesses",
                 [&] { return double(hits.value()) / double(hits.value() + misses.value()); });
    hits += 3;
    ++misses;
    std::ostringstream os;
    reg.write_json(os);
    const std::string j = os.str();
    BOOST_TEST(j.find("\"l1.hit_rate\": {\"value\": 0.75") != std::string::npos);
    BOOST_TEST(j.find("l1.hit_rate") < j.find("l1.hits"));
    BOOST_TEST(j.find("l1.hits") < j.find("l1.misses"));
}

BOOST_AUTO_TEST_CASE(histogram_percentiles_are_exact_with_unit_buckets) {
    registry reg;
    histogram h(reg, "eu.latency", "cycles", "latency", 1, 256);
    for (uint64_t v = 1; v <= 100; ++v) h.sample(v);
    BOOST_TEST(h.count() == 100u);
    BOOST_TEST(h.min() == 1u);
    BOOST_TEST(h.max() == 100u);
    BOOST_TEST(h.percentile(50) == 50u);
    BOOST_TEST(h.percentile(99) == 99u);
    BOOST_TEST(h.mean() == 50.5);
    h.reset();
    BOOST_TEST(h.count() == 0u);
    BOOST_TEST(h.percentile(50) == 0u);
}

BOOST_AUTO_TEST_CASE(divider_matches_hardware_division) {
    // Powers of two (shift), clock periods in ps and odd divisors (multiply and fix-up),
    // over small values, multiples and their neighbours, and the top of the range.
    const uint64_t divisors[] = {
        1,           2, 64, 1000, 3, 7, 1250, 0x7fffffff, 333333333333ull, (uint64_t(1) << 63) + 1,
        ~uint64_t(0)};
    for (const uint64_t d : divisors) {
        const trvp::divider div(d);
        BOOST_TEST(div.divisor() == d);
        std::vector<uint64_t> xs = {0, 1, 2, d - 1, d, d + 1, ~uint64_t(0), ~uint64_t(0) - 1};
        for (uint64_t k = 1; k < 2000; k += 7)
            xs.insert(xs.end(), {k, k * d - 1, k * d, k * d + 1});
        uint64_t g = 1;
        for (int i = 0; i < 60; ++i, g = g * 3 + 1) xs.push_back(g); // wraps past 2^64
        for (const uint64_t x : xs) {
            BOOST_TEST_REQUIRE(div(x) == x / d, x << " / " << d);
            BOOST_TEST_REQUIRE(div.rem(x) == x % d, x << " % " << d);
        }
    }
}

BOOST_AUTO_TEST_CASE(histogram_buckets_of_any_width_and_the_overflow_bucket) {
    registry reg;
    histogram odd(reg, "a", "cycles", "width 3", 3, 4); // buckets 0-2 3-5 6-8 9-11, 12+
    histogram pow2(reg, "b", "cycles", "width 4", 4, 4);
    for (const uint64_t v : {0, 2, 3, 8, 11, 12, 500}) {
        odd.sample(v);
        pow2.sample(v, 2);
    }
    std::ostringstream a, b;
    odd.write_json(a);
    pow2.write_json(b);
    BOOST_TEST(a.str().find("\"buckets\": {\"0\": 2, \"3\": 1, \"6\": 1, \"9\": 1, \"12\": 2}") !=
                   std::string::npos,
               a.str());
    BOOST_TEST(b.str().find("\"buckets\": {\"0\": 6, \"8\": 4, \"12\": 2, \"16\": 2}") !=
                   std::string::npos,
               b.str());
    BOOST_TEST(pow2.count() == 14u);
    BOOST_TEST(pow2.sum() == 2u * (0 + 2 + 3 + 8 + 11 + 12 + 500));
    BOOST_TEST(odd.min() == 0u);
    BOOST_TEST(odd.max() == 500u);
    BOOST_TEST(odd.percentile(50) == 8u); // 4th of 7 samples lies in bucket 6-8
}

BOOST_AUTO_TEST_CASE(histogram_runs_of_equal_samples_read_like_single_samples) {
    registry reg;
    histogram h(reg, "r", "cycles", "runs", 1, 16);
    h.sample(5);
    h.sample(5, 2);
    BOOST_TEST(h.count() == 3u); // a read in the middle of a run
    BOOST_TEST(h.max() == 5u);
    h.sample(5);
    h.sample(9, 0); // no sample: neither counted nor the maximum
    h.sample(7);
    h.sample(7);
    h.sample(5);
    std::ostringstream os;
    h.write_json(os);
    BOOST_TEST(os.str().find("\"count\": 7, \"sum\": 39,") != std::string::npos, os.str());
    BOOST_TEST(os.str().find("\"min\": 5, \"max\": 7,") != std::string::npos, os.str());
    BOOST_TEST(os.str().find("\"buckets\": {\"5\": 5, \"7\": 2}") != std::string::npos, os.str());
    h.sample(3); // pending when reset: dropped with the rest
    h.reset();
    BOOST_TEST(h.count() == 0u);
    h.sample(4);
    std::ostringstream text;
    h.write_text(text);
    BOOST_TEST(text.str().find("r.count") != std::string::npos);
    BOOST_TEST(h.count() == 1u);
    BOOST_TEST(h.min() == 4u);
    BOOST_TEST(h.sum() == 4u);
    BOOST_TEST(h.percentile(50) == 4u);
}

BOOST_AUTO_TEST_CASE(duplicate_names_are_rejected) {
    registry reg;
    counter a(reg, "x.y", "count", "first");
    BOOST_CHECK_THROW(counter(reg, "x.y", "count", "second"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(json_strings_are_escaped) {
    std::ostringstream os;
    write_json_string(os, "a\"b\\c\n");
    BOOST_TEST(os.str() == "\"a\\\"b\\\\c\\n\"");
}

BOOST_AUTO_TEST_CASE(groups_vectors_and_per_key_families_register_each_element) {
    registry reg;
    const group g(reg, "cpu.");
    counter plain(g.child("tlb"), "hits", "count", "TLB hits");
    vector v(
        g, 3, [](unsigned i) { return "insn.c" + std::to_string(i); }, "count",
        [](unsigned i) { return "class " + std::to_string(i); });
    per_key k(g, 2, "hits", "count", "hits");
    uint64_t counts[2] = {}; // a model's own array, bound as statistics: the same memory
    vector bound(
        g, 2, [](unsigned i) { return "exc" + std::to_string(i); }, "count",
        [](unsigned) { return std::string("exceptions"); }, counts);
    counts[1] = 3;
    BOOST_TEST(bound[1].value() == 3u);
    ++plain;
    v[1] += 5;
    ++k[0];
    ++k[1];
    ++k[7]; // beyond the slots: key_other
    ++k[9];
    BOOST_TEST(reg.find("cpu.tlb.hits") == &plain);
    BOOST_TEST(reg.find("cpu.insn.c1") == &v[1]);
    BOOST_TEST(v.values() == (std::vector<uint64_t>{0, 5, 0}));
    BOOST_TEST(dynamic_cast<const counter*>(reg.find("cpu.key_other.hits"))->value() == 2u);
    BOOST_TEST(dynamic_cast<const counter*>(reg.find("cpu.key1.hits"))->value() == 1u);
    BOOST_TEST(!reg.find("cpu.key2.hits"));
    reg.reset_all();
    BOOST_TEST(v.values() == (std::vector<uint64_t>{0, 0, 0}));
    BOOST_TEST(k[7].value() == 0u);
    BOOST_TEST(counts[1] == 0u);
    BOOST_CHECK_THROW(per_key(g.child("l2"), 0, "hits", "count", "hits"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_counter_over_a_running_count_shows_it_since_the_last_reset) {
    registry reg;
    uint64_t cycles = 100; // a model's own count, which a statistics reset must not clear
    counter c(group(reg, "cpu."), "cycles", "cycles", "cycles elapsed", cycles);
    BOOST_TEST(c.value() == 0u); // counted from construction
    cycles += 40;
    BOOST_TEST(c.value() == 40u);
    reg.reset_all();
    BOOST_TEST(cycles == 140u);
    cycles += 2;
    BOOST_TEST(c.value() == 2u);
    std::ostringstream os;
    reg.write_json(os);
    BOOST_TEST(os.str().find("\"cpu.cycles\": {\"value\": 2,") != std::string::npos);
}

// Which way each statistic improves: defaults from the unit and name, a declaration overrides,
// and stats.json carries it (docs/sweeps.md, "trvp compare").
BOOST_AUTO_TEST_CASE(statistics_declare_which_way_is_better) {
    BOOST_TEST(better_name(default_better("sim.time_ps", "ps")) == std::string("lower"));
    BOOST_TEST(better_name(default_better("sim.begin_ps", "ps")) == std::string("neither"));
    BOOST_TEST(better_name(default_better("dram.window_start", "ps")) == std::string("neither"));
    BOOST_TEST(better_name(default_better("l2.miss_latency", "cycles")) == std::string("lower"));
    BOOST_TEST(better_name(default_better("cpu.cpi", "cycles/insn")) == std::string("lower"));
    BOOST_TEST(better_name(default_better("sim.host_mips", "MIPS")) == std::string("higher"));
    BOOST_TEST(better_name(default_better("dram.bandwidth", "bytes/s")) == std::string("higher"));
    BOOST_TEST(better_name(default_better("l1d.hit_rate", "ratio")) == std::string("higher"));
    BOOST_TEST(better_name(default_better("l1d.read_hits", "count")) == std::string("higher"));
    BOOST_TEST(better_name(default_better("l1d.key3.misses", "count")) == std::string("lower"));
    BOOST_TEST(better_name(default_better("bus.address_errors", "count")) == std::string("lower"));
    BOOST_TEST(better_name(default_better("dram.reads", "count")) == std::string("neither"));
    BOOST_TEST(better_name(default_better("eu.engine_utilisation", "ratio")) ==
               std::string("neither"));
    BOOST_TEST(better_name(default_better("sim.exit_reason", "")) == std::string("neither"));
    better b = better::neither;
    BOOST_TEST(parse_better("higher", b));
    BOOST_TEST((b == better::higher));
    BOOST_TEST(!parse_better("up", b));

    registry reg;
    counter idle(reg, "cpu.idle_cycles", "cycles", "idle");
    counter reads(reg, "dram.reads", "count", "reads");
    BOOST_TEST((idle.direction() == better::lower));
    idle.set_better(better::neither);
    BOOST_TEST((idle.direction() == better::neither));
    std::ostringstream os;
    reg.write_json(os);
    BOOST_TEST(os.str().find("\"cpu.idle_cycles\": {\"value\": 0, \"unit\": \"cycles\", "
                             "\"better\": \"neither\"") != std::string::npos,
               os.str());
    BOOST_TEST(os.str().find("\"unit\": \"count\", \"better\": \"neither\", \"desc\": \"reads\"") !=
                   std::string::npos,
               os.str());
}
