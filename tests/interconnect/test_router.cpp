#define BOOST_TEST_MODULE router
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
#include "interconnect/router.h"
#include "memory/dram.h"

#include "common/errors.h"

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;

namespace {

// bus: rom at 0x1000 (4 KiB, a 4 KiB DRAM), dram at 0x8000'0000 (1 MiB window over a
// 2 MiB DRAM, so DMI must be clipped), latency 10 ns.
struct bench {
    test_env te;
    tb_initiator cpu{"cpu"};
    tb_initiator dma{"dma"};
    router bus;
    dram rom;
    dram ram;

    static router_params map(const frame_owners* owners = nullptr, bool reads = false) {
        router_params p;
        p.map = {{"dram", 0x80000000, 1 << 20, true}, {"rom", 0x1000, 0x1000, false}};
        p.latency = sc_time(10, SC_NS);
        p.ownership.enabled = owners != nullptr;
        p.ownership.reads = reads;
        p.owners = owners;
        return p;
    }
    static dram_params mem(uint64_t size) {
        dram_params d;
        d.size = size;
        return d;
    }
    explicit bench(const frame_owners* owners = nullptr, bool reads = false)
        : bus("bus", te.env, map(owners, reads)), rom("rom", te.env, mem(0x1000)),
          ram("ram", te.env, mem(2 << 20)) {
        cpu.socket.bind(bus.target("in"));
        dma.socket.bind(bus.target("in"));
        bus.bind("dram", ram.target("mem"));
        bus.bind("rom", rom.target("mem"));
        sc_start(SC_ZERO_TIME);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(decode_and_cacheable) {
    bench b;
    auto r = b.bus.decode(0x80000010);
    BOOST_REQUIRE(r);
    BOOST_TEST(b.bus.params().map[r->port].port == "dram");
    BOOST_TEST(r->offset == 0x10u);
    r = b.bus.decode(0x1fff);
    BOOST_REQUIRE(r);
    BOOST_TEST(b.bus.params().map[r->port].port == "rom");
    BOOST_TEST(r->offset == 0xfffu);
    BOOST_TEST(!b.bus.decode(0x0fff));
    BOOST_TEST(!b.bus.decode(0x2000));
    BOOST_TEST(!b.bus.decode(0x80100000));
    BOOST_TEST(!b.bus.decode(~0ull));
    BOOST_TEST(b.bus.cacheable(0x800fffff));
    BOOST_TEST(!b.bus.cacheable(0x1000));
    BOOST_TEST(!b.bus.cacheable(0x5000));
}

BOOST_AUTO_TEST_CASE(holes_are_address_errors) {
    bench b;
    b.cpu.write32(0x80000010, 0xdeadbeef);
    BOOST_TEST(b.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(b.ram.probe_read(0x10, 4) == (std::vector<uint8_t>{0xef, 0xbe, 0xad, 0xde}));
    BOOST_TEST(b.cpu.read32(0x80000010) == 0xdeadbeefu);

    b.cpu.read32(0x3000);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // Past the window although the DRAM behind it is larger.
    b.cpu.write32(0x80100000, 1);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // Straddling the end of a range.
    b.cpu.read32(0x1ffe);
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    BOOST_TEST(b.te.count("bus.address_errors") == 3u);
    BOOST_TEST(b.te.count("ram.writes") == 1u);
}

BOOST_AUTO_TEST_CASE(map_errors_are_user_errors) {
    auto message = [](const router_params& p) -> std::string {
        try {
            router::validate("bus", p);
        } catch (const user_error& e) {
            return e.what();
        }
        return "";
    };
    router_params p;
    p.map = {{"dram", 0x80000000, 0x1000, true}, {"uart", 0x80000800, 0x100, false}};
    const std::string overlap = message(p);
    BOOST_TEST(overlap.find("bus") != std::string::npos);
    BOOST_TEST(overlap.find("'dram' [0x80000000, 0x80000fff]") != std::string::npos, overlap);
    BOOST_TEST(overlap.find("'uart' [0x80000800, 0x800008ff]") != std::string::npos, overlap);

    p.map = {{"a", 0x0, 0x10}, {"a", 0x100, 0x10}};
    const std::string dup = message(p);
    BOOST_TEST(dup.find("'a' [0x0, 0xf]") != std::string::npos, dup);
    BOOST_TEST(dup.find("'a' [0x100, 0x10f]") != std::string::npos, dup);

    p.map = {{"z", 0x100, 0}};
    BOOST_TEST(message(p).find("size zero") != std::string::npos);
    p.map = {{"top", ~0ull - 0xf, 0x20}};
    BOOST_TEST(message(p).find("past the end") != std::string::npos);
    // Adjacent ranges are fine, as is a range ending at the top of the address space.
    p.map = {{"a", 0x0, 0x100}, {"b", 0x100, 0x100}, {"top", ~0ull - 0xf, 0x10}};
    BOOST_TEST(message(p).empty());

    // The constructor applies the same check.
    test_env te;
    p.map = {{"dram", 0x80000000, 0x1000, true}, {"uart", 0x80000800, 0x100, false}};
    BOOST_CHECK_THROW(router("bad", te.env, p), user_error);
}

BOOST_AUTO_TEST_CASE(latency_is_added) {
    bench b;
    mem_ext ext;
    uint32_t v = 7;
    sc_time d(5, SC_NS);
    BOOST_TEST(b.cpu.write(0x80000000, &v, 4, d, &ext) == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(d == sc_time(5 + 10 + 50, SC_NS));
    BOOST_TEST(ext.latency[stage::interconnect] == sc_time(10, SC_NS));
    BOOST_TEST(ext.latency[stage::dram] == sc_time(50, SC_NS));
    // Address errors cost nothing and record nothing.
    sc_time e = SC_ZERO_TIME;
    BOOST_TEST(b.cpu.read(0x4000, &v, 4, e, &ext) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    BOOST_TEST(e == SC_ZERO_TIME);
}

BOOST_AUTO_TEST_CASE(dmi_is_translated_and_clipped) {
    bench b;
    tlm::tlm_dmi dmi;
    dmi_ext ext;
    BOOST_REQUIRE(b.cpu.get_dmi(0x80001234, dmi, &ext));
    BOOST_TEST(dmi.get_start_address() == 0x80000000u);
    BOOST_TEST(dmi.get_end_address() == 0x800fffffu); // clipped to the 1 MiB window
    BOOST_TEST(dmi.is_read_write_allowed());
    BOOST_TEST(dmi.get_read_latency() == sc_time(60, SC_NS));
    BOOST_TEST(dmi.get_write_latency() == sc_time(60, SC_NS));

    // The pointer maps global 0x80000000 to DRAM offset 0; its counters are the DRAM's.
    std::memcpy(dmi.get_dmi_ptr() + 0x40, "\x11\x22\x33\x44", 4);
    uint64_t cycles = 0;
    ext.write.charge(cycles, 4);
    BOOST_TEST(b.ram.probe_read(0x40, 4) == (std::vector<uint8_t>{0x11, 0x22, 0x33, 0x44}));
    BOOST_TEST(b.te.count("ram.writes") == 1u);
    BOOST_TEST(b.te.count("ram.write_bytes") == 4u);

    // A hole: refused, with the hole's extent.
    BOOST_TEST(!b.cpu.get_dmi(0x3000, dmi));
    BOOST_TEST(dmi.get_start_address() == 0x2000u);
    BOOST_TEST(dmi.get_end_address() == 0x7fffffffu);
    BOOST_TEST(!b.cpu.get_dmi(0x80100000, dmi));
    BOOST_TEST(dmi.get_start_address() == 0x80100000u);
    BOOST_TEST(dmi.get_end_address() == ~0ull);
}

BOOST_AUTO_TEST_CASE(invalidation_is_broadcast) {
    bench b;
    b.ram.probe_write(0x100, {1, 2, 3, 4});
    using range = std::pair<uint64_t, uint64_t>;
    const std::vector<range> want{{0x80000100, 0x80000103}};
    BOOST_TEST((b.cpu.invalidations == want));
    BOOST_TEST((b.dma.invalidations == want));
    // Beyond the window: nobody can hold a pointer there, nothing is sent.
    b.ram.probe_write(0x100000, {1});
    BOOST_TEST(b.cpu.invalidations.size() == 1u);
    // A watched page straddling nothing: whole page translated.
    b.rom.watch_writes(0x10, 4, [](uint64_t, const uint8_t*, unsigned) {});
    BOOST_REQUIRE(b.dma.invalidations.size() == 2u);
    BOOST_TEST(b.dma.invalidations[1].first == 0x1000u);
    BOOST_TEST(b.dma.invalidations[1].second == 0x1fffu);
}

BOOST_AUTO_TEST_CASE(debug_transport_is_forwarded) {
    bench b;
    uint32_t v = 0xcafef00d;
    BOOST_TEST(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x1ffc, &v, 4) == 4u);
    BOOST_TEST(b.rom.probe_read(0xffc, 4) == (std::vector<uint8_t>{0x0d, 0xf0, 0xfe, 0xca}));
    uint32_t r = 0;
    BOOST_TEST(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x1ffc, &r, 4) == 4u);
    BOOST_TEST(r == v);
    BOOST_TEST(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x3000, &r, 4) == 0u);
    BOOST_TEST(b.te.count("rom.writes") == 0u); // debug accesses are not counted
}

// Frame ownership at the bus (docs/attributes.md#frame-ownership-at-the-memory-side): a
// DMA-like initiator passes no cache, so the router checks what it forwards.
BOOST_AUTO_TEST_CASE(ownership_refuses_a_dma_write_into_an_owned_frame) {
    frame_owners owners;
    owners.set(0x80002000, {3});
    bench b(&owners);
    mem_ext ext;
    ext.kind = access_kind::traffic;
    uint8_t line[64] = {1};
    sc_time d = SC_ZERO_TIME;
    BOOST_TEST(b.dma.write(0x80002040, line, 64, d, &ext) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST((ext.fault == mem_fault::ownership));
    BOOST_TEST(d == SC_ZERO_TIME); // refused at arrival
    BOOST_TEST(b.te.count("bus.ownership.refused") == 1u);
    BOOST_TEST(b.te.count("bus.ownership.refused_writes") == 1u);
    BOOST_TEST(b.te.count("ram.writes") == 0u);
    // A read passes (reads unchecked), as do the owner's key id and a free frame.
    ext = mem_ext();
    BOOST_TEST(b.dma.read(0x80002040, line, 64, d, &ext) == tlm::TLM_OK_RESPONSE);
    ext.key_id = 3;
    BOOST_TEST(b.dma.write(0x80002040, line, 64, d, &ext) == tlm::TLM_OK_RESPONSE);
    ext = mem_ext();
    BOOST_TEST(b.dma.write(0x80003000, line, 64, d, &ext) == tlm::TLM_OK_RESPONSE);
    // A request without a mem_ext is key id 0; one spanning a free and an owned frame too.
    BOOST_TEST(b.dma.write(0x80002000, line, 4, d) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    ext = mem_ext();
    BOOST_TEST(b.dma.write(0x80001ffe, line, 4, d, &ext) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST(b.te.count("bus.ownership.refused") == 3u);
    // DMI would bypass the check: refused everywhere while it is on.
    tlm::tlm_dmi dmi;
    BOOST_TEST(!b.cpu.get_dmi(0x80003000, dmi));
    BOOST_TEST(dmi.get_start_address() == 0u);
    BOOST_TEST(dmi.get_end_address() == ~0ull);
}

BOOST_AUTO_TEST_CASE(ownership_checks_reads_when_asked) {
    frame_owners owners;
    owners.set(0x80002000, {3});
    bench b(&owners, true);
    mem_ext ext;
    ext.kind = access_kind::traffic;
    uint8_t line[64] = {};
    sc_time d = SC_ZERO_TIME;
    BOOST_TEST(b.dma.read(0x80002040, line, 64, d, &ext) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST((ext.fault == mem_fault::ownership));
    BOOST_TEST(b.te.count("bus.ownership.refused_reads") == 1u);
    BOOST_TEST(b.te.count("ram.reads") == 0u);
}

BOOST_AUTO_TEST_CASE(a_request_that_comes_back_is_an_address_error) {
    // Routers bound in a cycle (the builder refuses such a configuration; a model that
    // wires its own routers could still make one): the request is refused where it comes
    // back, instead of recursing until the host stack overflows.
    test_env te;
    tb_initiator cpu{"cpu"};
    router_params pa, pb;
    pa.map = {{"loop", 0, 0x1000, false}};
    pb.map = {{"back", 0, 0x1000, false}};
    router a("a", te.env, pa), b("b", te.env, pb);
    cpu.socket.bind(a.target("in"));
    a.bind("loop", b.target("in"));
    b.bind("back", a.target("in"));
    sc_start(SC_ZERO_TIME);
    cpu.read32(0x10);
    BOOST_TEST(cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    BOOST_TEST(te.count("a.routing_cycles") == 1u);
    BOOST_TEST(te.count("a.address_errors") == 0u, "no hole: a cycle");
    tlm::tlm_dmi dmi;
    BOOST_TEST(!cpu.get_dmi(0x10, dmi));
    BOOST_TEST(te.count("a.routing_cycles") == 2u);
    cpu.write32(0x10, 1);
    BOOST_TEST(cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
}
