#define BOOST_TEST_MODULE system_attacks_integrity
// The memory attacks of test_attacks.cpp against the encryption unit's integrity checking
// (docs/attacks.md, docs/crypto.md): the same kernel attacker modes and victim, with
// eu.integrity.mode mac (a tag per line over ciphertext, address, version and key id) and,
// once it lands, tree. A detected attack never reaches the victim: its access is refused,
// it is killed before it prints what it read, and eu.integrity.violations counts the
// refusal. Each case has its control run in test_attacks.cpp (integrity none: the attack
// succeeds) and states here what the defence does not stop.
#include "attack_helpers.h"

using namespace trvp::systest;

namespace {

void detected(const run_result& r, const std::string& result_prefix) {
    BOOST_TEST(killed_before_use(r, result_prefix), r.out);
    BOOST_TEST(r.counter("eu.integrity.violations") == 1u);
    BOOST_TEST(r.counter("eu.integrity.violations.tag") == 1u);
    BOOST_TEST(!r.out_has("SECRET"), r.out);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(attacks_mac, images_built)

BOOST_AUTO_TEST_CASE(honest_runs_see_no_violation) {
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto p = run(m, honest, victim_pointer, "mac");
            BOOST_TEST(p.status == 0, p);
            BOOST_TEST(p.out_has(greeting), p.out);
            BOOST_TEST(p.counter("eu.integrity.violations") == 0u);
            BOOST_TEST(p.counter("eu.integrity.checked") > 0u);
            BOOST_TEST(tries_left(run(m, honest, victim_counter, "mac")) == "0");
        }
    }
}

BOOST_AUTO_TEST_CASE(bit_flips_are_detected_before_use_in_every_mode) {
    // Control: ctr_bit_flip_* (the secret printed), xts_and_ecb_bit_flip_gives_garbage.
    for (const char* m : modes) {
        for (unsigned a : {unsigned(flip_key0), unsigned(flip_dram)}) {
            BOOST_TEST_CONTEXT(m << " attacker " << a) {
                auto r = run(m, a, victim_pointer, "mac");
                BOOST_TEST(r.out_has("attack: pid 1 phase 1: XORed"), r.out);
                detected(r, "victim: pointer now");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(rollback_of_ciphertext_and_tag_is_detected_only_under_ctr) {
    // The tag binds the version: under ctr the line's counter, which moved on; under xts and
    // ecb mac alone has no version (0), so the old (ciphertext, tag) pair is valid again:
    // the documented hole that the tree closes.
    detected(run("aes-128-ctr", rollback, victim_counter, "mac"), "victim: tries left");
    for (const char* m : {"aes-128-xts", "aes-128-ecb"}) {
        BOOST_TEST_CONTEXT(m) {
            auto r = run(m, rollback, victim_counter, "mac");
            BOOST_TEST(r.out_has("put the older ciphertext and tag back"), r.out);
            BOOST_TEST(tries_left(r) == "3", r.out);
            BOOST_TEST(r.counter("eu.integrity.violations") == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(replay_with_the_counter_is_not_detected_by_mac_alone) {
    // Ciphertext, tag and counter all put back agree with each other: freshness needs the
    // on-chip root of a tree.
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto r = run(m, replay, victim_counter, "mac");
            BOOST_TEST(tries_left(r) == "3", r.out);
            BOOST_TEST(r.counter("eu.integrity.violations") == 0u);
            // line 64 + counter 8 + tag entry 12
            BOOST_TEST(r.counter("attacker.bytes_tampered") == 84u);
        }
    }
}

BOOST_AUTO_TEST_CASE(splicing_a_line_with_its_tag_is_detected_in_every_mode) {
    // Control: splicing_another_line_over_a_record_grants_admin_in_ecb_only.
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto r = run(m, splice_line, victim_record, "mac");
            BOOST_TEST(r.out_has("copied the line at pa"), r.out);
            detected(r, "victim: record 0 role");
        }
    }
}

BOOST_AUTO_TEST_CASE(dma_past_the_unit_is_detected_but_a_forged_key_id_is_not) {
    // On the bus the generator's bytes reach DRAM without a tag: detected. Through the L2
    // under the victim's key id the unit itself tags them: mac cannot tell, only trusted
    // key ids and frame ownership can (test_attacks.cpp's control, docs/attacks.md).
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto b = dma(m, "bus.in", 1, "mac").out(scratch_dir() + "/" + m + "-bus").run();
            BOOST_TEST(b.counter("dma.bytes") == 128u);
            detected(b, "victim: tries left");
            auto l = dma(m, "l2.cpu", 1, "mac").out(scratch_dir() + "/" + m + "-l2").run();
            BOOST_TEST(tries_left(l) == "16843009", l.out);
            BOOST_TEST(l.counter("eu.integrity.violations") == 0u);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
