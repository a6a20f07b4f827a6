// The EAR entries' perms in encrypted mode, and the secure unit's hardware A/D bits (docs/
// tr-isa.md): a real core, caches, EU and DRAM, the scripted M-mode kernel of secure_bench.h.
// The kernel here maps pages more permissively than the manifest (as a malicious kernel may),
// so only the EAR perms stand between the program and the access.
#define BOOST_TEST_MODULE secure_perms
#include "../common/sc_test_main.h"

#include "secure_script.h"

using namespace trvp;
using namespace trvp::test;
using namespace rv;

namespace {

constexpr u32 rodata_va = data_va + 0x8000; // frame: frames + 0x9000 (address_space::frame_of)
constexpr u32 ro_word = 0x600dc0de;
constexpr u32 V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;

/** A leaf PTE exactly as given (no implied A/D/U). */
u32 raw_leaf(u32 pa, u32 flags) {
    return ((pa >> 12) << 10) | flags;
}

// Loads from its read-only data (filling the TLB), stores into its data, loads the read-only
// word again (a TLB hit) and then stores to it: the store must fault. Unreachable after it.
rv::prog rodata_program() {
    return li(s0, rodata_va) + lw(s1, s0, 4) + li(s2, data_va + 0x100) + sw(s1, s2, 0) +
           lw(t0, s0, 4) + li(t1, 0xbad0bad0) + sw(t1, s0, 4) + li(a0, 0xbad) + ecall_a7(1);
}

void run_rodata(bool fast_path) {
    fixture_opts o;
    o.mode = "none"; // the control read below sees the frame's plaintext
    o.fast_path = fast_path;
    o.image =
        secure_bench::seal(rodata_program(), marker, "bench-seal",
                           {{rodata_va, 1, sealing::perm_r, secure_bench::words({0, ro_word})}});
    fixture f(rodata_program(), o);
    const u32 ro_frame = f.as.frame_of(rodata_va);
    f.b.poke(f.as.pte_pa(rodata_va), leaf(ro_frame, R | W)); // the kernel maps it writable
    f.launch_steps();
    auto& s = f.s.steps;
    auto fault = [&](const kernel_call& c) {
        BOOST_CHECK(c.trap);
        BOOST_CHECK_EQUAL(c.cause, 15u); // store page fault
        BOOST_CHECK_EQUAL(c.tval, rodata_va);
        BOOST_CHECK_EQUAL(c.epc, 0u);
        BOOST_CHECK_EQUAL(c.trctx, 1u);
        for (unsigned i = 1; i < 32; ++i) BOOST_CHECK_MESSAGE(c.x[i] == 0, "x" << i << " visible");
    };
    s.push_back([&](const kernel_call& c) {
        fault(c);
        // The entries' perms come from the manifest; the stack is RW.
        const ear_entry* code = f.b.ear.lookup(1, code_va);
        const ear_entry* data = f.b.ear.lookup(1, data_va);
        const ear_entry* ro = f.b.ear.lookup(1, rodata_va);
        const ear_entry* stack = f.b.ear.lookup(1, stack_va);
        BOOST_REQUIRE(code && data && ro && stack);
        BOOST_CHECK_EQUAL(int(code->perms), ear_r | ear_x);
        BOOST_CHECK_EQUAL(int(data->perms), ear_r | ear_w);
        BOOST_CHECK_EQUAL(int(ro->perms), ear_r);
        BOOST_CHECK(ro->kind == ear_kind::hidden);
        BOOST_CHECK_EQUAL(int(stack->perms), ear_r | ear_w);
        return cmd_of(c_resume, 0, 0, 1); // again: the store faults again, nothing cached
    });
    s.push_back([&](const kernel_call& c) {
        fault(c);
        return cmd_of(c_destroy, 1); // writes the context's lines back (EU mode none)
    });
    s.push_back(just(cmd_of(c_read, ro_frame + 4)));
    s.push_back(just(cmd_of(c_read, f.as.frame_of(data_va) + 0x100)));
    s.push_back(just(cmd_of(c_exit, 0)));
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_REQUIRE_EQUAL(f.b.dev.log.size(), 4u); // launch, destroy, two reads
    BOOST_CHECK_EQUAL(f.b.dev.log[2], ro_word);  // the store never reached memory
    BOOST_CHECK_EQUAL(f.b.dev.log[3], ro_word);  // the store to data did
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.perm_faults"), 2u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.exceptions.store_page_fault"), 2u);
}

} // namespace

// A store to read-only data traps although the kernel mapped the page writable and a load had
// filled the TLB for it; the kernel sees the cause and the page only; the word is unchanged.
// With the fast paths (the L1's direct-call path) ...
BOOST_AUTO_TEST_CASE(store_to_read_only_data_traps_fast_path) {
    run_rodata(true);
}

// ... and with every access through TLM.
BOOST_AUTO_TEST_CASE(store_to_read_only_data_traps_full_path) {
    run_rodata(false);
}

namespace {

// Creates regions R, W, RW (explicit) and RW (perms 0), one page each, from region_va; probes
// them with loads, stores and tr.pka; reports; then (second ecall's result a0) stores into
// the R region (a0 = 0) or loads from the W region (a0 = 1).
rv::prog region_program() {
    assembler g(code_va);
    const u32 flags[] = {1u << 3, 2u << 3, 3u << 3, 0, 1u << 5};
    const u32 res[] = {s1, s2, s3, s4, s5};
    g << li(s0, stack_va);
    for (u32 i = 0; i < 5; ++i)
        g << store_desc(s0, region_va + i * 0x1000, 0x1000, zero, flags[i])
          << tr_insn(1, 0, res[i], s0);
    // loads and stores that are allowed
    g << li(t2, region_va) << lw(s6, t2, 0);                                // R: reads 0
    g << li(t2, region_va + 0x1000) << li(t1, 0x11110001) << sw(t1, t2, 0); // W
    g << li(t2, region_va + 0x2000) << li(t1, 0x22220002) << sw(t1, t2, 0) << lw(s7, t2, 0);
    g << li(t2, region_va + 0x3000) << li(t1, 0x33330003) << sw(t1, t2, 0) << lw(s8, t2, 0);
    // tr.pka sha256 of "abc" (plaintext page) into R (refused), into W (allowed); from W
    // (refused: the unit's read is a load)
    g << li(t2, plain_va) << store_const(t2, 0, 0x00636261);
    auto sha = [&](u32 msg, u32 out, u32 rd) {
        g << li(t2, stack_va + 0x40) << store_const(t2, 0, msg) << store_const(t2, 4, 3)
          << store_const(t2, 8, out) << tr_insn(2, 5, rd, t2);
    };
    sha(plain_va, region_va, s9);
    sha(plain_va, region_va + 0x1000, s10);
    sha(region_va + 0x1000, plain_va + 0x100, s11);
    g << add(a0, s1, zero) << add(a1, s2, zero) << add(a2, s3, zero) << add(a3, s4, zero)
      << add(a4, s5, zero) << add(a5, s6, zero) << add(a6, s7, zero) << ecall_a7(1);
    g << add(a0, s8, zero) << add(a1, s9, zero) << add(a2, s10, zero) << add(a3, s11, zero)
      << ecall_a7(2);
    g.bne(a0, zero, "load_w");
    g << li(t2, region_va) << li(t1, 0xbad0bad0) << sw(t1, t2, 8) << ecall_a7(3);
    g.label("load_w");
    g << li(t2, region_va + 0x1000) << lw(a0, t2, 8) << ecall_a7(3);
    return g.finish();
}

} // namespace

// Regions get the perms their descriptor names (bits 4:3; 0 = RW as before): a read-only
// region reads (zero-filled) but refuses stores and tr.pka writes; a write-only region takes
// stores and tr.pka writes but refuses loads; unknown flag bits are TR_EINVAL. Two contexts of
// one image: the first then stores into its R region, the second loads from its W region.
BOOST_AUTO_TEST_CASE(regions_take_descriptor_perms) {
    fixture f(region_program());
    const address_space as2 = f.b.map(0x102000, 0x300000);
    auto& s = f.s.steps;
    s.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    s.push_back(just(cmd_of(c_launch, image_pa, as2.satp())));
    for (u32 ctx : {1u, 2u}) {
        s.push_back(just(cmd_of(c_resume, 0, 0, ctx)));
        s.push_back([&, ctx](const kernel_call& c) {
            BOOST_CHECK_EQUAL(c.x[17], 1u);
            for (unsigned i = 0; i < 4; ++i)
                BOOST_CHECK_MESSAGE(c.x[10 + i] == 0,
                                    "region " << i << ": " << int32_t(c.x[10 + i]));
            BOOST_CHECK_EQUAL(int32_t(c.x[14]), TR_EINVAL); // unknown flag bit
            BOOST_CHECK_EQUAL(c.x[15], 0u);                 // the R region reads zeros
            BOOST_CHECK_EQUAL(c.x[16], 0x22220002u);
            const ear_entry* r = f.b.ear.lookup(uint16_t(ctx), region_va);
            const ear_entry* w = f.b.ear.lookup(uint16_t(ctx), region_va + 0x1000);
            const ear_entry* rw0 = f.b.ear.lookup(uint16_t(ctx), region_va + 0x3000);
            BOOST_REQUIRE(r && w && rw0);
            BOOST_CHECK_EQUAL(int(r->perms), ear_r);
            BOOST_CHECK_EQUAL(int(w->perms), ear_w);
            BOOST_CHECK_EQUAL(int(rw0->perms), ear_r | ear_w);
            BOOST_CHECK(f.b.ear.lookup(uint16_t(ctx), region_va + 0x4000) == nullptr);
            return cmd_of(c_resume, 0, 0, ctx);
        });
        s.push_back([&, ctx](const kernel_call& c) {
            BOOST_CHECK_EQUAL(c.x[17], 2u);
            BOOST_CHECK_EQUAL(c.x[10], 0x33330003u);
            BOOST_CHECK_EQUAL(int32_t(c.x[11]), TR_EFAULT); // sha256 output into R
            BOOST_CHECK_EQUAL(int32_t(c.x[12]), 0);         // ... into W
            BOOST_CHECK_EQUAL(int32_t(c.x[13]), TR_EFAULT); // message from W
            return cmd_of(c_resume, ctx - 1, 0, ctx);       // 0: store to R, 1: load from W
        });
        s.push_back([&, ctx](const kernel_call& c) {
            BOOST_CHECK_EQUAL(c.cause, ctx == 1 ? 15u : 13u);
            BOOST_CHECK_EQUAL(c.tval, ctx == 1 ? region_va : region_va + 0x1000);
            BOOST_CHECK_EQUAL(c.x[10], 0u);
            BOOST_CHECK_EQUAL(c.trctx, ctx);
            return ctx == 1 ? cmd_of(c_info, 1) : cmd_of(c_exit, 0);
        });
    }
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    // Per context: two tr.pka refusals and one faulting access.
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.perm_faults"), 6u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.exceptions.store_page_fault"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.exceptions.load_page_fault"), 1u);
}

// Code sealed execute-only runs, but a load from it faults, even when the kernel maps the page
// R+X and sets mstatus.MXR (which lets loads read executable pages by the PTE alone).
BOOST_AUTO_TEST_CASE(execute_only_code_refuses_loads_even_with_mxr) {
    const rv::prog code = li(s0, code_va) + lw(s1, s0, 0) + add(a0, s1, zero) + ecall_a7(1);
    fixture_opts o;
    o.image = secure_bench::seal(code, marker, "bench-seal", {}, sealing::perm_x);
    fixture f(code, o);
    auto& s = f.s.steps;
    s.push_back([&](const kernel_call&) {
        uint32_t st = 0;
        f.b.core.hart().csr_read(0x300, st);
        f.b.core.hart().csr_write(0x300, st | (1u << 19)); // MXR
        return cmd_of(c_launch, image_pa, f.as.satp());
    });
    s.push_back(just(cmd_of(c_resume, 0, 0, 1)));
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 13u);
        BOOST_CHECK_EQUAL(c.tval, code_va);
        BOOST_CHECK_EQUAL(c.x[10], 0u);
        const ear_entry* e = f.b.ear.lookup(1, code_va);
        BOOST_REQUIRE(e);
        BOOST_CHECK_EQUAL(int(e->perms), ear_x);
        return cmd_of(c_exit, 0);
    });
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.perm_faults"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.fetch_faults"), 0u);
}

// The secure unit's walks set A (access) and D (write) in the leaf PTEs as the hart's walker
// does, through the data path: launch writes every page (A+D), a created region is written
// (A+D), an attached one only accessed (A), a tr.pka message is read (A), its output written
// (A+D). The program's own load and store set the same bits through the hart's walker.
BOOST_AUTO_TEST_CASE(secure_walk_sets_accessed_and_dirty) {
    assembler g(code_va);
    g << li(s0, stack_va) << store_desc(s0, region_va, 0x1000, zero, 0) << tr_insn(1, 0, s1, s0)
      << store_desc(s0, region_va + 0x1000, 0x1000, zero, 1) << tr_insn(1, 0, s2, s0);
    g << li(t2, stack_va + 0x40) << store_const(t2, 0, region_va + 0x4000) << store_const(t2, 4, 3)
      << store_const(t2, 8, region_va + 0x5000) << tr_insn(2, 5, s3, t2);
    g << li(t2, region_va + 0x6000) << lw(s4, t2, 0) << li(t2, region_va + 0x7000) << sw(s4, t2, 0);
    g << add(a0, s1, zero) << add(a1, s2, zero) << add(a2, s3, zero) << ecall_a7(1);
    fixture f(g.finish());
    const address_space& as = f.as;
    // Leaves without A/D: code RX, data/stack RW, regions RW, the message page R.
    auto m = [&](u32 va, u32 flags) { f.b.poke(as.pte_pa(va), raw_leaf(as.frame_of(va), flags)); };
    m(code_va, V | R | X | U);
    for (u32 va : {data_va, data_va + 0x1000, stack_va, plain_va}) m(va, V | R | W | U);
    for (u32 i = 0; i < 8; ++i) m(region_va + i * 0x1000, V | R | W | U);
    m(region_va + 0x4000, V | R | U);
    f.launch_steps();
    auto& s = f.s.steps;
    const u32 vas[] = {code_va,
                       data_va,
                       data_va + 0x1000,
                       stack_va,
                       plain_va,
                       region_va,
                       region_va + 0x1000,
                       region_va + 0x4000,
                       region_va + 0x5000,
                       region_va + 0x6000,
                       region_va + 0x7000};
    s.push_back([&](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.x[10], 0u);
        BOOST_CHECK_EQUAL(c.x[11], 0u);
        BOOST_CHECK_EQUAL(c.x[12], 0u);
        return cmd_of(c_read, as.pte_pa(vas[0])); // the kernel reads the PTEs (plaintext path)
    });
    for (size_t i = 1; i < std::size(vas); ++i)
        s.push_back(just(cmd_of(c_read, as.pte_pa(vas[i]))));
    s.push_back(just(cmd_of(c_exit, 0)));
    f.b.run();
    BOOST_CHECK_EQUAL(f.s.next, s.size());
    BOOST_REQUIRE_EQUAL(f.b.dev.log.size(), 1u + std::size(vas));
    const u32 want[] = {A | D, A | D, A | D, A | D, 0, A | D, A, A, A | D, A, A | D};
    for (size_t i = 0; i < std::size(vas); ++i) {
        const u32 pte = f.b.dev.log[1 + i];
        BOOST_CHECK_MESSAGE((pte & (A | D)) == want[i],
                            "va 0x" << std::hex << vas[i] << ": pte 0x" << pte);
        BOOST_CHECK_EQUAL(pte >> 10, as.frame_of(vas[i]) >> 12); // only A/D changed
    }
}
