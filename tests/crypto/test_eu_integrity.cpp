// Over 400 lines on purpose: one bench, one case per behaviour of the mac engine and its stamp.
#define BOOST_TEST_MODULE eu_integrity
// Integrity mode mac on the encryption unit's model bench: exact cycles of a tag hit, a tag
// miss and a write (docs/crypto.md, Integrity), tag write-back, and what a physical attacker
// changing DRAM or the metadata memory through their probe ports gets: a flipped bit and a
// relocated line are refused, a key id 0 write over a protected line is refused on the next
// read, a rollback of (ciphertext, tag) goes unnoticed under mac alone in xts (the tree's
// job) but not in ctr while the counter moved on, a rewritten stamp is refused (it read as
// zeros before the stamp had its authenticator: stamp_bits 0 is that control).
#include "../common/sc_test_main.h"

#include "common/errors.h"
#include "crypto_ref.h"
#include "eu_bench.h"

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace trvp;
using namespace trvp::test;

namespace {

eu_params mac_params(unsigned entries = 64, unsigned ways = 4) {
    eu_params p;
    p.integrity.mode = "mac";
    p.integrity.cache.entries = entries;
    p.integrity.cache.ways = ways;
    return p;
}

// Tag entries: 8-byte tag + 4-byte stamp + 4-byte stamp authenticator = 16 bytes, 4 a
// 64-byte line; tag_base 0.
constexpr unsigned entry = 16, per_line = 4;
uint64_t entry_addr(uint64_t data_addr) {
    const uint64_t n = data_addr / 64;
    return n / per_line * 64 + n % per_line * entry;
}

// Line 0x40 written with plain(1), its tag line written back, then rewritten with plain(2)
// (tag written back again): what an attacker saved before the second write.
struct rollback {
    bytes old_ct, old_tag;
};
rollback written_twice(eu_bench& b, uint16_t id) {
    b.write(0x40, id, plain(1));
    b.write(0x1400, id, plain(9)); // tag line of 0x40 written back
    rollback r{b.raw(0x40), bytes(b.metamem.bytes.begin() + entry_addr(0x40),
                                  b.metamem.bytes.begin() + entry_addr(0x40) + entry)};
    b.write(0x40, id, plain(2));
    b.write(0x1400, id, plain(9));
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(mac_exact_cycles_xts) {
    eu_bench b("aes-128-xts", mac_params());
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    // Write, tag miss: the data write is done at 10 + 40 + 50 = 100, the tag line arrives at
    // 100 (metadata read from 0) + 1 (hit latency) = 101; the tag (50 + mac 20 = 70) is ready.
    eu_access w = b.write(0x40, id, plain(1));
    BOOST_TEST(w.delay == ns(101));
    BOOST_TEST(w.latency[stage::counter] == ns(1));
    BOOST_TEST(b.count("eu.integrity.meta_reads") == 1u);
    // Read, tag hit: tag at 1, data at 50, MAC at 70, decryption at 90: the check is hidden.
    b.advance_to(ns(200));
    bytes out(64);
    eu_access hit = b.read(0x40, id, out);
    BOOST_TEST(hit.delay == ns(90));
    BOOST_TEST(out == plain(1));
    BOOST_TEST(hit.latency[stage::counter] == sc_core::SC_ZERO_TIME);
    // Read, tag miss of a line never written under this key: tag line at 100 + 1, the line
    // reads as zeros (decryption done at 90 is discarded).
    b.advance_to(ns(400));
    eu_access miss = b.read(0x1400, id, out);
    BOOST_TEST(miss.delay == ns(101));
    BOOST_TEST(miss.latency[stage::counter] == ns(11));
    BOOST_TEST(std::all_of(out.begin(), out.end(), [](uint8_t v) { return v == 0; }));
    BOOST_TEST(b.count("eu.integrity.checked") == 1u);
    BOOST_TEST(b.count("eu.integrity.unwritten_reads") == 1u);
    BOOST_TEST(b.count("eu.integrity.tags_written") == 1u);
    BOOST_TEST(b.count("eu.integrity.cache.hits") == 1u);
    BOOST_TEST(b.count("eu.integrity.cache.misses") == 2u);
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

BOOST_AUTO_TEST_CASE(mac_slow_mac_is_exposed_on_a_hit) {
    eu_params p = mac_params();
    p.integrity.mac_latency = 60;
    eu_bench b("aes-128-xts", p);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    BOOST_TEST(b.write(0x40, id, plain(1)).delay == ns(10 + 40 + 60)); // tag at 50 + 60
    b.advance_to(ns(200));
    bytes out(64);
    eu_access r = b.read(0x40, id, out);
    BOOST_TEST(r.delay == ns(50 + 60)); // MAC done at 110, after the decryption at 90
    BOOST_TEST(r.latency[stage::counter] == ns(20));
    BOOST_TEST(r.latency[stage::aes] == ns(40));
}

BOOST_AUTO_TEST_CASE(mac_exact_cycles_ctr) {
    eu_bench b("aes-128-ctr", mac_params());
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    // Write: counter 30, switch 10 + aes 40, xor 1 -> ciphertext at 81, DRAM done at 131;
    // the tag line (miss) at 101 and the tag at 81 + 20 = 101 are earlier.
    BOOST_TEST(b.write(0x40, id, plain(1)).delay == ns(131));
    b.advance_to(ns(200));
    bytes out(64);
    // Read, both hits: pad at 40, data at 50, xor 51; MAC at 50 + 20 = 70.
    eu_access r = b.read(0x40, id, out);
    BOOST_TEST(r.delay == ns(70));
    BOOST_TEST(r.latency[stage::counter] == ns(19));
    BOOST_TEST(out == plain(1));
}

BOOST_AUTO_TEST_CASE(mac_tag_lines_are_written_back) {
    eu_bench b("aes-128-xts", mac_params(1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));
    b.advance_to(ns(200));
    // Another tag line evicts the dirty first one: written when the new line arrives.
    eu_access w = b.write(0x1400, id, plain(2));
    BOOST_TEST(w.delay == ns(101)); // tag line miss from 200: 300 + 1; data done at 290
    BOOST_TEST(b.metamem.writes == 1u);
    BOOST_TEST(b.count("eu.integrity.cache.writebacks") == 1u);
    BOOST_TEST(b.count("eu.integrity.meta_writes") == 1u);
    const uint64_t e = entry_addr(0x40);
    BOOST_TEST(b.metamem.bytes[e + 8] == id); // the stamp: key id, generation
    BOOST_TEST(b.metamem.bytes[e + 10] == b.keys.generation(id));
    bytes out(64);
    BOOST_TEST((b.read(0x40, id, out).status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(out == plain(1));
}

namespace {
void flipped_bit_is_refused(const std::string& mode) {
    eu_bench b(mode, mac_params());
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));
    b.dram.bytes[0x40 + 17] ^= 0x04; // the physical attacker's flip
    BOOST_TEST(refused_for_integrity(b, 0x40, id));
    BOOST_TEST(b.count("eu.integrity.violations") == 1u);
    BOOST_TEST(b.count("eu.integrity.violations.tag") == 1u);
    BOOST_TEST(b.count("eu.reads") == 0u);
}
} // namespace

BOOST_AUTO_TEST_CASE(mac_flipped_bit_is_refused_xts) {
    flipped_bit_is_refused("aes-128-xts");
}

BOOST_AUTO_TEST_CASE(mac_flipped_bit_is_refused_ctr) {
    flipped_bit_is_refused("aes-128-ctr");
}

BOOST_AUTO_TEST_CASE(mac_flipped_bit_is_refused_ecb) {
    flipped_bit_is_refused("aes-128-ecb");
}

BOOST_AUTO_TEST_CASE(mac_key0_alias_write_is_refused_on_read) {
    eu_bench b("aes-128-ctr", mac_params());
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));
    // The kernel XORs bits into the line through a plaintext (key id 0) mapping.
    bytes alias = b.raw(0x40);
    alias[5] ^= 0x80;
    BOOST_TEST((b.write(0x40, 0, alias).status == tlm::TLM_OK_RESPONSE)); // passes through
    BOOST_TEST(refused_for_integrity(b, 0x40, id));
}

BOOST_AUTO_TEST_CASE(mac_relocated_line_is_refused) {
    eu_bench b("aes-128-xts", mac_params(1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));   // tag line 0
    b.write(0x400, id, plain(2));  // tag line 3: line 0 written back
    b.write(0x1400, id, plain(3)); // tag line 16: line 3 written back
    // Copy line 0x40's ciphertext and tag entry over line 0x400's.
    std::copy_n(b.dram.bytes.begin() + 0x40, 64, b.dram.bytes.begin() + 0x400);
    std::copy_n(b.metamem.bytes.begin() + entry_addr(0x40), entry,
                b.metamem.bytes.begin() + entry_addr(0x400));
    BOOST_TEST(refused_for_integrity(b, 0x400, id));
    bytes out(64);
    BOOST_TEST((b.read(0x40, id, out).status == tlm::TLM_OK_RESPONSE)); // the original is fine
    BOOST_TEST(out == plain(1));
}

BOOST_AUTO_TEST_CASE(mac_rollback_is_not_detected) {
    eu_bench b("aes-128-xts", mac_params(1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    const rollback r = written_twice(b, id);
    BOOST_TEST(b.raw(0x40) != r.old_ct);
    // The attacker puts the older (ciphertext, tag) pair back: mac alone cannot tell.
    std::copy(r.old_ct.begin(), r.old_ct.end(), b.dram.bytes.begin() + 0x40);
    std::copy(r.old_tag.begin(), r.old_tag.end(), b.metamem.bytes.begin() + entry_addr(0x40));
    bytes out(64);
    BOOST_TEST((b.read(0x40, id, out).status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(out == plain(1));
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

BOOST_AUTO_TEST_CASE(mac_debug_write_keeps_tags) {
    eu_bench b("aes-128-xts", mac_params());
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    bytes p = plain(4);
    BOOST_TEST(b.debug(tlm::TLM_WRITE_COMMAND, 0x80, id, p.data(), 64) == 64u);
    bytes out(64);
    BOOST_TEST((b.read(0x80, id, out).status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(out == p);
    BOOST_TEST(b.count("eu.integrity.checked") == 1u);
}

BOOST_AUTO_TEST_CASE(mac_reused_key_id_reads_zeros_not_a_violation) {
    eu_bench b("aes-128-xts", mac_params());
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));
    // The id is released, scrubbed and handed out again for another key (a new generation):
    // the line was never written under it, so its first read is zeros, not a violation.
    b.keys.release(id);
    b.keys.scrubbed(id);
    const uint16_t again = b.keys.acquire(bench_key(2)).id;
    BOOST_TEST(again == id);
    bytes out(64, 0xee);
    BOOST_TEST((b.read(0x40, again, out).status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(std::all_of(out.begin(), out.end(), [](uint8_t v) { return v == 0; }));
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

BOOST_AUTO_TEST_CASE(mac_needs_the_meta_socket_and_sane_params) {
    auto rejects = [](eu_params p, const std::string& mode, const std::string& text) {
        p.mode = mode;
        try {
            p.validate("eu");
        } catch (const user_error& e) {
            BOOST_TEST_CONTEXT(e.what()) {
                BOOST_TEST(std::string(e.what()).find(text) != std::string::npos);
            }
            return;
        }
        BOOST_FAIL("accepted: " + text);
    };
    eu_params p = mac_params();
    rejects(p, "none", "needs a cipher");
    p.integrity.tag_bits = 28;
    rejects(p, "aes-128-xts", "tag_bits 28");
    p.integrity.tag_bits = 60;
    rejects(p, "aes-128-xts", "tag_bits 60");
    p.integrity.tag_bits = 136;
    rejects(p, "aes-128-xts", "tag_bits 136");
    p = mac_params(6, 4);
    rejects(p, "aes-128-xts", "multiple of integrity.cache.ways");
    p = mac_params(1u << 17, 4);
    rejects(p, "aes-128-xts", "over 65536");
    p = mac_params();
    p.integrity.tag_base = 8;
    rejects(p, "aes-128-xts", "tag_base");
    p = mac_params();
    p.integrity.stamp_bits = 12;
    rejects(p, "aes-128-xts", "stamp_bits 12");
    p.integrity.stamp_bits = 72;
    rejects(p, "aes-128-xts", "stamp_bits 72");
    p = mac_params();
    p.integrity.mode = "tre";
    rejects(p, "aes-128-xts", "unknown integrity mode");
    p = mac_params();
    p.mode = "aes-128-xts";
    BOOST_CHECK_NO_THROW(p.validate("eu"));
}

BOOST_AUTO_TEST_CASE(mac_violation_pulses_in_the_vcd) {
    const std::string path = "eu_integrity_violation.vcd";
    tracer tr(path, sc_core::SC_ZERO_TIME, sc_core::sc_time(1, sc_core::SC_MS));
    eu_bench b("aes-128-xts", mac_params(), true, &tr);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1));
    b.advance_to(ns(200));
    b.dram.bytes[0x40] ^= 1;
    BOOST_TEST(refused_for_integrity(b, 0x40, id));
    BOOST_TEST_REQUIRE(tr.write());
    std::ifstream in(path);
    std::stringstream vcd;
    vcd << in.rdbuf();
    const std::string text = vcd.str();
    // $var wire 1 <id> violation $end, then 1<id> at the refusal (200 + 50 + 20 = 270 ns).
    const size_t var = text.find(" violation $end");
    BOOST_TEST_REQUIRE(var != std::string::npos);
    const size_t id_end = text.rfind(' ', var - 1);
    const std::string sig = text.substr(id_end + 1, var - id_end - 1);
    const size_t at = text.find("#270000\n");
    BOOST_TEST_REQUIRE(at != std::string::npos, text);
    BOOST_TEST(text.find("1" + sig + "\n", at) != std::string::npos, text);
}

// Under ctr the version is the line's counter: putting back an older (ciphertext, tag) pair
// while the counter moved on is refused (the counter store itself is not authenticated by
// mac: rolling the counter back too goes unnoticed, the tree's job).
BOOST_AUTO_TEST_CASE(mac_ctr_rollback_without_the_counter_is_refused) {
    eu_bench b("aes-128-ctr", mac_params(1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    const rollback r = written_twice(b, id);
    std::copy(r.old_ct.begin(), r.old_ct.end(), b.dram.bytes.begin() + 0x40);
    std::copy(r.old_tag.begin(), r.old_tag.end(), b.metamem.bytes.begin() + entry_addr(0x40));
    BOOST_TEST(refused_for_integrity(b, 0x40, id));
}

namespace {

// Line 0x40 written under `id`, its tag line written back (a 1-line metadata cache).
void written_back(eu_bench& b, uint16_t id) {
    b.write(0x40, id, plain(1));
    b.write(0x1400, id, plain(9));
}
bool reads_as_zeros(eu_bench& b, uint64_t addr, uint16_t id) {
    bytes out(64, 0xee);
    return b.read(addr, id, out).status == tlm::TLM_OK_RESPONSE &&
           std::all_of(out.begin(), out.end(), [](uint8_t v) { return v == 0; });
}

} // namespace

// The control (docs/attacks.md, the stamp): with the stamp taken on trust (stamp_bits 0, the
// behaviour before it had an authenticator) a physical attacker who rewrites a tag entry's
// stamp makes the line read as zeros, unnoticed.
BOOST_AUTO_TEST_CASE(mac_unauthenticated_stamp_rewritten_reads_as_zeros) {
    eu_params p = mac_params(1, 1);
    p.integrity.stamp_bits = 0;
    eu_bench b("aes-128-xts", p);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    written_back(b, id);
    b.metamem.bytes[12 + 8] ^= 0xff; // line 1's entry (12 bytes without authenticator): key id
    BOOST_TEST(reads_as_zeros(b, 0x40, id));
    BOOST_TEST(b.count("eu.integrity.unwritten_reads") == 1u);
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

namespace {

// With the authenticator (the default) the forged stamp is refused in every cipher mode.
void rewritten_stamp_is_refused(const char* mode) {
    eu_bench b(mode, mac_params(1, 1));
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    written_back(b, id);
    b.metamem.bytes[entry_addr(0x40) + 8] ^= 0xff; // the stamp's key id
    BOOST_TEST(refused_for_integrity(b, 0x40, id));
    BOOST_TEST(b.count("eu.integrity.violations.stamp") == 1u);
    BOOST_TEST(b.count("eu.integrity.unwritten_reads") == 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(mac_rewritten_stamp_is_refused_xts) {
    rewritten_stamp_is_refused("aes-128-xts");
}
BOOST_AUTO_TEST_CASE(mac_rewritten_stamp_is_refused_ctr) {
    rewritten_stamp_is_refused("aes-128-ctr");
}
BOOST_AUTO_TEST_CASE(mac_rewritten_stamp_is_refused_ecb) {
    rewritten_stamp_is_refused("aes-128-ecb");
}

// A genuine stamp of another key still reads as zeros (a frame's or key id's reuse), and the
// check costs the stamp MAC after the tag line: 100 + 1 + 20 cycles on a tag miss.
BOOST_AUTO_TEST_CASE(mac_line_of_another_key_reads_as_zeros) {
    eu_bench b("aes-128-xts", mac_params(1, 1));
    const uint16_t a = b.keys.acquire(bench_key(1)).id;
    const uint16_t c = b.keys.acquire(bench_key(2)).id;
    b.start();
    written_back(b, a);
    b.advance_to(ns(1000));
    bytes out(64, 0xee);
    const eu_access r = b.read(0x40, c, out);
    BOOST_TEST((r.status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(std::all_of(out.begin(), out.end(), [](uint8_t v) { return v == 0; }));
    BOOST_TEST(r.delay == ns(121));
    BOOST_TEST(b.count("eu.integrity.unwritten_reads") == 1u);
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}

// The whole entry put back to its reset state (all zeros): "never written" at version 0. Under
// ctr the line's counter has moved on, so that is refused; under xts and ecb mac alone has no
// version: a rollback of the entry to its state at reset, which the tree detects
// (test_eu_tree.cpp).
namespace {
void entry_put_back_to_reset(eu_bench& b) {
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    written_back(b, id);
    std::fill_n(b.metamem.bytes.begin() + entry_addr(0x40), entry, 0);
}
} // namespace

BOOST_AUTO_TEST_CASE(mac_entry_put_back_to_reset_is_refused_under_ctr) {
    eu_bench b("aes-128-ctr", mac_params(1, 1));
    entry_put_back_to_reset(b);
    BOOST_TEST(refused_for_integrity(b, 0x40, 1));
    BOOST_TEST(b.count("eu.integrity.violations.stamp") == 1u);
}
BOOST_AUTO_TEST_CASE(mac_entry_put_back_to_reset_reads_as_zeros_under_xts) {
    eu_bench b("aes-128-xts", mac_params(1, 1));
    entry_put_back_to_reset(b);
    BOOST_TEST(reads_as_zeros(b, 0x40, 1));
    BOOST_TEST(b.count("eu.integrity.violations") == 0u);
}
