// The fault path (docs/tr-isa.md, "Contexts killed by memory"): a protected context whose
// access memory refuses for integrity or frame ownership is killed by the secure unit, and
// the kernel learns why from the trap, tr.info and tr.resume. Integrity refusals come from a
// gate between the L1D and the L2 (secure_bench.h) that answers as an integrity check would.
#define BOOST_TEST_MODULE secure_kill
#include "../common/sc_test_main.h"

#include "secure_script.h"

using namespace trvp;
using namespace trvp::test;
using namespace rv;

namespace {

// After the kill: the context is reported killed, cannot be resumed, and tr.destroy frees it.
void after_kill_steps(fixture& f, u32 cause, int32_t code) {
    auto& s = f.s.steps;
    s.push_back([&f, cause, code](const kernel_call& c) {
        BOOST_CHECK(c.trap);
        BOOST_CHECK_EQUAL(c.cause, cause);
        BOOST_CHECK_EQUAL(c.tval, u32(code));
        BOOST_CHECK_EQUAL(c.epc, 0u);
        BOOST_CHECK_EQUAL(c.trctx, 1u);
        for (unsigned i = 1; i < 32; ++i) BOOST_CHECK_MESSAGE(c.x[i] == 0, "x" << i << " visible");
        BOOST_CHECK(f.b.ear.frames().empty()); // bindings, entries and keys are gone
        BOOST_CHECK(f.b.ear.owners().owned() == 0u);
        return cmd_of(c_info, 1);
    });
    s.push_back([&f](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_CTX_KILLED);
        return cmd_of(c_resume, 0, 0, 1);
    });
    s.push_back([&f, code](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), code);
        return cmd_of(c_destroy, 1);
    });
    s.push_back([&f](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_OK);
        return cmd_of(c_info, 1);
    });
    s.push_back([&f](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), TR_CTX_FREE);
        return cmd_of(c_exit, 0);
    });
}

void finish(fixture& f) {
    f.b.run();
    BOOST_CHECK_EQUAL(f.b.control.exit_code(), 0);
    BOOST_CHECK_EQUAL(f.s.next, f.s.steps.size());
}

// The kernel maps the process's plaintext buffer onto the process's own hidden data frame:
// the process's plaintext (key id 0) store would overwrite its ciphertext there.
rv::prog alias_store_program() {
    assembler g(code_va);
    g << li(s0, plain_va) << store_const(s0, 0, 0x1234) << li(a0, 1) << ecall_a7(1);
    g.label("spin");
    g.j("spin");
    return g.finish();
}

fixture_opts with_ownership(bool on) {
    fixture_opts o;
    o.ownership = on;
    return o;
}

void alias_the_plain_page(fixture& f) {
    f.b.poke(f.as.pte_pa(plain_va), leaf(f.as.frame_of(data_va), 2 | 4));
}

} // namespace

BOOST_AUTO_TEST_CASE(ownership_refusal_kills_the_context) {
    fixture f(alias_store_program(), with_ownership(true));
    alias_the_plain_page(f);
    f.launch_steps();
    after_kill_steps(f, 7, TR_EOWNER);
    finish(f);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ownership_kills"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.integrity_kills"), 0u);
    BOOST_CHECK_EQUAL(f.b.stat("l1d.ownership.refused_writes"), 1u);
}

// Control: without the check the plaintext store lands in the hidden frame and the process
// runs on to its system call.
BOOST_AUTO_TEST_CASE(control_without_ownership_the_alias_store_goes_through) {
    fixture f(alias_store_program(), with_ownership(false));
    alias_the_plain_page(f);
    f.launch_steps();
    f.s.steps.push_back([](const kernel_call& c) {
        BOOST_CHECK_EQUAL(c.cause, 8u);
        BOOST_CHECK_EQUAL(c.x[10], 1u);
        return cmd_of(c_destroy, 1);
    });
    f.s.steps.push_back(just(cmd_of(c_exit, 0)));
    finish(f);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.ownership_kills"), 0u);
}

// An integrity refusal of a load's refill: the load never returns data; the context dies.
BOOST_AUTO_TEST_CASE(integrity_refusal_of_a_load_kills_the_context) {
    assembler g(code_va);
    g << li(s0, data_va) << lw(t0, s0, 0) << li(a0, 1) << ecall_a7(1);
    g.label("spin");
    g.j("spin");
    fixture f(g.finish());
    f.s.steps.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    f.s.steps.push_back([&f](const kernel_call&) {
        BOOST_CHECK_EQUAL(last(f.b), 1);
        f.b.gate.fail_base = f.as.frame_of(data_va); // from now on, as if the line was altered
        f.b.gate.fail_size = 0x1000;
        return cmd_of(c_resume, 0, 0, 1);
    });
    after_kill_steps(f, 5, TR_EINTEGRITY);
    finish(f);
    BOOST_CHECK(f.b.gate.refused >= 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.integrity_kills"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.exits"), 1u);
}

// The same refusal of a TR operand (tr.keyload reading its key from the hidden data): the
// instruction does not return an error code to the context, the context dies.
BOOST_AUTO_TEST_CASE(integrity_refusal_of_an_operand_kills_the_context) {
    assembler g(code_va);
    g << li(s0, data_va + 0x40) << tr_insn(1, 2, a0, s0) << ecall_a7(1);
    g.label("spin");
    g.j("spin");
    fixture f(g.finish());
    f.s.steps.push_back(just(cmd_of(c_launch, image_pa, f.as.satp())));
    f.s.steps.push_back([&f](const kernel_call&) {
        f.b.gate.fail_base = f.as.frame_of(data_va);
        f.b.gate.fail_size = 0x1000;
        return cmd_of(c_resume, 0, 0, 1);
    });
    after_kill_steps(f, 5, TR_EINTEGRITY);
    finish(f);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.integrity_kills"), 1u);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.op.keyload"), 1u);
}

// A plain (unprotected) access refused this way is just an access fault: nobody is killed.
BOOST_AUTO_TEST_CASE(a_plaintext_access_refused_gets_only_the_access_fault) {
    fixture f(alias_store_program());
    f.s.steps.push_back([&f](const kernel_call&) {
        f.b.gate.fail_base = scratch_pa;
        f.b.gate.fail_size = 0x1000;
        return cmd_of(c_read, scratch_pa + 0x200);
    });
    f.s.steps.push_back([&f](const kernel_call& c) {
        BOOST_CHECK(c.trap);
        BOOST_CHECK_EQUAL(c.cause, 5u);
        BOOST_CHECK_EQUAL(c.tval, scratch_pa + 0x200);
        return cmd_of(c_exit, 0);
    });
    finish(f);
    BOOST_CHECK_EQUAL(f.b.stat("cpu.secure.integrity_kills"), 0u);
}
