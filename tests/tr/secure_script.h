#pragma once
// The scripted kernel of the secure-unit tests: a list of steps, each answering one call of
// the M-mode stub (secure_bench.h) with the next command, and the fixture that seals and
// places a protected program in the standard layout. Shared by the test_secure_* files.

#include "secure_bench.h"

#include <boost/test/unit_test.hpp>

namespace trvp::test {

using namespace rv;

using step = std::function<command(const kernel_call&)>;
struct script {
    std::vector<step> steps;
    size_t next = 0;
    command operator()(const kernel_call& c) {
        if (next >= steps.size()) {
            BOOST_ERROR("the kernel script ran out at call " << next << " (cause " << std::hex
                                                             << c.cause << ")");
            return {c_exit, 99};
        }
        return steps[next++](c);
    }
};

inline command cmd_of(u32 code, u32 a0 = 0, u32 a1 = 0, u32 a2 = 0) {
    return {code, a0, a1, a2};
}
inline step just(command c) {
    return [c](const kernel_call&) { return c; };
}
inline int32_t last(const secure_bench& b) {
    return b.dev.log.empty() ? 0x7fffffff : int32_t(b.dev.log.back());
}

inline rv::prog ecall_a7(u32 v) {
    return li(a7, v) + ecall();
}
/** Stores the 16-byte key {k, k+1, k+2, k+3} (words) at base register r. */
inline rv::prog store_key(u32 r, u32 k) {
    return store_const(r, 0, k) + store_const(r, 4, k + 1) + store_const(r, 8, k + 2) +
           store_const(r, 12, k + 3);
}
/** Stores a region descriptor {va, size, handle register, flags} at base register r. */
inline rv::prog store_desc(u32 r, u32 va, u32 size, u32 handle_reg, u32 flags) {
    return store_const(r, 0, va) + store_const(r, 4, size) + sw(handle_reg, r, 8) +
           store_const(r, 12, flags);
}
inline u32 pat(unsigned i) {
    return (0x01010101u * i) ^ 0xa5000000u;
}
/**
 * The register round trip both context-save tests run: every register but x27 holds pat(i)
 * across a countdown long enough for a timer interrupt, then across system call 1 (which
 * must return 0x5eed0001 in a0, and 0x5eed0002 in a1 when `check_a1`); exits with system
 * call 2, a0 = 1 when everything survived, a0 = 0 at label "fail".
 */
inline void register_round_trip(assembler& g, bool check_a1) {
    for (u32 i = 1; i < 32; ++i)
        if (i != 27) g << li(i, pat(i));
    g << li(27, 20000);
    g.label("loop");
    g << addi(27, 27, -1);
    g.bne(27, zero, "loop");
    for (u32 i = 1; i < 32; ++i) {
        if (i == 27) continue;
        g << li(27, pat(i));
        g.bne(i, 27, "fail");
    }
    g << ecall_a7(1);
    g << li(27, 0x5eed0001);
    g.bne(a0, 27, "fail");
    if (check_a1) {
        g << li(27, 0x5eed0002);
        g.bne(a1, 27, "fail");
    }
    for (u32 i : {1u, 2u, 5u, 9u, 18u, 31u}) {
        g << li(27, pat(i));
        g.bne(i, 27, "fail");
    }
    g << li(a0, 1) << ecall_a7(2);
    g.label("fail");
    g << li(a0, 0) << ecall_a7(2);
}
inline const sealing::bytes marker = {'M', 'A', 'R', 'K', 'E', 'R', '-', '0', '1', '2', '3',
                                      '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e',
                                      'f', '-', 'S', 'E', 'C', 'R', 'E', 'T', '!', '!'};

/** Options of a fixture beyond the program. */
struct fixture_opts {
    std::string mode = "aes-128-xts";
    attribute_params ap{};
    secure_params sp{};
    bool fast_path = true;
    sealing::bytes image;   // empty: secure_bench::seal(code, marker)
    bool ownership = false; // frame ownership checked at the L1D
};

// Seals `code` (unless opts.image is given), places it at image_pa and maps the standard
// layout; launch_steps() adds the launch and first resume of context 1.
struct fixture {
    secure_bench b;
    address_space as;
    sealing::bytes image;
    script s;
    fixture(const rv::prog& code, const std::string& mode = "aes-128-xts", attribute_params ap = {})
        : fixture(code, fixture_opts{mode, ap, {}, true, {}, false}) {}
    fixture(const rv::prog& code, const fixture_opts& o)
        : b(o.mode, o.ap, o.sp, o.fast_path, o.ownership), as(b.map(0x100000, 0x200000)),
          image(o.image.empty() ? secure_bench::seal(code, marker) : o.image) {
        b.mem.probe_write(image_pa, image);
        b.dev.brain = std::ref(s);
    }
    void launch_steps() {
        s.steps.push_back(just(cmd_of(c_launch, image_pa, as.satp())));
        s.steps.push_back([this](const kernel_call&) {
            BOOST_CHECK_EQUAL(last(b), 1);
            return cmd_of(c_resume, 0, 0, 1);
        });
    }
};

} // namespace trvp::test
