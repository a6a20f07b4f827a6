/* isa_test: every RV32I/M, Zicsr and Zifencei instruction with edge cases, plus the
 * M-mode traps. One line per group, then "isa_test: N checks passed" and exit 0.
 * Lines marked [impl] report implementation-defined behaviour and carry no checks,
 * so N and the unmarked lines are the same on QEMU and on any correct core. */
#include "isa_test.h"

unsigned checks, failures;
static const char* group;
static unsigned group_failures;

void check(const char* what, uint32_t got, uint32_t want) {
    checks++;
    if (got != want) {
        failures++;
        group_failures++;
        printf("FAIL %s: %s: got 0x%08x want 0x%08x\n", group, what, got, want);
    }
}

static void begin(const char* name) {
    group = name;
    group_failures = 0;
}

static void end(void) {
    if (group_failures)
        printf("%s: FAILED (%u)\n", group, group_failures);
    else
        printf("%s: ok\n", group);
}

/* ---- trap hook shared by the trap groups: record, then skip the instruction ---- */
struct trap_seen trap_seen;

static void record_trap(struct trap_frame* f) {
    trap_seen.count++;
    trap_seen.cause = f->cause;
    trap_seen.epc = f->epc;
    trap_seen.tval = f->tval;
    trap_seen.status = f->status;
    f->epc += insn_length_at(f->epc); /* 2 for a compressed one (the rv32imac build) */
}

void expect_trap_begin(void) {
    trap_seen.count = 0;
    trap_seen.cause = trap_seen.epc = trap_seen.tval = 0xdeadbeef;
    set_m_trap_hook(record_trap);
}

void expect_trap_end(void) {
    set_m_trap_hook(0);
}

int main(void) {
    puts("isa_test: RV32IM + Zicsr + Zifencei");
    begin("alu");
    test_alu();
    end();
    begin("branch");
    test_branch();
    end();
    begin("jump");
    test_jump();
    end();
    begin("load/store");
    test_load_store();
    end();
    begin("mul");
    test_mul();
    end();
    begin("div");
    test_div();
    end();
    begin("csr");
    test_csr();
    end();
    begin("counters");
    test_counters();
    end();
    begin("misaligned");
    test_misaligned();
    end();
    begin("illegal");
    test_illegal();
    end();
    begin("ecall/ebreak");
    test_ecall_ebreak();
    end();
    begin("fence.i");
    test_fence_i();
    end();

    if (failures) {
        printf("isa_test: %u of %u checks FAILED\n", failures, checks);
        return 1;
    }
    printf("isa_test: %u checks passed\n", checks);
    return 0;
}
