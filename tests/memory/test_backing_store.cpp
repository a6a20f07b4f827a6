#define BOOST_TEST_MODULE backing_store
#include "common/errors.h"
#include "memory/backing_store.h"

#include <boost/test/unit_test.hpp>
#include <cstring>

using trvp::backing_store;

BOOST_AUTO_TEST_CASE(starts_zeroed_and_checks_bounds) {
    backing_store s(8192);
    uint8_t buf[4] = {1, 1, 1, 1};
    BOOST_TEST(s.read(8188, buf, 4));
    BOOST_TEST((buf[0] | buf[1] | buf[2] | buf[3]) == 0);
    BOOST_TEST(!s.read(8189, buf, 4));
    BOOST_TEST(!s.write(~0ull - 1, buf, 4)); // no wrap-around
    BOOST_TEST(s.write(100, reinterpret_cast<const uint8_t*>("abcd"), 4));
    BOOST_TEST(s.read(100, buf, 4));
    BOOST_TEST(std::memcmp(buf, "abcd", 4) == 0);
    BOOST_TEST(s.fill(0, 8192, 0x5a));
    BOOST_TEST(!s.fill(1, 8192, 0));
    BOOST_TEST(s.data()[8191] == 0x5a);
}

BOOST_AUTO_TEST_CASE(find_returns_every_offset) {
    backing_store s(1 << 20);
    const uint8_t pat[] = {0xaa, 0xaa};
    s.write(10, reinterpret_cast<const uint8_t*>("\xaa\xaa\xaa"), 3); // overlapping: 10, 11
    s.write((1 << 20) - 2, pat, 2);                                   // at the very end
    const std::vector<uint64_t> want{10, 11, (1 << 20) - 2};
    BOOST_TEST(s.find(pat, 2) == want, boost::test_tools::per_element());
    BOOST_TEST(s.find(pat, 0).empty());
}

BOOST_AUTO_TEST_CASE(gigabyte_costs_nothing_until_touched) {
    backing_store s(1ull << 30);
    BOOST_TEST(s.size() == 1ull << 30);
    s.data()[(1ull << 30) - 1] = 7;
    uint8_t b = 0;
    BOOST_TEST(s.read((1ull << 30) - 1, &b, 1));
    BOOST_TEST(b == 7);
}
