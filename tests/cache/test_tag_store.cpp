#define BOOST_TEST_MODULE tag_store
#include "cache/replacement/policy.h"
#include "cache/tag_store.h"
#include "common/errors.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <vector>

using namespace trvp;
using outcome = tag_store::outcome;

namespace {

// One set of four 64-byte ways: every line address lands in set 0.
cache_params one_set(const std::string& policy, bool write_back = true) {
    cache_params p;
    p.size = 256;
    p.ways = 4;
    p.line_size = 64;
    p.replacement = policy;
    p.write_back = write_back;
    return p;
}

std::vector<uint8_t> line_of(uint8_t v) {
    return std::vector<uint8_t>(64, v);
}

/** Fills addr under key on a miss (into the store's chosen victim); returns the way. */
unsigned fill(tag_store& t, uint64_t addr, uint16_t key = 0) {
    const auto pr = t.lookup(addr, key);
    BOOST_REQUIRE((pr.result != outcome::hit));
    const unsigned way = t.victim(pr);
    if (t.line(pr.set, way).valid) t.invalidate(pr.set, way);
    t.fill(pr.set, way, t.line_addr(addr), key, line_of(uint8_t(addr >> 6)).data());
    return way;
}

void hit(tag_store& t, uint64_t addr, uint16_t key = 0) {
    const auto pr = t.lookup(addr, key);
    BOOST_REQUIRE((pr.result == outcome::hit));
    t.touch(pr.set, pr.way);
}

std::string error_of(const cache_params& p) {
    try {
        tag_store t(p);
    } catch (const user_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_CASE(address_split) {
    cache_params p;
    p.size = 32 * 1024;
    p.ways = 4;
    p.line_size = 64;
    tag_store t(p);
    BOOST_TEST(t.sets() == 128u);
    BOOST_TEST(t.set_of(0x12345) == ((0x12345u >> 6) & 127u));
    BOOST_TEST(t.offset(0x12345) == 0x05u);
    BOOST_TEST(t.line_addr(0x12345) == 0x12340u);
    BOOST_TEST(!t.crosses_line(0x1003c, 4));
    BOOST_TEST(t.crosses_line(0x1003e, 4));
    BOOST_TEST(!t.crosses_line(0x10000, 64));
}

BOOST_AUTO_TEST_CASE(bad_geometry_names_the_problem) {
    cache_params p;
    p.line_size = 48;
    BOOST_TEST(error_of(p).find("line_size must be a power of two") != std::string::npos);
    p = cache_params{};
    p.ways = 0;
    BOOST_TEST(error_of(p).find("ways must be at least 1") != std::string::npos);
    p = cache_params{};
    p.size = 1000;
    BOOST_TEST(error_of(p).find("multiple of ways * line_size") != std::string::npos);
    p = cache_params{};
    p.size = 3 * 4 * 64;
    BOOST_TEST(error_of(p).find("3 sets") != std::string::npos);
    p = cache_params{};
    p.replacement = "mru";
    const std::string e = error_of(p);
    BOOST_TEST(e.find("'mru'") != std::string::npos);
    BOOST_TEST(e.find("lru, fifo, random") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lru_evicts_least_recently_used) {
    tag_store t(one_set("lru"));
    for (unsigned i = 0; i < 4; ++i) BOOST_TEST(fill(t, i * 64) == i); // invalid ways first
    hit(t, 0);
    hit(t, 128);
    BOOST_TEST(fill(t, 4 * 64) == 1u); // 64 is the least recently used
    BOOST_TEST(fill(t, 5 * 64) == 3u); // then 192
    BOOST_TEST(fill(t, 6 * 64) == 0u); // then 0 (touched before 128)
    BOOST_TEST((t.lookup(64, 0).result == outcome::miss));
    t.invalidate(0, 2);
    BOOST_TEST(fill(t, 7 * 64) == 2u); // an invalid way beats the policy
}

BOOST_AUTO_TEST_CASE(fifo_ignores_hits) {
    tag_store t(one_set("fifo"));
    for (unsigned i = 0; i < 4; ++i) fill(t, i * 64);
    hit(t, 0);
    hit(t, 0);
    BOOST_TEST(fill(t, 4 * 64) == 0u); // first in, first out despite the hits
    BOOST_TEST(fill(t, 5 * 64) == 1u);
    BOOST_TEST(fill(t, 6 * 64) == 2u);
    BOOST_TEST(fill(t, 7 * 64) == 3u);
    BOOST_TEST(fill(t, 8 * 64) == 0u);
}

BOOST_AUTO_TEST_CASE(random_is_seeded_and_deterministic) {
    auto victims = [](uint64_t seed) {
        cache_params p = one_set("random");
        p.seed = seed;
        tag_store t(p);
        for (unsigned i = 0; i < 4; ++i) fill(t, i * 64);
        std::vector<unsigned> v;
        for (unsigned i = 4; i < 200; ++i) v.push_back(fill(t, i * 64));
        return v;
    };
    const auto a = victims(7), b = victims(7), c = victims(8);
    BOOST_TEST(a == b);
    BOOST_TEST(a != c);
    BOOST_TEST(std::set<unsigned>(a.begin(), a.end()).size() == 4u); // every way gets picked
}

BOOST_AUTO_TEST_CASE(key_mismatch_victim_is_the_resident_line_under_its_own_key) {
    tag_store t(one_set("lru"));
    fill(t, 0x40, 5);
    const auto hp = t.lookup(0x40, 5);
    const uint8_t secret[4] = {1, 2, 3, 4};
    t.write(hp.set, hp.way, 8, secret, 4);
    for (unsigned i = 2; i < 5; ++i) fill(t, i * 64, 1); // the set is full now

    const auto pr = t.lookup(0x44, 0); // same address, plaintext key
    BOOST_TEST((pr.result == outcome::key_mismatch));
    BOOST_TEST(t.find(pr.set, 0x40, 0) == -1); // never a hit under another key id
    const unsigned way = t.victim(pr);
    BOOST_TEST(way == hp.way); // not the LRU line: the one that must leave
    const auto li = t.line(pr.set, way);
    BOOST_TEST(li.valid);
    BOOST_TEST(li.dirty);        // so the wrapper writes it back...
    BOOST_TEST(li.key_id == 5u); // ...under its own key id
    BOOST_TEST(li.addr == 0x40u);
    BOOST_TEST(t.data(pr.set, way)[8] == 1u);
    t.invalidate(pr.set, way);
    t.fill(pr.set, way, 0x40, 0, line_of(0xee).data());
    BOOST_TEST((t.lookup(0x40, 0).result == outcome::hit));
    BOOST_TEST((t.lookup(0x40, 5).result == outcome::key_mismatch));
    BOOST_TEST(t.data(pr.set, way)[8] == 0xeeu);
}

BOOST_AUTO_TEST_CASE(write_back_marks_dirty_write_through_does_not) {
    for (bool wb : {true, false}) {
        tag_store t(one_set("lru", wb));
        fill(t, 0);
        BOOST_TEST(!t.line(0, 0).dirty);
        const uint8_t v[4] = {9, 9, 9, 9};
        t.write(0, 0, 0, v, 4);
        BOOST_TEST(t.line(0, 0).dirty == wb);
        t.clean(0, 0);
        BOOST_TEST(!t.line(0, 0).dirty);
        uint8_t r[4] = {};
        t.read(0, 0, 0, r, 4);
        BOOST_TEST(r[3] == 9u);
    }
}

BOOST_AUTO_TEST_CASE(masked_write_honours_byte_enables) {
    tag_store t(one_set("lru"));
    fill(t, 0);
    const uint8_t v[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const uint8_t be[2] = {0xff, 0x00};
    t.write_masked(0, 0, 0, v, 8, be, 2);
    const uint8_t* d = t.data(0, 0);
    BOOST_TEST(d[0] == 1u);
    BOOST_TEST(d[1] == 0u); // the fill's byte (line 0 -> 0x00)
    BOOST_TEST(d[6] == 7u);
    BOOST_TEST(d[7] == 0u);
    BOOST_TEST(t.line(0, 0).dirty);
}
