#define BOOST_TEST_MODULE stats
#include "common/stats.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

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
