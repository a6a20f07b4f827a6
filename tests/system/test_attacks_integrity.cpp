#define BOOST_TEST_MODULE system_attacks_integrity
// The memory attacks of test_attacks.cpp against the encryption unit's integrity checking
// (docs/attacks.md, docs/crypto.md): the same kernel attacker modes and victim, with
// eu.integrity.mode mac (a tag per line over ciphertext, address, version and key id) and
// tree (versions under a counter tree whose root stays on chip). A detected attack never reaches
// the victim: its access is refused, it is killed before it prints what it read, and
// eu.integrity.violations counts the refusal. Each case has its control run in test_attacks.cpp
// (integrity none: the attack succeeds) and states here what the defence does not stop.
#include "attack_helpers.h"

using namespace trvp::systest;

namespace {

void detected(const run_result& r, const std::string& result_prefix,
              const std::string& kind = "tag") {
    BOOST_TEST(killed_before_use(r, result_prefix), r.out);
    BOOST_TEST(r.counter("eu.integrity.violations") == 1u);
    BOOST_TEST(r.counter("eu.integrity.violations." + kind) == 1u);
    BOOST_TEST(!r.out_has("SECRET"), r.out);
}

// The tree's metadata as the attacker device sees it (configs/tr.yaml's split tree at
// tree_base 0x2000000 of metamem, docs/crypto.md): a tag entry, the counter line (32 data
// lines) and, with `node`, the level-1 node above it (256 data lines), as whole lines.
std::string tree_metadata(bool node) {
    std::string m = "attacker.metadata=[{kind: tag, memory: metamem, base: 0xffffffffe0000000, "
                    "entry: 16, per_line: 4}, {kind: counter, memory: metamem, "
                    "base: 0xfffffffffe000000, entry: 0, per_line: 32, whole_line: true}";
    if (node)
        m += ", {kind: node, memory: metamem, base: 0x1c00000, entry: 0, per_line: 256, "
             "whole_line: true}";
    return m + "]";
}

run_result tree_run(const std::string& mode, unsigned attacker, unsigned victim, bool node = true) {
    return attack(mode, attacker, victim, "tree")
        .set(tree_metadata(node))
        .out(scratch_dir() + "/" + mode + "-tree-" + std::to_string(attacker) +
             (node ? "-node" : ""))
        .run();
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
            // line 64 + counter 8 + tag entry 16
            BOOST_TEST(r.counter("attacker.bytes_tampered") == 88u);
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

BOOST_AUTO_TEST_CASE(a_rewritten_stamp_is_detected_in_every_mode) {
    // Control: the stamp taken on trust (stamp_bits 0: 12-byte tag entries, 5 a line, as
    // before it had an authenticator): the victim's record silently reads as all zeros.
    auto c = attack("aes-128-xts", stamp, victim_record, "mac")
                 .set("eu.integrity.stamp_bits=0")
                 .set("eu.integrity.tag_base=0xffffffffe6666680")
                 .set("attacker.metadata=[{kind: tag, memory: metamem, base: "
                      "0xffffffffe6666680, entry: 12, per_line: 5}]")
                 .out(scratch_dir() + "/stamp-control")
                 .run();
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(c.out_has("rewrote the key id in the tag stamp"), c.out);
    BOOST_TEST(c.out_has("victim: record 0 role: \n"), c.out);
    BOOST_TEST(c.counter("eu.integrity.violations") == 0u);
    BOOST_TEST(c.counter("eu.integrity.unwritten_reads") > 0u);
    // The run summary names the refusal (stderr, without --quiet).
    trvp_run s(config_path("attacks/memory.yaml"));
    auto summary = s.set("eu.mode=aes-128-xts")
                       .set("firmware.boot.attacker=13")
                       .set("firmware.boot.programs.0.arg=3")
                       .set("l1d.ownership.enabled=false")
                       .set("bus.ownership.enabled=false")
                       .set("eu.integrity.mode=mac")
                       .max_time("200 ms")
                       .out(scratch_dir() + "/stamp-summary")
                       .run();
    BOOST_TEST(summary.err_has("  integrity       eu: 1 violations, "), summary.err);
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto r = run(m, stamp, victim_record, "mac");
            BOOST_TEST(r.out_has("rewrote the key id in the tag stamp"), r.out);
            detected(r, "victim: record 0 role", "stamp");
            detected(tree_run(m, stamp, victim_record, false), "victim: record 0 role", "stamp");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(attacks_tree, images_built)

BOOST_AUTO_TEST_CASE(honest_runs_see_no_violation) {
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto p = tree_run(m, honest, victim_pointer);
            BOOST_TEST(p.status == 0, p);
            BOOST_TEST(p.out_has(greeting), p.out);
            BOOST_TEST(p.counter("eu.integrity.violations") == 0u);
            BOOST_TEST(tries_left(tree_run(m, honest, victim_counter)) == "0");
        }
    }
}

BOOST_AUTO_TEST_CASE(flips_rollbacks_and_splices_are_detected_in_every_mode) {
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            detected(tree_run(m, flip_key0, victim_pointer), "victim: pointer now");
            detected(tree_run(m, flip_dram, victim_pointer), "victim: pointer now");
            // mac's hole under xts and ecb: the tag now binds the line's version.
            auto r = tree_run(m, rollback, victim_counter);
            BOOST_TEST(r.out_has("put the older ciphertext and tag back"), r.out);
            detected(r, "victim: tries left");
            detected(tree_run(m, splice_line, victim_record), "victim: record 0 role");
        }
    }
}

BOOST_AUTO_TEST_CASE(dma_past_the_unit_is_detected_a_forged_key_id_is_not) {
    for (const char* m : modes) {
        BOOST_TEST_CONTEXT(m) {
            auto b = dma(m, "bus.in", 1, "tree").out(scratch_dir() + "/" + m + "-bus").run();
            detected(b, "victim: tries left");
            auto l = dma(m, "l2.cpu", 1, "tree").out(scratch_dir() + "/" + m + "-l2").run();
            BOOST_TEST(tries_left(l) == "16843009", l.out);
            BOOST_TEST(l.counter("eu.integrity.violations") == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(replay_of_the_counter_line_and_of_the_node_above_is_detected) {
    // mac's hole in every mode: ciphertext, tag and counter line put back agree with each
    // other, but not with the counter of the counter line in its parent (on chip or stored
    // under a MAC that binds the grandparent's counter, up to the on-chip root).
    for (const char* m : modes) {
        for (bool node : {false, true}) {
            BOOST_TEST_CONTEXT(m << (node ? " with the level-1 node" : " counter line")) {
                auto r = tree_run(m, replay, victim_counter, node);
                BOOST_TEST(r.out_has("ciphertext, tag, counter and tree nodes back"), r.out);
                // line 64 + tag entry 16 + counter line 64 (+ node 64)
                BOOST_TEST(r.counter("attacker.bytes_tampered") == (node ? 208u : 144u));
                detected(r, "victim: tries left", "version");
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
