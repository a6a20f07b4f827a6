// Micro benchmark of the pure interpreter: a compute loop (alu, mul, load/store, branch) on a
// flat memory with the fast path, M-mode. Usage: bench_iss [million instructions] [slow]
#include "asm.h"
#include "flat_memory.h"
#include "hart.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

using namespace trvp::core;
using namespace rv;

int main(int argc, char** argv) {
    double millions = argc > 1 ? std::atof(argv[1]) : 100.0;
    bool slow = argc > 2 && std::strcmp(argv[2], "slow") == 0;
    const uint32_t base = 0x80000000u;
    flat_memory mem(base, 1u << 20, {1, 1, 1, 1});
    hart_params p;
    p.reset_pc = base;
    p.fast_path = !slow;
    hart h(p, mem);
    // Loop of 10 instructions: array sum with a multiply, store and loop-carried branch.
    prog loop = li(s0, base + 0x10000) + prog{addi(a0, zero, 0), addi(a1, zero, 0)} +
                prog{andi(t0, a0, 1023), slli(t0, t0, 2), add(t0, t0, s0),    lw(t1, t0, 0),
                     mul(t2, t1, a0),    add(a1, a1, t2), xori(t2, a1, 0x55), sw(t2, t0, 0),
                     addi(a0, a0, 1),    jal(zero, -36)};
    mem.load(base, loop);
    uint64_t target = uint64_t(millions * 1e6);
    auto cpu = [] {
        timespec ts;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
    };
    double c0 = cpu();
    auto t0 = std::chrono::steady_clock::now();
    // Run in quanta, as the SystemC wrapper does.
    while (h.instret() < target) h.run(h.cycles() + 100000);
    auto t1 = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(t1 - t0).count();
    double c = cpu() - c0; // CPU time: the machine is shared, wall time is noisy
    std::printf("%llu instructions, %llu cycles, wall %.3f s (%.1f MIPS), cpu %.3f s (%.1f MIPS), "
                "%s path\n",
                (unsigned long long)h.instret(), (unsigned long long)h.cycles(), s,
                double(h.instret()) / s / 1e6, c, double(h.instret()) / c / 1e6,
                slow ? "slow" : "fast");
    return 0;
}
