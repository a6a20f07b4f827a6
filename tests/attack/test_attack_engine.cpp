#define BOOST_TEST_MODULE attack_engine
// The physical attacker's operations on raw memories (models/attack/attack_engine.h): plain
// vectors stand in for the DRAM probe ports.
#include <boost/test/unit_test.hpp>

#include "attack/attack_engine.h"

#include <cstring>

using namespace trvp;
using status = attack_engine::status;

namespace {

struct bench {
    std::vector<uint8_t> data = std::vector<uint8_t>(4096), ctr = std::vector<uint8_t>(512),
                         tags = std::vector<uint8_t>(1024);
    attack_engine engine;

    static raw_memory over(std::vector<uint8_t>& v, const char* name, uint64_t base) {
        raw_memory m;
        m.name = name;
        m.base = base;
        m.size = v.size();
        m.read = [&v](uint64_t o, uint8_t* d, uint64_t n) { std::memcpy(d, v.data() + o, n); };
        m.write = [&v](uint64_t o, const uint8_t* s, uint64_t n) {
            std::memcpy(v.data() + o, s, n);
        };
        return m;
    }
    static metadata_area area(metadata_area::kind_t k, unsigned mem, uint64_t base, unsigned entry,
                              unsigned per_line = 0, bool whole = false) {
        metadata_area a;
        a.kind = k;
        a.memory = mem;
        a.base = base;
        a.entry = entry;
        a.per_line = per_line;
        a.whole_line = whole;
        return a;
    }
    bench()
        : engine({over(data, "dram", 0x80000000), over(ctr, "ctrmem", 0), over(tags, "tags", 0)},
                 // Counters back to back, numbered from the data's physical line 0x2000000
                 // (the unit's counter_base trick); tags packed 4 to a 64-byte line.
                 {area(metadata_area::counter, 1, 0 - (0x80000000ull / 64) * 8, 8),
                  area(metadata_area::tag, 2, 0 - (0x80000000ull / 64 / 4) * 64, 16, 4)},
                 64, 4, 256) {
        for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 7);
        for (size_t i = 0; i < ctr.size(); ++i) ctr[i] = uint8_t(i + 1);
        for (size_t i = 0; i < tags.size(); ++i) tags[i] = uint8_t(i * 3 + 5);
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(xor_flips_exactly_the_mask_little_endian, bench) {
    const std::vector<uint8_t> before = data;
    BOOST_TEST(int(engine.xor32(0, 0x80000104, 0x00400001)) == int(status::ok));
    BOOST_TEST(data[0x104] == uint8_t(before[0x104] ^ 0x01));
    BOOST_TEST(data[0x106] == uint8_t(before[0x106] ^ 0x40));
    data[0x104] = before[0x104];
    data[0x106] = before[0x106];
    BOOST_TEST((data == before));
    uint32_t v = 0;
    BOOST_TEST(int(engine.read32(0, 0x80000104, v)) == int(status::ok));
    BOOST_TEST(v == uint32_t(data[0x104] | data[0x105] << 8 | data[0x106] << 16 |
                             uint32_t(data[0x107]) << 24));
    BOOST_TEST(engine.bytes_tampered() == 4u);
}

BOOST_FIXTURE_TEST_CASE(snapshot_and_restore_bring_back_the_line_and_its_metadata, bench) {
    // Line 2 (0x80, counter at 16, tag at 32): kept with its tag and counter, then changed.
    BOOST_TEST(
        int(engine.snapshot(1, 0, 0x80000080, 64, metadata_area::tag | metadata_area::counter)) ==
        int(status::ok));
    const std::vector<uint8_t> d0 = data, c0 = ctr, t0 = tags;
    std::memset(data.data() + 0x80, 0xaa, 64);
    std::memset(ctr.data() + 16, 0xbb, 8);
    std::memset(tags.data() + 32, 0xcc, 16);
    std::memset(ctr.data() + 24, 0xdd, 8); // line 3's counter: not part of the snapshot
    BOOST_TEST(int(engine.restore(1)) == int(status::ok));
    BOOST_TEST(std::memcmp(data.data(), d0.data(), data.size()) == 0);
    BOOST_TEST(std::memcmp(tags.data(), t0.data(), tags.size()) == 0);
    BOOST_TEST(std::memcmp(ctr.data() + 16, c0.data() + 16, 8) == 0);
    BOOST_TEST(ctr[24] == 0xdd);
}

BOOST_FIXTURE_TEST_CASE(snapshot_of_data_only_leaves_metadata_alone, bench) {
    BOOST_TEST(int(engine.snapshot(0, 0, 0x80000000, 64, 0)) == int(status::ok));
    std::memset(ctr.data(), 0, 8);
    BOOST_TEST(int(engine.restore(0)) == int(status::ok));
    BOOST_TEST(ctr[0] == 0);
    BOOST_TEST(engine.bytes_tampered() == 64u);
}

BOOST_FIXTURE_TEST_CASE(copy_moves_a_line_with_its_own_tag_only, bench) {
    const std::vector<uint8_t> d0 = data, c0 = ctr, t0 = tags;
    BOOST_TEST(int(engine.copy(0, 0x800000c0, 0x80000040, 64, metadata_area::tag)) ==
               int(status::ok));
    BOOST_TEST(std::memcmp(data.data() + 0x40, d0.data() + 0xc0, 64) == 0);
    BOOST_TEST(std::memcmp(tags.data() + 16, t0.data() + 48, 16) == 0);
    BOOST_TEST(std::memcmp(ctr.data(), c0.data(), ctr.size()) == 0); // counter not asked for
    BOOST_TEST(std::memcmp(data.data() + 0xc0, d0.data() + 0xc0, 64) == 0);
}

BOOST_FIXTURE_TEST_CASE(whole_line_snapshots_take_the_metadata_line_of_the_entry, bench) {
    attack_engine e({over(data, "dram", 0), over(ctr, "ctrmem", 0)},
                    {area(metadata_area::counter, 1, 0, 8, 8, true)}, 64, 1, 64);
    BOOST_TEST(int(e.snapshot(0, 0, 0x240, 64, metadata_area::counter)) == int(status::ok));
    std::memset(ctr.data(), 0, 192);
    BOOST_TEST(int(e.restore(0)) == int(status::ok));
    // Data line 9's counter is entry 1 of counter line 1 (bytes 64..127): all of it came back.
    BOOST_TEST(ctr[64] == 65);
    BOOST_TEST(ctr[127] == 128);
    BOOST_TEST(ctr[63] == 0);
    BOOST_TEST(ctr[128] == 0);
}

BOOST_FIXTURE_TEST_CASE(tree_nodes_are_whole_lines_over_many_data_lines, bench) {
    // A level-1 node covering 16 data lines (entry 0): data line 20 is in node 1 (64..127).
    metadata_area node = area(metadata_area::node, 1, 0, 0, 16, true);
    attack_engine e({over(data, "dram", 0), over(ctr, "ctrmem", 0)}, {node}, 64, 1, 64);
    BOOST_TEST(int(e.snapshot(0, 0, 20 * 64, 64, metadata_area::node)) == int(status::ok));
    std::memset(ctr.data(), 0, 192);
    BOOST_TEST(int(e.restore(0)) == int(status::ok));
    BOOST_TEST(ctr[64] == 65);
    BOOST_TEST(ctr[127] == 128);
    BOOST_TEST(ctr[63] == 0);
    BOOST_TEST(engine.bytes_tampered() == 0u); // the fixture's engine did nothing
}

BOOST_FIXTURE_TEST_CASE(packed_entries_follow_the_units_formula, bench) {
    // Tags packed 5 (12 bytes each) to a 64-byte line: entry 7 = line 1, slot 2 = byte 88.
    attack_engine e({over(data, "dram", 0), over(tags, "tags", 0)},
                    {area(metadata_area::tag, 1, 0, 12, 5)}, 64, 1, 512);
    const std::vector<uint8_t> t0 = tags;
    BOOST_TEST(int(e.copy(0, 7 * 64, 0, 64, metadata_area::tag)) == int(status::ok));
    BOOST_TEST(std::memcmp(tags.data(), t0.data() + 88, 12) == 0);
    BOOST_TEST(std::memcmp(tags.data() + 12, t0.data() + 12, tags.size() - 12) == 0);
}

BOOST_FIXTURE_TEST_CASE(bad_requests_are_refused_and_change_nothing, bench) {
    const std::vector<uint8_t> d0 = data;
    BOOST_TEST(int(engine.xor32(3, 0, 1)) == int(status::bad_memory));
    BOOST_TEST(int(engine.xor32(0, 0x7ffffffc, 1)) == int(status::out_of_range));
    BOOST_TEST(int(engine.xor32(0, 0x80000ffe, 1)) == int(status::out_of_range));
    BOOST_TEST(int(engine.snapshot(4, 0, 0x80000000, 64, 0)) == int(status::bad_slot));
    BOOST_TEST(int(engine.snapshot(0, 0, 0x80000000, 512, 0)) == int(status::too_long));
    BOOST_TEST(int(engine.snapshot(0, 1, 0, 8, metadata_area::tag)) == int(status::bad_memory));
    BOOST_TEST(int(engine.restore(2)) == int(status::bad_slot)); // never taken
    BOOST_TEST(int(engine.copy(0, 0x80000004, 0x80000040, 64, metadata_area::tag)) ==
               int(status::misaligned));
    BOOST_TEST((data == d0));
    BOOST_TEST(engine.bytes_tampered() == 0u);
}
