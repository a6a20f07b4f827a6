// RV32C (expansion table checked against the LLVM assembler's encodings, reserved encodings,
// 2-byte alignment, instructions straddling a fetch line and a page), RV32A (LR/SC, AMOs)
// and cpu.misaligned = split (two timed accesses, page-crossing with a fault on the second).
#include "machine.h"

#include <boost/test/unit_test.hpp>

using namespace trvp::core;
using namespace trvp::core::test;
using namespace rv;

namespace {
// {compressed, the 32-bit instruction llvm-mc -mattr=-c assembles for the same operands}
const struct {
    uint16_t c;
    uint32_t full;
} expansions[] = {
    {0x1fe8, 0x3fc10513}, // c.addi4spn a0, sp, 1020
    {0x0044, 0x00410493}, // c.addi4spn s1, sp, 4
    {0x5f7c, 0x07c72783}, // c.lw a5, 124(a4)
    {0x4080, 0x0004a403}, // c.lw s0, 0(s1)
    {0xc22c, 0x04b62023}, // c.sw a1, 64(a2)
    {0xdc7c, 0x06f42e23}, // c.sw a5, 124(s0)
    {0x0001, 0x00000013}, // c.nop
    {0x1501, 0xfe050513}, // c.addi a0, -32
    {0x0ffd, 0x01ff8f93}, // c.addi t6, 31
    {0x2ffd, 0x7fe000ef}, // c.jal 2046
    {0x3001, 0x801ff0ef}, // c.jal -2048
    {0x3fed, 0xffbff0ef}, // c.jal -6
    {0x557d, 0xfff00513}, // c.li a0, -1
    {0x4dc5, 0x01100d93}, // c.li s11, 17
    {0x7101, 0xe0010113}, // c.addi16sp sp, -512
    {0x617d, 0x1f010113}, // c.addi16sp sp, 496
    {0x6141, 0x01010113}, // c.addi16sp sp, 16
    {0x6505, 0x00001537}, // c.lui a0, 1
    {0x7281, 0xfffe02b7}, // c.lui t0, 0xfffe0
    {0x697d, 0x0001f937}, // c.lui s2, 31
    {0x817d, 0x01f55513}, // c.srli a0, 31
    {0x8085, 0x0014d493}, // c.srli s1, 1
    {0x859d, 0x4075d593}, // c.srai a1, 7
    {0x9a7d, 0xfff67613}, // c.andi a2, -1
    {0x8835, 0x00d47413}, // c.andi s0, 13
    {0x8d0d, 0x40b50533}, // c.sub a0, a1
    {0x8c3d, 0x00f44433}, // c.xor s0, a5
    {0x8ed9, 0x00e6e6b3}, // c.or a3, a4
    {0x8e65, 0x00967633}, // c.and a2, s1
    {0xaffd, 0x7fe0006f}, // c.j 2046
    {0xb001, 0x801ff06f}, // c.j -2048
    {0xb7fd, 0xfefff06f}, // c.j -18
    {0xcd7d, 0x0e050f63}, // c.beqz a0, 254
    {0xd081, 0xf00480e3}, // c.beqz s1, -256
    {0xfffd, 0xfe079fe3}, // c.bnez a5, -2
    {0xe035, 0x06041263}, // c.bnez s0, 100
    {0x057e, 0x01f51513}, // c.slli a0, 31
    {0x0f06, 0x001f1f13}, // c.slli t5, 1
    {0x557e, 0x0fc12503}, // c.lwsp a0, 252(sp)
    {0x4082, 0x00012083}, // c.lwsp ra, 0(sp)
    {0x8082, 0x00008067}, // c.jr ra
    {0x8f82, 0x000f8067}, // c.jr t6
    {0x852e, 0x00b00533}, // c.mv a0, a1
    {0x8fa2, 0x00800fb3}, // c.mv t6, s0
    {0x9002, 0x00100073}, // c.ebreak
    {0x9782, 0x000780e7}, // c.jalr a5
    {0x952e, 0x00b50533}, // c.add a0, a1
    {0x9ffe, 0x01ff8fb3}, // c.add t6, t6
    {0xdfaa, 0x0ea12e23}, // c.swsp a0, 252(sp)
    {0xc202, 0x00012223}, // c.swsp zero, 4(sp)
};

// Halfwords packed into the words flat_memory::load takes (little-endian: first one low).
prog halves(const std::vector<uint16_t>& h) {
    prog p;
    for (size_t i = 0; i < h.size(); i += 2)
        p.push_back(h[i] | (i + 1 < h.size() ? uint32_t(h[i + 1]) << 16 : 0x0001u << 16));
    return p;
}
// A 32-bit instruction as two halfwords.
std::vector<uint16_t> split(uint32_t w) {
    return {uint16_t(w), uint16_t(w >> 16)};
}
std::vector<uint16_t> operator+(std::vector<uint16_t> a, const std::vector<uint16_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}
std::vector<uint16_t> code(const prog& p) {
    std::vector<uint16_t> h;
    for (u32 w : p) h = h + split(w);
    return h;
}

// AMO encodings: funct5, aq/rl = 0.
u32 amo(u32 funct5, u32 rd, u32 rs1, u32 rs2) {
    return r_type(0x2f, 2, funct5 << 2, rd, rs1, rs2);
}
u32 lr_w(u32 rd, u32 rs1) {
    return amo(0x02, rd, rs1, 0);
}
u32 sc_w(u32 rd, u32 rs1, u32 rs2) {
    return amo(0x03, rd, rs1, rs2);
}
constexpr uint32_t data = ram_base + 0x4000;
} // namespace

BOOST_AUTO_TEST_SUITE(rv32c)

BOOST_AUTO_TEST_CASE(expansion_matches_the_assembler) {
    isa_table t = isa_table::standard();
    for (auto& e : expansions) {
        uint32_t got = 0;
        BOOST_TEST_CONTEXT("c = 0x" << std::hex << e.c) {
            BOOST_TEST(expand_compressed(e.c, got));
            BOOST_TEST(got == e.full);
            decoded_insn d{};
            BOOST_TEST(t.decode(e.c, d));
            BOOST_TEST(unsigned(d.len) == 2u);
            BOOST_TEST(d.raw == e.c); // the 16-bit encoding (mtval, traces)
        }
    }
}

BOOST_AUTO_TEST_CASE(reserved_encodings_are_illegal) {
    const uint16_t reserved[] = {
        0x0000, // all zero (c.addi4spn with nzuimm 0)
        0x2000, // c.fld
        0x6000, // c.flw
        0x8000, // quadrant 0, funct3 100
        0xa000, // c.fsd
        0xe000, // c.fsw
        0x6101, // c.addi16sp with 0
        0x6501, // c.lui a0, 0
        0x9001, // c.srli with shamt[5] = 1 (RV64 only)
        0x9401, // c.srai with shamt[5] = 1
        0x9c01, // c.subw (RV64)
        0x9c21, // c.addw (RV64)
        0x1002, // c.slli with shamt[5] = 1
        0x2002, // c.fldsp
        0x4002, // c.lwsp x0
        0x6002, // c.flwsp
        0x8002, // c.jr x0
        0xa002, // c.fsdsp
        0xe002, // c.fswsp
    };
    isa_table t = isa_table::standard();
    for (uint16_t c : reserved) {
        BOOST_TEST_CONTEXT("c = 0x" << std::hex << c) {
            uint32_t x;
            BOOST_TEST(!expand_compressed(c, x));
            decoded_insn d{};
            BOOST_TEST(!t.decode(c, d));
            BOOST_TEST(d.raw == c);
            BOOST_TEST(unsigned(d.len) == 2u);
        }
    }
    // Without C the same halfwords are (part of) illegal 32-bit words.
    decoded_insn d{};
    BOOST_TEST(!isa_table::standard(true, false).decode(0x00004501u, d));
    BOOST_TEST(unsigned(d.len) == 4u);
    BOOST_TEST(d.raw == 0x00004501u);
}

BOOST_AUTO_TEST_CASE(illegal_compressed_traps_with_its_16_bits) {
    // c.li a0, 5; <reserved 0x6101>: illegal, mtval = 0x6101, mepc = its address.
    machine m;
    m.load(set_mtvec(handler_at) + halves({0x4515, 0x6101}) + exit_seq());
    m.load(record_handler(), handler_at);
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 2u);
    BOOST_TEST(m.x(a1) == 0x6101u);
    BOOST_TEST(m.x(a2) == ram_base + 12 + 2);
}

BOOST_AUTO_TEST_CASE(mixed_code_links_and_jumps_by_two) {
    // 0: c.li a0,1; 2: c.jal +6; 4: c.addi a0,2 (skipped); 6: c.j +4 (skipped);
    // 8: addi a1, ra, 0 (32-bit); 12: c.addi a0, 4; 14: exit (32-bit, 2-aligned).
    std::vector<uint16_t> p = std::vector<uint16_t>{0x4505, 0x2019, 0x0509, 0xa011} +
                              split(addi(a1, ra, 0)) + std::vector<uint16_t>{0x0511};
    machine m;
    m.load(halves(p + code(exit_seq())));
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 5u);
    BOOST_TEST(m.x(ra) == ram_base + 4); // c.jal links pc + 2
    BOOST_TEST(m.x(a1) == ram_base + 4);
    BOOST_TEST(m.csr(0x301) == 0x40141105u); // misa: A, C, I, M, S, U
}

BOOST_AUTO_TEST_CASE(jumps_to_odd_halfwords_do_not_trap_with_c) {
    // jal +6 lands on a halfword boundary: legal with C (the word-aligned rule is for rv32im).
    machine m;
    m.load(halves(split(jal(ra, 6)) + std::vector<uint16_t>{0x4505, 0x4509} + code(exit_seq())));
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 2u); // c.li a0, 2 ran, c.li a0, 1 did not
}

BOOST_AUTO_TEST_CASE(four_byte_instruction_straddling_a_fetch_line) {
    // fetch_line 64: c.nop x31 fills 62 bytes, then a 32-bit addi at offset 62..65.
    hart_params hp;
    hp.fetch_line = 64;
    machine m(hp);
    std::vector<uint16_t> p(31, 0x0001);
    p = p + split(addi(a0, zero, 77)) + std::vector<uint16_t>{0x0001} + code(exit_seq());
    m.load(halves(p));
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 77u);
    // Lines 0 and 1 each fetched once (the straddling instruction fetched line 1).
    BOOST_TEST(m.h->stats().fetch_lines.value() == 2u);
    // Rewriting the upper half drops the decoded instruction (its slot starts 2 bytes before).
    m.mem.write32(ram_base + 64,
                  (m.mem.read32(ram_base + 64) & 0xffff0000u) | (addi(a0, zero, 99) >> 16));
    m.h->invalidate_code(ram_base + 64, 2);
    m.exited = false;
    m.h->set_pc(ram_base);
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 99u);
}

BOOST_AUTO_TEST_CASE(four_byte_instruction_straddling_a_page) {
    // Sv32 S-mode code at VA 0x40000ff8..: the 32-bit addi at 0x40000ffe crosses into the next
    // page. Mapped: it runs. Unmapped: an instruction page fault with mepc = its address and
    // mtval = the next page's address.
    for (bool mapped : {true, false}) {
        machine m;
        constexpr uint32_t root = ram_base + 0x10000, l0 = ram_base + 0x11000;
        constexpr uint32_t code_pa = ram_base + 0x20000;
        auto pte = [](uint32_t pa, uint32_t f) { return ((pa >> 12) << 10) | f; };
        const uint32_t rwx = pte::v | pte::r | pte::w | pte::x | pte::a | pte::d;
        m.mem.write32(root + 4 * 0x200, pte(ram_base, rwx));
        m.mem.write32(root + 4 * 0x040, pte(exit_addr, rwx));
        m.mem.write32(root + 4 * 0x100, pte(l0, pte::v));
        m.mem.write32(l0 + 0, pte(code_pa, rwx));
        if (mapped) m.mem.write32(l0 + 4, pte(code_pa + 0x3000, rwx)); // not contiguous
        // 0x40000ff8: c.li a0,1; c.nop; c.nop; [addi a0, a0, 40 | at 0x40000ffe]
        const uint32_t add40 = addi(a0, a0, 40);
        m.mem.write32(code_pa + 0xff8, 0x00014505);
        m.mem.write32(code_pa + 0xffc, 0x0001u | (add40 << 16));
        m.mem.load(code_pa + 0x3000, prog{(add40 >> 16) | (0x0001u << 16)} + exit_seq());
        m.load(set_mtvec(handler_at) + li(t0, (1u << 31) | (root >> 12)) + csrw(0x180, t0) +
               to_mode(1, 0x40000ff8));
        m.load(record_handler(), handler_at);
        m.run();
        BOOST_TEST(m.exited);
        if (mapped) {
            BOOST_TEST(m.x(a0) == 41u);
        } else {
            BOOST_TEST(m.x(a0) == 12u); // instruction page fault
            BOOST_TEST(m.x(a1) == 0x40001000u);
            BOOST_TEST(m.x(a2) == 0x40000ffeu);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rv32a)

BOOST_AUTO_TEST_CASE(amos_return_the_old_value_and_write_the_result) {
    struct c {
        u32 funct5;
        uint32_t mem, src, old, result;
    };
    const c cases[] = {
        {0x01, 5, 9, 5, 9},                            // amoswap
        {0x00, 5, 9, 5, 14},                           // amoadd
        {0x04, 0xff, 0x0f, 0xff, 0xf0},                // amoxor
        {0x0c, 0xff, 0x0f, 0xff, 0x0f},                // amoand
        {0x08, 0xf0, 0x0f, 0xf0, 0xff},                // amoor
        {0x10, 0xfffffffe, 3, 0xfffffffe, 0xfffffffe}, // amomin (signed)
        {0x14, 0xfffffffe, 3, 0xfffffffe, 3},          // amomax
        {0x18, 0xfffffffe, 3, 0xfffffffe, 3},          // amominu
        {0x1c, 0xfffffffe, 3, 0xfffffffe, 0xfffffffe}, // amomaxu
    };
    for (auto& k : cases) {
        machine m;
        m.mem.write32(data, k.mem);
        m.load(li(s0, data) + li(a1, k.src) + prog{amo(k.funct5, a0, s0, a1)} + exit_seq());
        m.run();
        BOOST_TEST_CONTEXT("funct5 " << k.funct5) {
            BOOST_TEST(m.exited);
            BOOST_TEST(m.x(a0) == k.old);
            BOOST_TEST(m.mem.read32(data) == k.result);
            // One load and one store, each timed (latencies 3 and 4).
            BOOST_TEST(m.mem.reads[unsigned(access_type::load)].value() == 1u);
            BOOST_TEST(m.mem.writes[unsigned(access_type::store)].value() == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(lr_sc_succeeds_once_and_fails_without_a_reservation) {
    machine m;
    m.mem.write32(data, 10);
    m.load(li(s0, data) + li(a1, 20) + li(a2, 30) +
           prog{lr_w(a0, s0), sc_w(a3, s0, a1), sc_w(a4, s0, a2)} + exit_seq());
    m.run();
    BOOST_TEST(m.x(a0) == 10u);
    BOOST_TEST(m.x(a3) == 0u); // stored
    BOOST_TEST(m.x(a4) == 1u); // no reservation left
    BOOST_TEST(m.mem.read32(data) == 20u);
    BOOST_TEST(m.h->stats().sc_failures.value() == 1u);
}

BOOST_AUTO_TEST_CASE(another_initiators_write_or_a_trap_ends_the_reservation) {
    // After the LR, the program stops (ebreak -> a handler that exits); the test writes the
    // word as another initiator would and resumes at the SC.
    for (int how : {0, 1, 2}) { // 0 nothing, 1 a write to the word, 2 a write next to it
        machine m;
        m.load(li(s0, data) + li(a1, 7) + prog{lr_w(a0, s0)} + exit_seq() + prog{sc_w(a3, s0, a1)} +
               exit_seq());
        m.run();
        BOOST_REQUIRE(m.exited);
        if (how == 1) m.h->snoop_write(data + 2, 1);
        if (how == 2) m.h->snoop_write(data + 4, 4);
        m.exited = false;
        m.run(); // resumes at the SC
        BOOST_TEST(m.x(a3) == (how == 1 ? 1u : 0u));
    }
    // A trap between LR and SC (ecall to a handler that returns) makes the SC fail.
    machine m;
    prog ret = {csrr(t0, 0x341), addi(t0, t0, 4), csrw(0x341, t0), mret()};
    m.load(set_mtvec(handler_at) + li(s0, data) + li(a1, 7) +
           prog{lr_w(a0, s0), 0x00000073, sc_w(a3, s0, a1)} + exit_seq());
    m.load(ret, handler_at);
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a3) == 1u);
}

BOOST_AUTO_TEST_CASE(misaligned_atomics_trap) {
    for (u32 w : {lr_w(a0, s0), sc_w(a0, s0, a1), amo(0x00, a0, s0, a1)}) {
        auto m = run_with_handler(li(s0, data + 2) + prog{w});
        BOOST_TEST(m->x(a0) == (w == lr_w(a0, s0) ? 4u : 6u));
        BOOST_TEST(m->x(a1) == data + 2);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(misaligned_split)

BOOST_AUTO_TEST_CASE(split_loads_and_stores_give_the_bytes_with_two_accesses_each) {
    hart_params hp;
    hp.misaligned = hart_params::misaligned_mode::split;
    machine m(hp);
    m.mem.write32(data, 0x84838281);
    m.mem.write32(data + 4, 0x88878685);
    m.mem.write32(data + 8, 0x8c8b8a89);
    m.load(li(s0, data) + prog{lw(a0, s0, 1), lh(a1, s0, 3), lhu(a2, s0, 7)} + li(t1, 0x11223344) +
           prog{sw(t1, s0, 0x11), sh(t1, s0, 0x1b)} + exit_seq());
    m.mem.write32(data + 0x18, 0);
    m.mem.write32(data + 0x1c, 0);
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 0x85848382u);
    BOOST_TEST(m.x(a1) == 0xffff8584u);
    BOOST_TEST(m.x(a2) == 0x8988u);
    BOOST_TEST(m.mem.read32(data + 0x10) == 0x22334400u);
    BOOST_TEST((m.mem.read32(data + 0x14) & 0xff) == 0x11u);
    BOOST_TEST(m.mem.read32(data + 0x18) == 0x44000000u);
    BOOST_TEST(m.mem.read32(data + 0x1c) == 0x00000033u);
    BOOST_TEST(m.h->stats().misaligned_splits.value() == 5u);
    BOOST_TEST(m.mem.reads[unsigned(access_type::load)].value() == 6u);
    BOOST_TEST(m.mem.writes[unsigned(access_type::store)].value() == 4u);
}

// A flat memory that logs every read and write it serves through the bus (no grants).
struct logging_memory : flat_memory {
    logging_memory() : flat_memory(ram_base, 1u << 20, latencies) { grants_enabled = false; }
    std::vector<mem_access> log;
    bool read(const mem_access& a, void* data, uint64_t& cycles) override {
        if (a.type != access_type::fetch) log.push_back(a);
        return flat_memory::read(a, data, cycles);
    }
    bool write(const mem_access& a, const void* data, uint64_t& cycles) override {
        log.push_back(a);
        return flat_memory::write(a, data, cycles);
    }
};

BOOST_AUTO_TEST_CASE(split_across_a_cache_line_is_one_access_per_line) {
    // lw at line offset 62 and sw at line offset 63 (64-byte lines): each is two accesses,
    // the first ending at the line's end, the second starting the next line; each charged.
    logging_memory mem;
    hart_params hp;
    hp.reset_pc = ram_base;
    hp.misaligned = hart_params::misaligned_mode::split;
    hart h(hp, mem);
    bool stop = false;
    mem.mmio_write = [&](const mem_access&, uint32_t) {
        return stop = true, h.request_stop(), true;
    };
    mem.write32(data + 60, 0x44332211);
    mem.write32(data + 64, 0x88776655);
    mem.load(ram_base, li(s0, data) + li(t1, 0xa1b2c3d4) + prog{lw(a0, s0, 62), sw(t1, s0, 127)} +
                           exit_seq());
    h.run(1000000);
    BOOST_TEST(stop);
    BOOST_TEST(h.reg(a0) == 0x66554433u);
    BOOST_REQUIRE(mem.log.size() == 5u); // 2 loads, 2 stores, the exit store
    const struct {
        access_type t;
        uint32_t pa, len;
    } want[] = {{access_type::load, data + 62, 2},
                {access_type::load, data + 64, 2},
                {access_type::store, data + 127, 1},
                {access_type::store, data + 128, 3}};
    for (unsigned i = 0; i < 4; ++i) {
        BOOST_TEST(int(mem.log[i].type) == int(want[i].t));
        BOOST_TEST(mem.log[i].pa == want[i].pa);
        BOOST_TEST(mem.log[i].len == want[i].len);
    }
    BOOST_TEST((mem.read32(data + 124) >> 24) == 0xd4u);
    BOOST_TEST((mem.read32(data + 128) & 0xffffff) == 0xa1b2c3u);
    BOOST_TEST(h.stats().misaligned_splits.value() == 2u);
}

BOOST_AUTO_TEST_CASE(split_across_a_page_faults_on_the_second_page_before_writing) {
    hart_params hp;
    hp.misaligned = hart_params::misaligned_mode::split;
    machine m(hp);
    constexpr uint32_t root = ram_base + 0x10000, l0 = ram_base + 0x11000;
    auto pte = [](uint32_t pa, uint32_t f) { return ((pa >> 12) << 10) | f; };
    const uint32_t rwx = pte::v | pte::r | pte::w | pte::x | pte::a | pte::d;
    m.mem.write32(root + 4 * 0x200, pte(ram_base, rwx));
    m.mem.write32(root + 4 * 0x040, pte(exit_addr, rwx));
    m.mem.write32(root + 4 * 0x100, pte(l0, pte::v));
    m.mem.write32(l0 + 0, pte(data, rwx)); // VA 0x40000000 -> data; 0x40001000 unmapped
    m.mem.write32(data + 0xffc, 0x5a5a5a5a);
    // S-mode, s0 = 0x40000800: sw t1, -0x7fe(s0) splits inside the page; sw t1, 0x7fe(s0)
    // (VA 0x40000ffe) splits across into the unmapped page.
    m.load(prog{record_handler()}, handler_at);
    m.load(set_mtvec(handler_at) + li(t0, (1u << 31) | (root >> 12)) + csrw(0x180, t0) +
           to_mode(1, user_at));
    m.load(li(s0, 0x40000800) + li(t1, 0x11223344) + prog{sw(t1, s0, -0x7fe), sw(t1, s0, 0x7fe)} +
               exit_seq(),
           user_at);
    m.run();
    BOOST_TEST(m.exited);
    BOOST_TEST(m.x(a0) == 15u);                               // store page fault
    BOOST_TEST(m.x(a1) == 0x40001000u);                       // the second part's address
    BOOST_TEST(m.mem.read32(data + 0xffc) == 0x5a5a5a5au);    // the first part was not written
    BOOST_TEST(m.h->stats().misaligned_splits.value() == 1u); // the one inside the page
}

BOOST_AUTO_TEST_SUITE_END()
