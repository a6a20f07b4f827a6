#pragma once
// Test fixture: a hart on a flat memory (1 MiB at 0x80000000) with an exit device.
#include "asm.h"
#include "flat_memory.h"
#include "hart.h"

#include <memory>
#include <ostream>

namespace trvp::core {
inline std::ostream& operator<<(std::ostream& o, privilege p) {
    return o << int(p);
}
inline std::ostream& operator<<(std::ostream& o, run_state s) {
    return o << int(s);
}
} // namespace trvp::core

namespace trvp::core::test {

using rv::operator+;

constexpr uint32_t ram_base = 0x80000000u;
constexpr uint32_t exit_addr = 0x10000000u; // a store here stops the hart
constexpr std::array<uint32_t, num_access_types> latencies = {2, 3, 4, 5}; // fetch/load/store/walk

/** Stores x0 to the exit device (3 words, clobbers t6). */
inline rv::prog exit_seq() {
    return {rv::lui(rv::t6, exit_addr >> 12), rv::sw(rv::zero, rv::t6, 0)};
}

struct machine {
    flat_memory mem{ram_base, 1u << 20, latencies};
    std::unique_ptr<hart> h;
    uint32_t exit_value = 0;
    bool exited = false;

    explicit machine(hart_params p = {}) {
        p.reset_pc = ram_base;
        h = std::make_unique<hart>(p, mem);
        mem.mmio_write = [this](const mem_access& a, uint32_t v) {
            if (a.pa != exit_addr) return false;
            exit_value = v;
            exited = true;
            h->request_stop();
            return true;
        };
    }
    void load(const rv::prog& p, uint32_t addr = ram_base) { mem.load(addr, p); }
    /** Runs until the exit device is written (or max_cycles). */
    run_state run(uint64_t max_cycles = 1000000) { return h->run(h->cycles() + max_cycles); }
    uint32_t x(unsigned i) const { return h->reg(i); }
    uint32_t csr(uint16_t a) const {
        uint32_t v = 0;
        h->csr_read(a, v);
        return v;
    }
};

/** Loads `p` followed by the exit sequence, runs it, and returns the machine. */
inline std::unique_ptr<machine> run_program(const rv::prog& p, hart_params params = {}) {
    auto m = std::make_unique<machine>(params);
    m->load(p + exit_seq());
    m->run();
    return m;
}

constexpr uint32_t handler_at = ram_base + 0x800; // record_handler() goes here
constexpr uint32_t user_at = ram_base + 0x2000;   // code run in a lower mode

/** mtvec = addr (3 words, clobbers t0). */
inline rv::prog set_mtvec(uint32_t addr) {
    return rv::li(rv::t0, addr) + rv::csrw(0x305, rv::t0);
}
/** mret to `target` in mode `mpp` (7 words, clobbers t0; mstatus.MPP must be 0). */
inline rv::prog to_mode(unsigned mpp, uint32_t target) {
    return rv::li(rv::t0, target) + rv::csrw(0x341, rv::t0) + rv::li(rv::t0, mpp << 11) +
           rv::csrrs(rv::zero, 0x300, rv::t0) + rv::mret();
}
/** M-mode handler: a0 = mcause, a1 = mtval, a2 = mepc, a3 = mstatus, then exit. */
inline rv::prog record_handler() {
    return rv::prog{rv::csrr(rv::a0, 0x342), rv::csrr(rv::a1, 0x343), rv::csrr(rv::a2, 0x341),
                    rv::csrr(rv::a3, 0x300)} +
           exit_seq();
}
/** Runs `main` (M-mode, at ram_base) with record_handler() at handler_at and mtvec set. */
inline std::unique_ptr<machine> run_with_handler(const rv::prog& main, const rv::prog& user = {},
                                                 hart_params params = {}) {
    auto m = std::make_unique<machine>(params);
    m->load(set_mtvec(handler_at) + main + exit_seq());
    m->load(record_handler(), handler_at);
    if (!user.empty()) m->load(user + exit_seq(), user_at);
    m->run();
    return m;
}

} // namespace trvp::core::test
