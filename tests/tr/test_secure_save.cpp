// Trapped contexts saved in kernel memory (context_save: memory, docs/design.md#context-save): an
// AES-GCM blob under a temporary processor key, a version per context on chip. The scripted
// M-mode kernel of secure_bench.h plays the attacker: it reads, alters and replays blobs.
#define BOOST_TEST_MODULE secure_save
#include "../common/sc_test_main.h"

#include "secure_script.h"

using namespace trvp;
using namespace trvp::test;
using namespace rv;

namespace {

constexpr u32 area = scratch_pa + 0x400; // the kernel's save area for context 1
constexpr u32 blob_words = secure_unit::blob_size / 4;

fixture_opts memory_opts() {
    fixture_opts o;
    o.sp.context_save = context_save_mode::memory;
    return o;
}

std::vector<u32> logged_blob(const secure_bench& b, size_t from) {
    return std::vector<u32>(b.dev.log.begin() + long(from),
                            b.dev.log.begin() + long(from + blob_words));
}

} // namespace

// Memory mode: tr.info(0) says so; resume needs a save area (TR_ENOSAVE), which must be
// aligned and reachable; a timer interrupt and an ecall save the registers as a blob that
// holds none of their values, and resume restores them exactly, as on chip.
BOOST_AUTO_TEST_CASE(registers_round_trip_through_an_opaque_blob) {
    assembler g(code_va);
    register_round_trip(g, false);
    fixture f(g.finish(), memory_opts());
    auto& s = f.s.steps;
    auto& log = f.b.dev.log;
    s.push_back(just(cmd_of(c_info, 0)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 1); // feature bit 0: contexts saved in kernel memory
        return cmd_of(c_launch, image_pa, f.as.satp());
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_ENOSAVE);
        return cmd_of(c_savearea, 1, area + 4);
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_EINVAL); // not 64-byte aligned
        return cmd_of(c_savearea, 1, 0x100);     // the test device: not memory
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_EFAULT);
        return cmd_of(c_savearea, 1, area);
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 0);
        return cmd_of(c_arm, 3000);
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    size_t blob_at = 0;
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 0x80000007u);
        for (unsigned i = 1; i < 32; ++i) BOOST_CHECK_MESSAGE(c.x[i] == 0, "x" << i << " visible");
        f.b.core.set_irq_deadline(7, sc_core::sc_max_time());
        blob_at = log.size();
        return cmd_of(c_read, area);
    });
    for (u32 i = 1; i < blob_words; ++i) s.push_back(just(cmd_of(c_read, area + 4 * i)));
    s.push_back([&](const kernel_call&) {
        const std::vector<u32> blob = logged_blob(f.b, blob_at);
        BOOST_CHECK_EQUAL(blob[0], 0x58435254u);              // "TRCX"
        BOOST_CHECK_EQUAL(blob[1], 1u | 3u << 16 | 1u << 24); // ctx 1, at trap, format 1
        BOOST_CHECK_EQUAL(blob[2], 1u);                       // version 1
        BOOST_CHECK_EQUAL(blob[3], 0u);
        for (u32 w : blob)
            for (unsigned i = 1; i < 32; ++i)
                BOOST_CHECK_MESSAGE(w != pat(i), "register x" << i << " readable in the blob");
        return cmd_of(c_resume, 0, 0, 1);
    });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 8u);
        for (unsigned i = 10; i <= 16; ++i) BOOST_CHECK_EQUAL(c.x[i], pat(i)); // a0-a6 exposed
        return cmd_of(c_resume, 0x5eed0001, 0, 1);
    });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.x[17], 2u);
        BOOST_CHECK_EQUAL(c.x[10], 1u); // every register came back intact
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.saves"), 3u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.restores"), 2u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.bytes"), 5u * secure_unit::blob_size);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.op.savearea"), 3u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.enters"), 3u);
}

namespace {
// ecall 1, 2, 3, then 4 with a0 = the last result + 0x100: s2 holds a marker throughout and
// each call checks it (0xbad at ecall 4 if a register came back wrong).
rv::prog three_calls() {
    assembler g(code_va);
    g << li(s2, 0x5ec2e700);
    for (u32 n = 1; n <= 3; ++n) {
        g << ecall_a7(n) << li(t0, 0x5ec2e700);
        g.bne(s2, t0, "fail");
        g << addi(s3, a0, 0x100);
    }
    g << add(a0, s3, zero) << ecall_a7(4);
    g.label("fail");
    g << li(a0, 0xbad) << ecall_a7(4);
    return g.finish();
}
} // namespace

// The kernel flips one bit of the saved blob: tr.resume refuses it (TR_EVERIFY) and does not
// enter the context, which stays at its ecall; with the bit restored it resumes normally.
BOOST_AUTO_TEST_CASE(altered_blob_refused) {
    fixture f(three_calls(), memory_opts());
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back(just(cmd_of(c_savearea, 1, area)));
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    s.push_back(just(cmd_of(c_read, area + 40)));
    u32 word = 0;
    s.push_back([&](const kernel_call&) {
        word = u32(last(f.b));
        return cmd_of(c_write, area + 40, word ^ 0x10);
    });
    s.push_back(just(cmd_of(c_resume, 7, 0, 1)));
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK(!c.trap);
        BOOST_CHECK_EQUAL(last(f.b), TR_EVERIFY);
        return cmd_of(c_info, 1);
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 2); // still at its ecall
        return cmd_of(c_write, area + 40, word);
    });
    s.push_back(just(cmd_of(c_resume, 7, 0, 1)));
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.x[17], 2u);
        return cmd_of(c_write, area, 0x58435255); // the header's magic: altered too
    });
    s.push_back(just(cmd_of(c_resume, 8, 0, 1)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_EVERIFY);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.refused.altered"), 2u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.refused.stale"), 0u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.restores"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.enters"), 2u);
}

// The kernel keeps the blob of the first ecall and puts it back at the second: refused as
// stale (TR_EVERIFY). The current blob put back resumes. After tr.destroy and a new launch that
// reuses context id 1, a blob of the first incarnation is stale too (versions continue).
BOOST_AUTO_TEST_CASE(replayed_blob_refused_also_across_incarnations) {
    fixture f(three_calls(), memory_opts());
    auto& s = f.s.steps;
    auto& log = f.b.dev.log;
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back(just(cmd_of(c_savearea, 1, area)));
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    size_t v1_at = 0, v2_at = 0;
    s.push_back([&](const kernel_call& c) { // ecall 1: keep a copy of the blob
        BOOST_CHECK_EQUAL(c.x[17], 1u);
        v1_at = log.size();
        return cmd_of(c_read, area);
    });
    for (u32 i = 1; i < blob_words; ++i) s.push_back(just(cmd_of(c_read, area + 4 * i)));
    s.push_back(just(cmd_of(c_resume, 1, 0, 1)));
    s.push_back([&](const kernel_call& c) { // ecall 2: keep the current one, replay the old
        BOOST_CHECK_EQUAL(c.x[17], 2u);
        BOOST_CHECK_EQUAL(c.x[10], 1u); // the result of ecall 1 came back in a0
        v2_at = log.size();
        return cmd_of(c_read, area);
    });
    for (u32 i = 1; i < blob_words; ++i) s.push_back(just(cmd_of(c_read, area + 4 * i)));
    for (u32 i = 0; i < blob_words; ++i)
        s.push_back([&, i](const kernel_call&) {
            return cmd_of(c_write, area + 4 * i, logged_blob(f.b, v1_at)[i]);
        });
    s.push_back(just(cmd_of(c_resume, 2, 0, 1)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_EVERIFY);
        return cmd_of(c_write, area + 8, logged_blob(f.b, v2_at)[2]); // the version field only
    });
    s.push_back(just(cmd_of(c_resume, 2, 0, 1)));
    s.push_back([&](const kernel_call&) { // a new version on the old ciphertext: altered
        BOOST_CHECK_EQUAL(last(f.b), TR_EVERIFY);
        return cmd_of(c_info, 1);
    });
    for (u32 i = 0; i < blob_words; ++i)
        s.push_back([&, i](const kernel_call&) {
            return cmd_of(c_write, area + 4 * i, logged_blob(f.b, v2_at)[i]);
        });
    s.push_back(just(cmd_of(c_resume, 2, 0, 1)));
    s.push_back([&](const kernel_call& c) { // ecall 3: the program ran on
        BOOST_CHECK_EQUAL(c.x[17], 3u);
        BOOST_CHECK_EQUAL(c.x[10], 2u);
        return cmd_of(c_destroy, 1);
    });
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 1); // the same context id again
        return cmd_of(c_savearea, 1, area);
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    for (u32 i = 0; i < blob_words; ++i)
        s.push_back([&, i](const kernel_call& c) {
            if (i == 0) BOOST_CHECK_EQUAL(c.x[17], 1u);
            return cmd_of(c_write, area + 4 * i, logged_blob(f.b, v1_at)[i]);
        });
    s.push_back(just(cmd_of(c_resume, 1, 0, 1)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_EVERIFY);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(logged_blob(f.b, v1_at)[2], 1u); // versions 1 and 2
    BOOST_CHECK_EQUAL(logged_blob(f.b, v2_at)[2], 2u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.refused.stale"), 2u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.refused.altered"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.restores"), 2u);
}

// On chip (the default) tr.info(0) has no feature bit, tr.savearea is accepted and unused:
// nothing is written to the area and the registers round-trip as before.
BOOST_AUTO_TEST_CASE(on_chip_mode_has_no_blob_and_ignores_save_areas) {
    fixture f(three_calls());
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_info, 0)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 0); // no feature bit: registers stay on chip
        return cmd_of(c_launch, image_pa, f.as.satp());
    });
    s.push_back(just(cmd_of(c_write, area, 0x11111111)));
    s.push_back(just(cmd_of(c_savearea, 1, area)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 0); // accepted, unused
        return cmd_of(c_resume, 0, 0, 1);
    });
    for (u32 n = 1; n <= 3; ++n)
        s.push_back([&, n](const kernel_call& c) {
            BOOST_CHECK_EQUAL(c.x[17], n);
            return cmd_of(c_resume, n, 0, 1);
        });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.x[17], 4u);
        BOOST_CHECK_EQUAL(c.x[10], 0x103u);
        return cmd_of(c_read, area);
    });
    s.push_back(just(cmd_of(c_exit, 0)));
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(last(f.b), 0x11111111); // nothing written there
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.saves"), 0u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ctx_save.bytes"), 0u);
}
