// The attribute register bank: contexts, entries holding key references, handles local to a
// context, frame bindings, the JSON dump (never a key value) and the statistics.
#define BOOST_TEST_MODULE attribute_bank
#include <boost/test/unit_test.hpp>

#include "common/errors.h"
#include "common/test_env.h"
#include "tr/attribute_bank.h"

#include <sstream>

using namespace trvp;

namespace {
key128 key(uint8_t v) {
    key128 k;
    k.fill(v);
    return k;
}
struct bench : test::test_env {
    std::unique_ptr<attribute_bank> bank;
    explicit bench(attribute_params p = {}) {
        bank = std::make_unique<attribute_bank>(name(), env, p);
    }
    static const char* name() {
        static int n = 0;
        static std::string s;
        s = "ear" + std::to_string(n++);
        return s.c_str();
    }
    uint64_t stat(const std::string& leaf) const { return count(bank->name() + ("." + leaf)); }
};
} // namespace

BOOST_AUTO_TEST_CASE(contexts_entries_and_key_references) {
    bench b;
    attribute_bank& a = *b.bank;
    uint16_t c1 = 0, c2 = 0;
    BOOST_CHECK_EQUAL(a.create_context(key(1), key(9), c1), TR_OK);
    BOOST_CHECK_EQUAL(a.create_context(key(2), key(9), c2), TR_OK);
    BOOST_CHECK_EQUAL(c1, 1u);
    BOOST_CHECK_EQUAL(c2, 2u);
    BOOST_CHECK_EQUAL(a.program_key(c1), a.program_key(c2)); // identical keys share an id
    BOOST_CHECK_NE(a.data_key(c1), a.data_key(c2));
    const uint16_t d1 = a.data_key(c1);
    BOOST_CHECK_EQUAL(a.add_entry(c1, 0x10000, 0x1000, d1, ear_r | ear_w, ear_kind::hidden), 0);
    BOOST_CHECK_EQUAL(a.keys().refcount(d1), 2u);
    BOOST_CHECK_EQUAL(a.add_entry(c1, 0x10000, 0x1000, d1, ear_r, ear_kind::hidden), TR_EOVERLAP);
    BOOST_CHECK_EQUAL(a.add_entry(c1, 0x10800, 0x1000, d1, ear_r, ear_kind::hidden), TR_EINVAL);
    BOOST_CHECK_EQUAL(a.remove_entry(c1, 0x10000), TR_OK);
    BOOST_CHECK_EQUAL(a.keys().refcount(d1), 1u);
    a.destroy_context(c1);
    BOOST_CHECK(!a.context_valid(c1));
    BOOST_CHECK(a.keys().state(d1) == key_table::id_state::draining); // until scrubbed
    BOOST_CHECK_EQUAL(a.keys().refcount(a.program_key(c2)), 1u);
    BOOST_CHECK_EQUAL(b.stat("refused.overlap"), 1u);
    BOOST_CHECK_EQUAL(b.stat("refused.invalid"), 1u);
}

BOOST_AUTO_TEST_CASE(exhaustion_gives_enospc) {
    attribute_params p;
    p.contexts = 1;
    p.keys = 3;
    p.ear_entries = 1;
    p.handles_per_context = 1;
    bench b(p);
    attribute_bank& a = *b.bank;
    uint16_t c = 0, c2 = 0;
    BOOST_CHECK_EQUAL(a.create_context(key(1), key(2), c), TR_OK);
    BOOST_CHECK_EQUAL(a.create_context(key(3), key(4), c2), TR_ENOSPC);
    BOOST_CHECK_EQUAL(a.add_entry(c, 0x1000, 0x1000, 0, ear_r, ear_kind::hidden), TR_OK);
    BOOST_CHECK_EQUAL(a.add_entry(c, 0x2000, 0x1000, 0, ear_r, ear_kind::hidden), TR_ENOSPC);
    BOOST_CHECK_GT(a.load_key(c, key(5)), 0);
    BOOST_CHECK_EQUAL(a.load_key(c, key(6)), TR_ENOSPC); // no handle slot
    BOOST_CHECK_EQUAL(b.stat("refused.no_space"), 3u);
    BOOST_CHECK_THROW(bench(attribute_params{0, 1, 1, 1, {}}), user_error);
}

BOOST_AUTO_TEST_CASE(handles_are_local_to_their_context) {
    bench b;
    attribute_bank& a = *b.bank;
    uint16_t c1 = 0, c2 = 0, id = 0;
    a.create_context(key(1), key(9), c1);
    a.create_context(key(2), key(9), c2);
    const int32_t h = a.load_key(c1, key(7));
    BOOST_CHECK_EQUAL(h, int32_t((1u << 16) | 1u));
    BOOST_CHECK_EQUAL(a.resolve_handle(c1, uint32_t(h), id), TR_OK);
    BOOST_CHECK_EQUAL(a.resolve_handle(c2, uint32_t(h), id), TR_EPERM);
    BOOST_CHECK_EQUAL(a.drop_handle(c2, uint32_t(h)), TR_EPERM);
    BOOST_CHECK_EQUAL(a.resolve_handle(c1, 0, id), TR_EINVAL);
    BOOST_CHECK_EQUAL(a.resolve_handle(c1, (1u << 16) | 2u, id), TR_EINVAL); // not held
    // the same key value loaded by c2 shares the key id (sharers hit the same lines)
    uint16_t id2 = 0;
    const int32_t h2 = a.load_key(c2, key(7));
    a.resolve_handle(c2, uint32_t(h2), id2);
    BOOST_CHECK_EQUAL(id, id2);
    BOOST_CHECK_EQUAL(a.drop_handle(c1, uint32_t(h)), TR_OK);
    BOOST_CHECK_EQUAL(a.drop_handle(c1, uint32_t(h)), TR_EINVAL);
    BOOST_CHECK(a.keys().state(id) == key_table::id_state::active); // c2 still holds it
    BOOST_CHECK_EQUAL(b.stat("handle.loads"), 2u);
    BOOST_CHECK_EQUAL(b.stat("handle.drops"), 1u);
}

BOOST_AUTO_TEST_CASE(frame_bindings) {
    bench b;
    attribute_bank& a = *b.bank;
    uint16_t c1 = 0, c2 = 0;
    a.create_context(key(1), key(9), c1);
    a.create_context(key(2), key(9), c2);
    BOOST_CHECK_EQUAL(a.bind_frame(0x200000, c1, 0x10000, ear_kind::hidden), TR_OK);
    BOOST_CHECK(a.frame_matches(0x200000, c1, 0x10000));
    BOOST_CHECK(!a.frame_matches(0x200000, c1, 0x11000));
    BOOST_CHECK(!a.frame_matches(0x200000, c2, 0x10000));
    // a hidden frame has one owner; shared frames may have several sharers, of one kind
    BOOST_CHECK_EQUAL(a.bind_frame(0x200000, c2, 0x10000, ear_kind::hidden), TR_EPERM);
    BOOST_CHECK_EQUAL(a.bind_frame(0x200000, c1, 0x11000, ear_kind::hidden), TR_EPERM);
    BOOST_CHECK_EQUAL(a.bind_frame(0x201000, c1, 0x50000, ear_kind::shared), TR_OK);
    BOOST_CHECK_EQUAL(a.bind_frame(0x201000, c2, 0x60000, ear_kind::shared), TR_OK);
    BOOST_CHECK_EQUAL(a.bind_frame(0x201000, c2, 0x70000, ear_kind::notify), TR_EPERM);
    BOOST_CHECK_EQUAL(a.bind_frame(0x201000, c2, 0x80000, ear_kind::hidden), TR_EPERM);
    const auto frames = a.destroy_context(c1);
    BOOST_CHECK_EQUAL(frames.size(), 2u);
    BOOST_CHECK(!a.frame_matches(0x200000, c1, 0x10000));
    BOOST_CHECK(a.frame_matches(0x201000, c2, 0x60000));
}

BOOST_AUTO_TEST_CASE(dump_names_ids_never_key_values) {
    bench b;
    attribute_bank& a = *b.bank;
    uint16_t c = 0;
    key128 secret;
    for (unsigned i = 0; i < 16; ++i) secret[i] = uint8_t(0xd0 + i);
    a.create_context(secret, key(0x77), c);
    a.add_entry(c, 0x20000, 0x2000, a.data_key(c), ear_r | ear_w, ear_kind::hidden);
    a.bind_frame(0x300000, c, 0x20000, ear_kind::hidden);
    const int32_t h = a.load_key(c, key(0x42));
    std::ostringstream os;
    a.dump_json(os);
    const std::string j = os.str();
    BOOST_CHECK(j.find("\"va_base\": 131072, \"size\": 8192, \"key_id\": 1, \"perms\": \"rw-\", "
                       "\"kind\": \"hidden\"") != std::string::npos);
    BOOST_CHECK(j.find("\"handle\": " + std::to_string(h)) != std::string::npos);
    BOOST_CHECK(j.find("\"pa\": 3145728, \"context\": 1, \"vpage\": 131072") != std::string::npos);
    BOOST_CHECK(j.find("\"state\": \"active\"") != std::string::npos);
    // no key bytes in any form
    for (const std::string& s :
         {std::string("d0d1d2"), std::string("208, 209"), std::string("777777"),
          std::string("424242"), std::string("119, 119"), std::string("66, 66")})
        BOOST_CHECK_MESSAGE(j.find(s) == std::string::npos, s);
    a.end_of_run();
    BOOST_CHECK_EQUAL(b.stat("entries_used"), 1u);
    BOOST_CHECK_EQUAL(b.stat("keys_used"), 3u);
}

// The memory side's view of the bindings (docs/attributes.md#frame-ownership-at-the-memory-
// side): a frame may be accessed under the key ids of its bindings' entries only, and is
// free again when its last binding goes (unregion, destroy, kill).
BOOST_AUTO_TEST_CASE(frame_owners_follow_the_bindings) {
    bench b;
    attribute_bank& a = *b.bank;
    const frame_owners& o = a.owners();
    uint16_t c1 = 0, c2 = 0;
    BOOST_REQUIRE_EQUAL(a.create_context(key(1), key(9), c1), TR_OK);
    BOOST_REQUIRE_EQUAL(a.create_context(key(2), key(9), c2), TR_OK);
    const uint16_t k1 = a.data_key(c1);
    BOOST_TEST(o.allows(0x200040, 0));
    BOOST_REQUIRE_EQUAL(a.add_entry(c1, 0x10000, 0x1000, k1, ear_r | ear_w, ear_kind::hidden),
                        TR_OK);
    BOOST_REQUIRE_EQUAL(a.bind_frame(0x200000, c1, 0x10000, ear_kind::hidden), TR_OK);
    BOOST_TEST(o.owned() == 1u);
    BOOST_TEST(!o.allows(0x200040, 0));
    BOOST_TEST(!o.allows(0x200fff, a.data_key(c2)));
    BOOST_TEST(o.allows(0x200040, k1));
    BOOST_TEST(o.allows(0x201000, 0));
    BOOST_TEST(!o.allows_range(0x1fff00, 0x200, 0));
    // A shared frame under two key ids (two sharers holding different keys): both pass.
    const int32_t h1 = a.load_key(c1, key(7)), h2 = a.load_key(c2, key(8));
    uint16_t s1 = 0, s2 = 0;
    BOOST_REQUIRE_EQUAL(a.resolve_handle(c1, uint32_t(h1), s1), TR_OK);
    BOOST_REQUIRE_EQUAL(a.resolve_handle(c2, uint32_t(h2), s2), TR_OK);
    a.add_entry(c1, 0x50000, 0x1000, s1, ear_r | ear_w, ear_kind::shared);
    a.add_entry(c2, 0x60000, 0x1000, s2, ear_r | ear_w, ear_kind::shared);
    a.bind_frame(0x201000, c1, 0x50000, ear_kind::shared);
    a.bind_frame(0x201000, c2, 0x60000, ear_kind::shared);
    BOOST_TEST(o.allows(0x201000, s1));
    BOOST_TEST(o.allows(0x201000, s2));
    BOOST_TEST(!o.allows(0x201000, 0));
    BOOST_TEST(!o.allows(0x201000, k1));
    // Unregion frees the frame of that binding only; destroying the context frees the rest.
    BOOST_REQUIRE_EQUAL(a.remove_entry(c2, 0x60000), TR_OK);
    BOOST_TEST(!o.allows(0x201000, s2));
    BOOST_TEST(o.allows(0x201000, s1));
    a.destroy_context(c1, true);
    BOOST_TEST(o.owned() == 0u);
    BOOST_TEST(o.allows(0x200040, 0));
    BOOST_TEST(o.allows(0x201000, 0));
    // A killed context's id stays reserved until released.
    uint16_t c3 = 0;
    BOOST_REQUIRE_EQUAL(a.create_context(key(3), key(9), c3), TR_OK);
    BOOST_TEST(c3 != c1);
    a.release_context_id(c1);
    a.destroy_context(c3);
    uint16_t c4 = 0;
    BOOST_REQUIRE_EQUAL(a.create_context(key(4), key(9), c4), TR_OK);
    BOOST_TEST(c4 == c1);
}
