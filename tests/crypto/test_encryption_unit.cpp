#define BOOST_TEST_MODULE encryption_unit
// The encryption unit on the model bench: what DRAM holds per mode, pass-through, refused
// accesses, debug transport, nb_transport, DMI, parameters and statistics (timing:
// test_encryption_unit_timing.cpp).
#include "../common/sc_test_main.h"

#include "common/errors.h"
#include "crypto_ref.h"
#include "eu_bench.h"

using namespace trvp;
using namespace trvp::test;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

// Writes a line through the EU, checks DRAM against `decrypt` and reads it back.
template <class Decrypt>
void roundtrip(const std::string& mode, Decrypt decrypt) {
    eu_bench b(mode);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    const bytes p = plain(0x11);
    BOOST_TEST((b.write(0x40, id, p).status == tlm::TLM_OK_RESPONSE));
    const bytes raw = b.raw(0x40);
    BOOST_TEST(raw != p);
    BOOST_TEST(decrypt(bench_key(1), eu_bench::pa_base + 0x40, raw) == p);
    bytes back(64);
    BOOST_TEST((b.read(0x40, id, back).status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(back == p);
    BOOST_TEST(b.count("eu.bytes_encrypted") == 64u);
    BOOST_TEST(b.count("eu.bytes_decrypted") == 64u);
    BOOST_TEST(b.count("eu.key1.lines") == 2u);
}

} // namespace

BOOST_AUTO_TEST_CASE(xts_dram_holds_ciphertext) {
    roundtrip("aes-128-xts", ref_xts_decrypt);
}

BOOST_AUTO_TEST_CASE(ecb_dram_holds_ciphertext) {
    roundtrip("aes-128-ecb",
              [](const key128& k, uint64_t, const bytes& c) { return ref_ecb_decrypt(k, c); });
}

BOOST_AUTO_TEST_CASE(ctr_dram_holds_ciphertext) {
    eu_params p;
    p.counter_cache = {1, 1}; // one counter line: every other line evicts it
    eu_bench b("aes-128-ctr", p);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    const uint64_t pa = eu_bench::pa_base + 0x40;
    const bytes pt = plain(0x22);
    b.write(0x40, id, pt);
    const bytes c1 = b.raw(0x40);
    BOOST_TEST(c1 != pt);
    BOOST_TEST(ref_ctr_decrypt(bench_key(1), pa, 1, c1) == pt);
    // Rewriting the same plaintext gives new ciphertext: the line's counter went up.
    b.write(0x40, id, pt);
    const bytes c2 = b.raw(0x40);
    BOOST_TEST(c2 != c1);
    BOOST_TEST(ref_ctr_decrypt(bench_key(1), pa, 2, c2) == pt);
    // Another counter line evicts the dirty one: the counter store (8 bytes LE per data
    // line, data line 1 at offset 8) receives counter 2.
    b.write(0x1000, id, plain(0x33));
    BOOST_TEST(b.count("eu.counter_cache.writebacks") == 1u);
    BOOST_TEST(b.ctr_store.bytes[8] == 2);
    // Reading back refetches the counter from the store.
    bytes back(64);
    b.read(0x40, id, back);
    BOOST_TEST(back == pt);
    BOOST_TEST(b.count("eu.counter_cache.writebacks") == 2u);
    BOOST_TEST(b.ctr_store.bytes[512] == 1); // data line 64 = counter line 8, slot 0
    BOOST_TEST(b.count("eu.counter_cache.hits") == 1u);
    BOOST_TEST(b.count("eu.counter_cache.misses") == 3u);
    BOOST_TEST(formula(b, "eu.counter_cache.hit_rate") == 0.25);
}

BOOST_AUTO_TEST_CASE(key0_passes_through) {
    eu_bench b("aes-128-xts");
    b.start();
    const bytes p = plain(0x44);
    eu_access w = b.write(0x40, 0, p);
    BOOST_TEST(w.delay == ns(50));
    BOOST_TEST(b.raw(0x40) == p);
    bytes small(4);
    eu_access r = b.read(0x42, 0, small); // sub-line is fine in plaintext
    BOOST_TEST((r.status == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(r.delay == ns(50));
    BOOST_TEST(!r.dmi_allowed);
    BOOST_TEST((small == bytes(p.begin() + 2, p.begin() + 6)));
    BOOST_TEST(b.count("eu.passthrough") == 2u);
    BOOST_TEST(b.count("eu.bytes_encrypted") == 0u);
    BOOST_TEST(b.count("eu.key0.lines") == 0u);
}

BOOST_AUTO_TEST_CASE(partial_encrypted_access_refused) {
    eu_bench b("aes-128-xts");
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    bytes small(8);
    BOOST_TEST((b.read(0x40, id, small).status == tlm::TLM_BURST_ERROR_RESPONSE));
    bytes line(64);
    BOOST_TEST((b.read(0x20, id, line).status == tlm::TLM_BURST_ERROR_RESPONSE));
    std::vector<uint8_t> be(64, TLM_BYTE_ENABLED);
    BOOST_TEST((b.transport(tlm::TLM_WRITE_COMMAND, 0x40, id, line.data(), 64,
                            sc_core::SC_ZERO_TIME, be.data())
                    .status == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE));
    BOOST_TEST(b.count("eu.refused") == 3u);
    BOOST_TEST(b.dram.reads + b.dram.writes == 0u);
}

BOOST_AUTO_TEST_CASE(debug_access_encrypts) {
    eu_bench b("aes-128-xts");
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    const bytes p = plain(5);
    b.write(0x40, id, p);
    bytes part(16);
    BOOST_TEST(b.debug(tlm::TLM_READ_COMMAND, 0x48, id, part.data(), 16) == 16u);
    BOOST_TEST((part == bytes(p.begin() + 8, p.begin() + 24)));
    bytes patch(8, 0xee);
    BOOST_TEST(b.debug(tlm::TLM_WRITE_COMMAND, 0x50, id, patch.data(), 8) == 8u);
    bytes expect = p;
    std::fill(expect.begin() + 16, expect.begin() + 24, 0xee);
    BOOST_TEST(ref_xts_decrypt(bench_key(1), eu_bench::pa_base + 0x40, b.raw(0x40)) == expect);
    bytes back(64);
    b.read(0x40, id, back);
    BOOST_TEST(back == expect);
    // Across lines.
    bytes wide(100);
    BOOST_TEST(b.debug(tlm::TLM_READ_COMMAND, 0x30, id, wide.data(), 100) == 100u);
    BOOST_TEST((bytes(wide.begin() + 16, wide.begin() + 80) == expect));
    BOOST_TEST(b.count("eu.reads") == 1u); // debug accesses are not counted
}

BOOST_AUTO_TEST_CASE(ctr_debug_write_keeps_counter) {
    eu_params p;
    p.counter_cache = {1, 1};
    eu_bench b("aes-128-ctr", p);
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    b.write(0x40, id, plain(1)); // counter 1
    const bytes fresh = plain(9);
    b.debug(tlm::TLM_WRITE_COMMAND, 0x40, id, const_cast<uint8_t*>(fresh.data()), 64);
    BOOST_TEST(ref_ctr_decrypt(bench_key(1), eu_bench::pa_base + 0x40, 1, b.raw(0x40)) == fresh);
    // Evict the counter line; a debug read then takes the counter from the store.
    b.write(0x1000, id, plain(2));
    bytes out(64);
    BOOST_TEST(b.debug(tlm::TLM_READ_COMMAND, 0x40, id, out.data(), 64) == 64u);
    BOOST_TEST(out == fresh);
    b.read(0x40, id, out);
    BOOST_TEST(out == fresh);
}

// "cpu" is a plain target socket: the non-blocking call completes BEGIN_REQ at once, with the
// same data path and delay as b_transport; any other phase is an error.
BOOST_AUTO_TEST_CASE(nb_transport_completes_at_begin_req) {
    eu_bench b("aes-128-ecb");
    const uint16_t id = b.keys.acquire(bench_key(1)).id;
    b.start();
    bytes p = plain(0x21);
    tlm::tlm_generic_payload t;
    mem_ext ext;
    ext.key_id = id;
    t.set_extension(&ext);
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(0x40);
    t.set_data_ptr(p.data());
    t.set_data_length(64);
    t.set_streaming_width(64);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_time d;
    BOOST_TEST((b.init->nb_transport_fw(t, phase, d) == tlm::TLM_COMPLETED));
    BOOST_TEST((phase == tlm::BEGIN_RESP));
    BOOST_TEST((t.get_response_status() == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(d == ns(10 + 40 + 50)); // as block_mode_delays' first write
    BOOST_TEST(ext.latency[stage::aes] == ns(50));
    BOOST_TEST(ref_ecb_decrypt(bench_key(1), b.raw(0x40)) == plain(0x21)); // DRAM: ciphertext
    BOOST_TEST(b.raw(0x40) != plain(0x21));
    phase = tlm::END_RESP;
    BOOST_CHECK_THROW(b.init->nb_transport_fw(t, phase, d), sc_core::sc_report);
    t.clear_extension(&ext);
    BOOST_TEST(b.count("eu.writes") == 1u);
}

BOOST_AUTO_TEST_CASE(dmi_refused_and_maintenance_forwarded) {
    eu_bench b("aes-128-xts");
    b.start();
    tlm::tlm_generic_payload t;
    tlm::tlm_dmi dmi;
    t.set_address(0x40);
    t.set_command(tlm::TLM_READ_COMMAND);
    BOOST_TEST(!b.init->get_direct_mem_ptr(t, dmi));
    BOOST_TEST(!dmi.is_read_allowed());
    cache_op_ext op;
    t.set_extension(&op);
    t.set_command(tlm::TLM_IGNORE_COMMAND);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time d;
    b.init->b_transport(t, d);
    t.clear_extension(&op);
    BOOST_TEST((t.get_response_status() == tlm::TLM_OK_RESPONSE));
    BOOST_TEST(b.dram.ignores == 1u);
}

BOOST_AUTO_TEST_CASE(ctr_without_counters_is_user_error) {
    eu_bench b("aes-128-ctr", {}, false);
    BOOST_CHECK_THROW(b.start(), user_error);
}

BOOST_AUTO_TEST_CASE(bad_params_are_user_errors) {
    test_env te;
    key_table keys;
    sim_env& env = te.env;
    eu_params p;
    p.mode = "aes-256-xts";
    BOOST_CHECK_THROW(encryption_unit("eu1", env, p, keys), user_error);
    p = eu_params();
    p.line_size = 40;
    BOOST_CHECK_THROW(encryption_unit("eu2", env, p, keys), user_error);
    p = eu_params();
    p.mode = "aes-128-ctr";
    p.counter_cache = {6, 4};
    BOOST_CHECK_THROW(encryption_unit("eu3", env, p, keys), user_error);
}

BOOST_AUTO_TEST_CASE(statistics_named) {
    eu_bench b("aes-128-ctr");
    for (const char* n : {"eu.bytes_encrypted",
                          "eu.bytes_decrypted",
                          "eu.reads",
                          "eu.writes",
                          "eu.passthrough",
                          "eu.refused",
                          "eu.key0.lines",
                          "eu.key15.lines",
                          "eu.key_other.lines",
                          "eu.key_switches",
                          "eu.engine_busy_cycles",
                          "eu.engine_utilisation",
                          "eu.latency.dram",
                          "eu.latency.aes",
                          "eu.latency.counter",
                          "eu.latency.queue",
                          "eu.counter_cache.hits",
                          "eu.counter_cache.misses",
                          "eu.counter_cache.hit_rate",
                          "eu.counter_cache.writebacks"})
        BOOST_TEST(b.reg.find(n) != nullptr, n);
    for (const stats::stat* s : b.reg.all()) BOOST_TEST(!s->desc().empty());
}
