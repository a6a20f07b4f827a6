// Over 400 lines on purpose: every case scripts a whole kernel session on the one bench.
// Model-level proofs of the TR extension (docs/design.md#tr-extension): a real core, caches, EU and
// DRAM, a small M-mode kernel stub and sealed programs. One elaboration per process.
#define BOOST_TEST_MODULE secure_unit
#include "../common/sc_test_main.h"

#include "secure_script.h"

#include "sealing/bytes.h"
#include "sealing/pka.h"

#include <sstream>

using namespace trvp;
using namespace trvp::test;
using namespace rv;

// A timer interrupt in encrypted mode: the kernel sees zeros, cause and context only; an
// ecall exposes a0-a7 only; resume restores everything, with the kernel's a0/a1 as results.
BOOST_AUTO_TEST_CASE(timer_trap_hides_registers_and_resume_restores) {
    assembler g(code_va);
    register_round_trip(g, true);
    g.label("spin");
    g.j("spin");
    fixture f(g.finish());
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 1);
        return cmd_of(c_arm, 3000);
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK(c.trap);
        BOOST_CHECK_EQUAL(c.cause, 0x80000007u);
        BOOST_CHECK_EQUAL(c.epc, 0u);
        BOOST_CHECK_EQUAL(c.tval, 0u);
        BOOST_CHECK_EQUAL(c.trctx, 1u);
        for (unsigned i = 1; i < 32; ++i) BOOST_CHECK_MESSAGE(c.x[i] == 0, "x" << i << " visible");
        f.b.core.set_irq_deadline(7, sc_core::sc_max_time());
        return cmd_of(c_resume, 0, 0, 1);
    });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 8u);
        BOOST_CHECK_EQUAL(c.epc, 0u);
        for (unsigned i = 1; i < 32; ++i) {
            const u32 want = i >= 10 && i <= 16 ? pat(i) : i == 17 ? 1 : 0;
            BOOST_CHECK_MESSAGE(c.x[i] == want, "x" << i << " = " << c.x[i]);
        }
        return cmd_of(c_resume, 0x5eed0001, 0x5eed0002, 1);
    });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.x[17], 2u);
        BOOST_CHECK_EQUAL(c.x[10], 1u); // the program found every register intact
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK(f.b.control.exit_requested());
    BOOST_CHECK_EQUAL(f.b.control.exit_code(), 0);
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.enters"), 3u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.exits"), 3u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.launches"), 1u);
}

namespace {
constexpr u32 pattern_base = 0xc0de0000u;
rv::prog pattern_program() {
    assembler g(code_va);
    g << li(s0, data_va + 0x100);
    for (u32 i = 0; i < 8; ++i) g << store_const(s0, int32_t(4 * i), pattern_base + i * 0x1111);
    for (u32 i = 0; i < 8; ++i) {
        g << lw(t0, s0, int32_t(4 * i)) << li(t1, pattern_base + i * 0x1111);
        g.bne(t0, t1, "fail");
    }
    g << li(a0, 1) << ecall_a7(1);
    g.label("fail");
    g << li(a0, 0) << ecall_a7(1);
    g.label("spin");
    g.j("spin");
    return g.finish();
}
std::vector<uint8_t> pattern_bytes() {
    std::vector<uint8_t> b(32);
    for (u32 i = 0; i < 8; ++i) {
        const u32 v = pattern_base + i * 0x1111;
        std::memcpy(&b[4 * i], &v, 4);
    }
    return b;
}

// The hidden-region scenario; returns (kernel's plaintext read of the pattern, of the
// marker) and leaves the bench for DRAM scans.
void run_pattern(fixture& f, std::string* dump) {
    f.launch_steps();
    auto& s = f.s.steps;
    const u32 data_frame = f.as.frame_of(data_va);
    s.push_back([&f, dump, data_frame](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 8u);
        BOOST_CHECK_EQUAL(c.x[10], 1u); // the pattern reads back inside the context
        if (dump) {
            std::ostringstream os;
            f.b.ear.dump_json(os);
            *dump = os.str();
        }
        // the untrusted kernel reads the same physical address on the plaintext path while
        // the context's line is still dirty in the L1D
        return cmd_of(c_read, data_frame + 0x100);
    });
    s.push_back(just(cmd_of(c_read, data_frame)));
    s.push_back(just(cmd_of(c_destroy, 1)));
    s.push_back([&f](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 0);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.b.control.exit_code(), 0);
    BOOST_REQUIRE_EQUAL(f.b.dev.log.size(), 4u);
}
} // namespace

// The pattern written by the protected program reads back inside it, but neither raw DRAM nor
// the kernel's plaintext read of the same physical address (even while the line is cached)
// sees it; the data segment's marker is not in DRAM either. The dump names no key value.
BOOST_AUTO_TEST_CASE(hidden_pattern_not_in_dram_nor_plaintext_path) {
    fixture f(pattern_program());
    std::string dump;
    run_pattern(f, &dump);
    BOOST_CHECK_NE(f.b.dev.log[1], pattern_base);
    BOOST_CHECK(std::memcmp(&f.b.dev.log[2], marker.data(), 4) != 0);
    BOOST_CHECK(f.b.mem.probe_find(pattern_bytes()).empty());
    BOOST_CHECK(f.b.mem.probe_find(marker).empty());
    // the dump: code + hidden entries, frame bindings, never the program key
    BOOST_CHECK(dump.find("\"kind\": \"code\"") != std::string::npos);
    BOOST_CHECK(dump.find("\"kind\": \"hidden\"") != std::string::npos);
    BOOST_CHECK(dump.find("\"pa\": " + std::to_string(f.as.frame_of(data_va))) !=
                std::string::npos);
    sealing::opened_image img;
    const auto dev = sealing::device_key_from_seed(sealing::cspan(std::string("bench-device")));
    BOOST_REQUIRE(sealing::open_image(sealing::cspan(f.image), dev, img) ==
                  sealing::seal_status::ok);
    BOOST_CHECK(dump.find(sealing::to_hex(sealing::cspan(img.program_key))) == std::string::npos);
    BOOST_CHECK_GE(f.b.stat("cpu.secure.scrubs"), 2u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.launch_bytes"), 4u * 4096);
}

// Control: the same run with the EU in mode none finds both in DRAM and on the plaintext path,
// so the scans above can see what they look for.
BOOST_AUTO_TEST_CASE(control_mode_none_finds_pattern) {
    fixture f(pattern_program(), "none");
    run_pattern(f, nullptr);
    BOOST_CHECK_EQUAL(f.b.dev.log[1], pattern_base);
    BOOST_CHECK(std::memcmp(&f.b.dev.log[2], marker.data(), 4) == 0);
    BOOST_CHECK(!f.b.mem.probe_find(pattern_bytes()).empty());
    BOOST_CHECK(!f.b.mem.probe_find(marker).empty());
}

// A tampered image is refused with TR_EIMAGE, and the platform keeps running: an intact copy
// launches afterwards.
BOOST_AUTO_TEST_CASE(tampered_image_refused) {
    fixture f(prog{} + ecall_a7(1));
    sealing::bytes bad = f.image;
    bad[bad.size() - 20] ^= 0x01;
    f.b.mem.probe_write(image_pa + 0x10000, bad);
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_launch, image_pa + 0x10000, f.as.satp())));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_EIMAGE);
        return cmd_of(c_launch, image_pa, f.as.satp());
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 1);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.errors"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.launches"), 1u);
}

// Resuming a context id never created, or a destroyed one, fails with TR_ECONTEXT.
BOOST_AUTO_TEST_CASE(resume_forged_or_destroyed_context_fails) {
    fixture f(prog{} + ecall_a7(1));
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back(just(cmd_of(c_resume, 0, 0, 6))); // forged id
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_ECONTEXT);
        return cmd_of(c_info, 1);
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 1); // runnable
        return cmd_of(c_destroy, 1);
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_ECONTEXT);
        return cmd_of(c_info, 1);
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 0); // free
        return cmd_of(c_resume, 0, 0, 0);
    });
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_ECONTEXT);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.enters"), 0u);
}

// In-context instructions outside encrypted mode and kernel instructions inside it raise an
// illegal instruction; the trap from encrypted mode still hides tval and epc.
BOOST_AUTO_TEST_CASE(tr_instructions_illegal_where_not_allowed) {
    fixture f(prog{} + tr_insn(0, 0, a0, a0, a1) + ecall_a7(1));
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_region_m, 0x8000)));
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK(c.trap);
        BOOST_CHECK_EQUAL(c.cause, 2u);
        BOOST_CHECK_EQUAL(c.tval, tr_insn(1, 0, a0, a0));
        return cmd_of(c_keyload_m, 0x8000);
    });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 2u);
        return cmd_of(c_rand); // allowed anywhere
    });
    s.push_back(just(cmd_of(c_rand)));
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK(!c.trap);
        BOOST_CHECK_EQUAL(f.b.dev.log.size(), 2u);
        BOOST_CHECK_NE(f.b.dev.log[0], f.b.dev.log[1]);
        return cmd_of(c_launch, image_pa, f.as.satp());
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    s.push_back([&](const kernel_call& c) { // tr.launch from the protected program
        BOOST_CHECK_EQUAL(c.cause, 2u);
        BOOST_CHECK_EQUAL(c.tval, 0u);
        BOOST_CHECK_EQUAL(c.epc, 0u);
        BOOST_CHECK_EQUAL(c.trctx, 1u);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
}

// tr.keyload refuses a key outside the caller's hidden region (TR_EPERM) and accepts one in it.
BOOST_AUTO_TEST_CASE(keyload_from_non_hidden_address_refused) {
    prog g = li(s0, plain_va) + store_key(s0, 0x11223344) + tr_insn(1, 2, s1, s0) +
             li(s2, data_va + 0x100) + store_key(s2, 0x11223344) + tr_insn(1, 2, s3, s2) +
             add(a0, s1, zero) + add(a1, s3, zero) + ecall_a7(1);
    fixture f(g);
    f.launch_steps();
    f.s.steps.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(int32_t(c.x[10]), TR_EPERM);
        BOOST_CHECK_EQUAL(c.x[11], (1u << 16) | 1u);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, f.s.steps.size());
    BOOST_CHECK_EQUAL(f.b.stat("ear.handle.loads"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("ear.refused.permission"), 1u);
}

// EAR entries and key ids run out with TR_ENOSPC; the program and the simulator carry on.
BOOST_AUTO_TEST_CASE(ear_and_key_exhaustion_enospc) {
    prog g = li(s0, stack_va);
    const u32 res[] = {s1, s2, s3};
    for (u32 i = 0; i < 3; ++i)
        g = g + store_desc(s0, region_va + i * 0x1000, 0x1000, zero, 0) + tr_insn(1, 0, res[i], s0);
    g = g + li(s4, data_va + 0x100);
    const u32 keys[] = {s5, s6, s7};
    for (u32 j = 0; j < 3; ++j)
        g = g + store_key(s4, 0x1000 * (j + 1)) + tr_insn(1, 2, keys[j], s4);
    g = g + add(a0, s1, zero) + add(a1, s2, zero) + add(a2, s3, zero) + add(a3, s5, zero) +
        add(a4, s6, zero) + add(a5, s7, zero) + ecall_a7(1) + li(a0, 0x77) + ecall_a7(2);
    attribute_params ap;
    ap.ear_entries = 5; // launch takes 3: code, data, stack
    ap.keys = 4;        // launch takes 2: program key, data key
    fixture f(g, "aes-128-xts", ap);
    f.launch_steps();
    f.s.steps.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(int32_t(c.x[10]), 0);
        BOOST_CHECK_EQUAL(int32_t(c.x[11]), 0);
        BOOST_CHECK_EQUAL(int32_t(c.x[12]), TR_ENOSPC);
        BOOST_CHECK_EQUAL(c.x[13], (1u << 16) | 1u);
        BOOST_CHECK_EQUAL(c.x[14], (1u << 16) | 2u);
        BOOST_CHECK_EQUAL(int32_t(c.x[15]), TR_ENOSPC);
        return cmd_of(c_resume, 0, 0, 1);
    });
    f.s.steps.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.x[10], 0x77u);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, f.s.steps.size());
    BOOST_CHECK_EQUAL(f.b.control.exit_code(), 0);
    BOOST_CHECK_EQUAL(f.b.stat("ear.refused.no_space"), 2u);
    BOOST_CHECK_EQUAL(f.b.ear.ears().used(), 5u);
}

// A handle names its context: another context using it (tr.region, tr.keydrop) gets TR_EPERM.
BOOST_AUTO_TEST_CASE(handle_of_another_context_refused) {
    assembler g(code_va);
    g.bne(a0, zero, "b");
    g << li(s2, data_va + 0x100) << store_key(s2, 0xabcdef00) << tr_insn(1, 2, a0, s2)
      << ecall_a7(1);
    g.label("b");
    g << li(s0, stack_va) << store_desc(s0, region_va, 0x1000, a1, 2) << tr_insn(1, 0, s1, s0)
      << tr_insn(1, 3, s2, a1) << add(a0, s1, zero) << add(a1, s2, zero) << ecall_a7(1);
    fixture f(g.finish());
    const address_space as2 = f.b.map(0x102000, 0x300000);
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back(just(cmd_of(c_launch, image_pa, as2.satp())));
    s.push_back([&](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 2);
        return cmd_of(c_resume, 0, 0, 1);
    });
    u32 handle = 0;
    s.push_back([&](const kernel_call& c) {
        handle = c.x[10];
        BOOST_CHECK_EQUAL(handle, (1u << 16) | 1u);
        return cmd_of(c_resume, 1, handle, 2);
    });
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.trctx, 2u);
        BOOST_CHECK_EQUAL(int32_t(c.x[10]), TR_EPERM);
        BOOST_CHECK_EQUAL(int32_t(c.x[11]), TR_EPERM);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK(f.b.ear.lookup(2, region_va) == nullptr);
}

// A dropped key's id is scrubbed from the caches before reuse: a new key that gets the same
// id attached to the same frames sees no stale plaintext of the old one.
BOOST_AUTO_TEST_CASE(dropped_key_id_reused_without_stale_plaintext) {
    prog g = li(s0, data_va + 0x100) + li(s1, data_va + 0x200) + store_key(s0, 0x0f0f0000) +
             tr_insn(1, 2, s2, s0) + store_desc(s1, region_va, 0x1000, s2, 2) +
             tr_insn(1, 0, s3, s1) + li(s4, region_va);
    for (u32 i = 0; i < 8; ++i) g = g + store_const(s4, int32_t(4 * i), pattern_base + i * 0x1111);
    g = g + tr_insn(1, 1, s5, s4) + tr_insn(1, 3, s6, s2) + store_key(s0, 0x7a7a0000) +
        tr_insn(1, 2, s7, s0) + store_desc(s1, region_va, 0x1000, s7, 3) + tr_insn(1, 0, s8, s1) +
        lw(s9, s4, 0) + add(a0, s9, zero) + add(a1, s3, zero) + add(a2, s5, zero) +
        add(a3, s6, zero) + add(a4, s8, zero) + add(a5, s2, zero) + add(a6, s7, zero) + ecall_a7(1);
    fixture f(g);
    f.launch_steps();
    f.s.steps.push_back([&](const kernel_call& c) {
        BOOST_CHECK_NE(c.x[10], pattern_base); // no stale plaintext
        for (unsigned r = 11; r <= 14; ++r)
            BOOST_CHECK_MESSAGE(c.x[r] == 0, "a" << r - 10 << " = " << int32_t(c.x[r]));
        BOOST_CHECK_EQUAL(c.x[15], (1u << 16) | 1u);
        BOOST_CHECK_EQUAL(c.x[16], (1u << 16) | 1u);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, f.s.steps.size());
    const ear_entry* e = f.b.ear.lookup(1, region_va);
    BOOST_REQUIRE(e);
    BOOST_CHECK_EQUAL(e->key_id, 3u);                    // the id was reused ...
    BOOST_CHECK_EQUAL(f.b.ear.keys().generation(3), 2u); // ... for the second key
    BOOST_CHECK_GE(f.b.stat("cpu.secure.scrubs"), 1u);
    BOOST_CHECK(f.b.mem.probe_find(pattern_bytes()).empty());
}

namespace {
constexpr u32 secret_word = 0x5ec2e700, public_word = 0x0b11c000;
void run_swap(bool swap) {
    prog g = li(s0, data_va) + li(s1, data_va + 0x1000) + store_const(s0, 0, secret_word) +
             store_const(s1, 0, public_word) + ecall_a7(1) + lw(a0, s1, 0) + ecall_a7(2);
    fixture f(g);
    f.launch_steps();
    const address_space& as = f.as;
    auto& s = f.s.steps;
    if (swap) { // the kernel swaps the two hidden pages' PTEs
        s.push_back(
            just(cmd_of(c_write, as.pte_pa(data_va), leaf(as.frame_of(data_va + 0x1000), 2 | 4))));
        s.push_back(
            just(cmd_of(c_write, as.pte_pa(data_va + 0x1000), leaf(as.frame_of(data_va), 2 | 4))));
        s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
        s.push_back([&](const kernel_call& c) {
            BOOST_CHECK_EQUAL(c.cause, 13u); // load page fault, not the secret
            BOOST_CHECK_EQUAL(c.tval, data_va + 0x1000);
            BOOST_CHECK_EQUAL(c.x[10], 0u);
            return cmd_of(c_exit, 0);
        });
    } else {
        s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
        s.push_back([&](const kernel_call& c) {
            BOOST_CHECK_EQUAL(c.cause, 8u);
            BOOST_CHECK_EQUAL(c.x[10], public_word);
            return cmd_of(c_exit, 0);
        });
    }
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    for (const kernel_call& c : f.b.dev.traps) BOOST_CHECK_NE(c.x[10], secret_word);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.binding_faults"), swap ? 1u : 0u);
}
} // namespace

// The kernel swaps two hidden pages of one context (same key, tweak = PA): the translation to
// a frame bound to another virtual page faults instead of handing the secret over.
BOOST_AUTO_TEST_CASE(swapped_pages_fault_not_leak) {
    run_swap(true);
}

// Control: without the swap the program sends the public value.
BOOST_AUTO_TEST_CASE(unswapped_pages_control) {
    run_swap(false);
}

// PKA from encrypted mode: a secret output outside the hidden region fails (TR_EPERM), inside it
// works; public operands may be plaintext. From the kernel, SHA-256 works on any memory.
BOOST_AUTO_TEST_CASE(pka_secret_outside_hidden_region_fails) {
    auto block = [](std::initializer_list<u32> w) {
        prog p = li(s0, stack_va);
        int32_t off = 0;
        for (u32 v : w) {
            p = p + store_const(s0, off, v);
            off += 4;
        }
        return p;
    };
    prog g = block({plain_va, plain_va + 0x20}) + tr_insn(2, 0, s1, s0) +
             block({data_va + 0x100, plain_va + 0x20}) + tr_insn(2, 0, s2, s0) +
             block({data_va + 0x100, plain_va + 0x20, plain_va + 0x40}) + tr_insn(2, 1, s3, s0) +
             block({data_va + 0x100, plain_va + 0x20, data_va + 0x200}) + tr_insn(2, 1, s4, s0) +
             block({plain_va + 0x20, 32, plain_va + 0x60}) + tr_insn(2, 5, s5, s0) +
             add(a0, s1, zero) + add(a1, s2, zero) + add(a2, s3, zero) + add(a3, s4, zero) +
             add(a4, s5, zero) + ecall_a7(1);
    fixture f(g);
    const u32 blk[] = {scratch_pa + 0x100, 3, scratch_pa + 0x200};
    f.b.mem.probe_write(scratch_pa, reinterpret_cast<const uint8_t*>(blk), sizeof blk);
    f.b.mem.probe_write(scratch_pa + 0x100, secure_bench::words({0x00636261}));
    f.launch_steps();
    auto& s = f.s.steps;
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(int32_t(c.x[10]), TR_EPERM);
        BOOST_CHECK_EQUAL(int32_t(c.x[11]), 0);
        BOOST_CHECK_EQUAL(int32_t(c.x[12]), TR_EPERM);
        BOOST_CHECK_EQUAL(int32_t(c.x[13]), 0);
        BOOST_CHECK_EQUAL(int32_t(c.x[14]), 0);
        return cmd_of(c_sha, scratch_pa);
    });
    for (u32 i = 0; i < 8; ++i) s.push_back(just(cmd_of(c_read, scratch_pa + 0x200 + 4 * i)));
    s.push_back(just(cmd_of(c_exit, 0)));
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_REQUIRE_EQUAL(f.b.dev.log.size(), 10u); // launch, sha, 8 digest words
    BOOST_CHECK_EQUAL(f.b.dev.log[1], 0u);
    sealing::bytes digest(32);
    sealing::sha256(sealing::cspan(std::string("abc")), digest);
    BOOST_CHECK(std::memcmp(&f.b.dev.log[2], digest.data(), 32) == 0);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.op.pka"), 6u);
}
