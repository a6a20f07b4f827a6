#define BOOST_TEST_MODULE system_tr_perms
// The tamper-resistant core at system level, page permissions: a protected program's EAR
// entries (descriptor perms) refuse stores and loads even where the untrusted kernel maps
// the page otherwise (configs/tr.yaml, firmware/tr_tests/perms.c).
#include "tr_helpers.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace trvp::systest;

namespace {
trvp_run perms(uint32_t arg, unsigned attacker) {
    trvp_run r = tr("xts", "[{file: u_tr_perms.sealed}]",
                    "[{image: u_tr_perms.sealed, arg: " + std::to_string(arg) + "}]");
    r.set("firmware.boot.attacker=" + std::to_string(attacker));
    return r;
}

// "<prefix> ... at va 0x%08x" of a transcript line: the page of that address.
uint32_t reported_page(const std::string& out, const std::string& prefix) {
    std::smatch m;
    const std::regex re(prefix + "[^\n]* at va 0x([0-9a-f]{8})");
    if (!std::regex_search(out, m, re)) return 0;
    return uint32_t(std::stoul(m[1].str(), nullptr, 16)) & ~0xfffu;
}

std::string hex8(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%08x", v);
    return b;
}
} // namespace

BOOST_FIXTURE_TEST_SUITE(tr_core, images_built)

BOOST_AUTO_TEST_CASE(store_to_read_only_data_traps_even_when_mapped_writable) {
    // Attacker 4 maps the rodata segment R+W: only its EAR entry (perms R) refuses the store.
    const std::string kill = "kernel: pid 1 killed: store page fault (scause 15, stval ";
    auto r = perms(1, 4).out(scratch_dir() + "/attack").run();
    BOOST_TEST(r.status == 1, r); // the guest reports the killed process
    BOOST_TEST(r.out_has("perms: rodata word 0x00ddba11 at va"), r.out);
    const uint32_t page = reported_page(r.out, "perms: rodata word");
    BOOST_TEST(page != 0u, r.out);
    BOOST_TEST(r.out_has(kill + hex8(page) + ")"), r.out);
    BOOST_TEST(!r.out_has("WRONG"), r.out);
    BOOST_TEST(r.counter("cpu.secure.perm_faults") == 1u);
    BOOST_TEST(r.counter("cpu.exceptions.store_page_fault") == 1u);
    // The full TLM path gives the same simulated run.
    auto full = perms(1, 4).set("cpu.fast_path=false").out(scratch_dir() + "/full").run();
    BOOST_TEST(full.status == 1, full);
    for (const char* k : {"cpu.cycles", "cpu.instret", "cpu.secure.perm_faults", "l1d.hits",
                          "l1d.misses", "eu.reads", "eu.writes"})
        BOOST_TEST(full.counter(k) == r.counter(k), k);
    // Honest kernel (rodata mapped R): the PTE refuses first; the kernel sees the same.
    auto h = perms(1, 0).out(scratch_dir() + "/honest").run();
    BOOST_TEST(h.status == 1, h);
    BOOST_TEST(h.out_has(kill + hex8(page) + ")"), h.out);
    BOOST_TEST(h.counter("cpu.secure.perm_faults") == 0u);
}

BOOST_AUTO_TEST_CASE(store_to_code_traps_even_when_mapped_writable) {
    auto r = perms(4, 4).run();
    BOOST_TEST(r.status == 1, r);
    const uint32_t page = reported_page(r.out, "perms: code word");
    BOOST_TEST(page != 0u, r.out);
    BOOST_TEST(r.out_has("killed: store page fault (scause 15, stval " + hex8(page) + ")"), r.out);
    BOOST_TEST(!r.out_has("WRONG"), r.out);
    BOOST_TEST(r.counter("cpu.secure.perm_faults") == 1u);
}

BOOST_AUTO_TEST_CASE(read_only_region_refuses_stores_write_only_refuses_loads) {
    auto ro = perms(2, 0).out(scratch_dir() + "/ro").run();
    BOOST_TEST(ro.status == 1, ro);
    BOOST_TEST(ro.out_has("perms: read-only region reads 0x00000000"), ro.out);
    const uint32_t va = reported_page(ro.out, "perms: region");
    BOOST_TEST(va != 0u, ro.out);
    BOOST_TEST(ro.out_has("killed: store page fault (scause 15, stval " + hex8(va) + ")"), ro.out);
    BOOST_TEST(ro.counter("cpu.secure.perm_faults") == 1u);

    auto wo = perms(3, 0).out(scratch_dir() + "/wo").run();
    BOOST_TEST(wo.status == 1, wo);
    BOOST_TEST(wo.out_has("perms: write-only region written"), wo.out);
    const uint32_t wva = reported_page(wo.out, "perms: region");
    BOOST_TEST(wo.out_has("killed: load page fault (scause 13, stval " + hex8(wva) + ")"), wo.out);
    BOOST_TEST(!wo.out_has("load gave"), wo.out);

    // Control: RW regions and the data segment take the stores; tr.pka into R is refused.
    auto c = perms(0, 0).out(scratch_dir() + "/control").run();
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(c.out_has("perms: rw region 0x12345678, data 0x9abcdef0, ro region reads "
                         "0x00000000"),
               c.out);
    BOOST_TEST(c.out_has("perms: sha256 into ro region -5, into rw region 0"), c.out);
    BOOST_TEST(c.counter("cpu.secure.perm_faults") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
