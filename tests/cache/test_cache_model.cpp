#define BOOST_TEST_MODULE cache_model
#include "cache_bench.h"

#include "../common/sc_test_main.h"

#include <random>

using namespace trvp;
using namespace trvp::test;

namespace {

constexpr unsigned hit = 3, mem_lat = 20;
constexpr uint64_t stride = 512; // 1 KiB, 2 ways, 64-byte lines: 8 sets of 64 bytes

cache_params small() {
    cache_params p;
    p.size = 1024;
    p.ways = 2;
    p.line_size = 64;
    p.hit_latency = hit;
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(hit_costs_hit_latency_and_clean_miss_adds_memory) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    s.start();
    uint64_t c = 0;
    const uint32_t first = a.cpu.read32(0x40, 1, &c);
    BOOST_TEST(c == hit + mem_lat);
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(a.cpu.read32(0x44, 1, &c) == a.cpu.read32(0x44, 1));
    BOOST_TEST(c == hit);
    uint32_t expect = 0;
    std::memcpy(&expect, &a.mem.bytes[0x40], 4);
    BOOST_TEST(first == expect);
    // The requester's latency record: its own cache stage plus the memory's stage.
    a.cpu.read32(0x80, 1);
    BOOST_TEST(a.cpu.last_ext.latency[stage::cache] == s.env.clock_period * hit);
    BOOST_TEST(a.cpu.last_ext.latency[stage::dram] == s.env.clock_period * mem_lat);
    BOOST_REQUIRE(a.mem.log.size() == 2u);
    BOOST_TEST((a.mem.log[1].kind == access_kind::refill));
    BOOST_TEST(a.mem.log[1].key_id == 1u);
    BOOST_TEST(a.mem.log[1].len == 64u);
    BOOST_TEST(a.mem.log[1].addr == 0x80u);
    BOOST_TEST(s.count("l1d.accesses") == 4u);
    BOOST_TEST(s.count("l1d.read_hits") == 2u);
    BOOST_TEST(s.count("l1d.read_misses") == 2u);
    BOOST_TEST(s.count("l1d.key1.hits") == 2u);
    BOOST_TEST(s.count("l1d.key1.misses") == 2u);
    BOOST_TEST(s.count("l1d.key15.misses") == 0u);
    BOOST_TEST(s.count("l1d.key_other.misses") == 0u);
    auto* h = dynamic_cast<const stats::histogram*>(s.reg.find("l1d.miss_latency"));
    BOOST_REQUIRE(h);
    BOOST_TEST(h->count() == 2u);
    BOOST_TEST(h->max() == hit + mem_lat);
}

BOOST_AUTO_TEST_CASE(dirty_miss_costs_hit_writeback_refill) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    s.start();
    BOOST_TEST(a.cpu.write32(0x100, 0xdeadbeef, 2) == hit + mem_lat); // write-allocate
    a.cpu.read32(0x100 + stride, 2);                                  // fills the other way
    uint64_t c = 0;
    a.cpu.read32(0x100 + 2 * stride, 2, &c); // LRU victim: the dirty line
    BOOST_TEST(c == hit + mem_lat + mem_lat);
    BOOST_TEST(a.cpu.last_ext.latency[stage::dram] == s.env.clock_period * (2 * mem_lat));
    BOOST_TEST(a.mem.count(access_kind::writeback) == 1u);
    uint32_t v = 0;
    std::memcpy(&v, &a.mem.bytes[0x100], 4);
    BOOST_TEST(v == 0xdeadbeefu);
    // Clean victim now: hit + refill only.
    a.cpu.read32(0x100 + 3 * stride, 2, &c);
    BOOST_TEST(c == hit + mem_lat);
    BOOST_TEST(s.count("l1d.writebacks") == 1u);
    BOOST_TEST(s.count("l1d.evictions") == 2u);
    BOOST_TEST(s.count("l1d.fills") == 4u);
}

BOOST_AUTO_TEST_CASE(fast_path_matches_b_transport) {
    sim s;
    lane a("a", s.env, small(), mem_lat);
    lane b("b", s.env, small(), mem_lat);
    s.start();
    fast_path_provider* fp = b.cpu.fast_path();
    BOOST_REQUIRE(fp == &b.l1);
    std::mt19937 rng(42);
    uint64_t fast_served = 0;
    for (int i = 0; i < 4000; ++i) {
        const uint64_t addr = (rng() % 24) * 64 + (rng() % 16) * 4; // 1.5 KiB over 1 KiB
        const uint16_t key = uint16_t(rng() % 8 == 0 ? 1 + rng() % 2 : 0);
        const bool write = rng() % 3 == 0;
        uint32_t va = uint32_t(rng()), vb = va;
        uint64_t ca = write ? a.cpu.write32(addr, va, key) : 0;
        if (!write) va = a.cpu.read32(addr, key, &ca);
        uint64_t cb = 0;
        const bool served =
            write ? fp->fast_write(addr, &vb, 4, key, cb) : fp->fast_read(addr, &vb, 4, key, cb);
        if (served)
            ++fast_served;
        else if (write)
            cb = b.cpu.write32(addr, vb, key);
        else
            vb = b.cpu.read32(addr, key, &cb);
        BOOST_REQUIRE_EQUAL(ca, cb);
        BOOST_REQUIRE_EQUAL(va, vb);
    }
    BOOST_TEST(fast_served > 1000u);
    for (auto* st : s.reg.all()) {
        if (st->name().rfind("a.", 0) != 0) continue;
        auto* ca = dynamic_cast<const stats::counter*>(st);
        if (ca) BOOST_TEST(ca->value() == s.count("b." + st->name().substr(2)), st->name());
    }
    const tag_store& ta = a.l1.tags();
    const tag_store& tb = b.l1.tags();
    for (unsigned set = 0; set < ta.sets(); ++set)
        for (unsigned way = 0; way < ta.ways(); ++way) {
            auto la = ta.line(set, way), lb = tb.line(set, way);
            BOOST_TEST(la.valid == lb.valid);
            BOOST_TEST(la.addr == lb.addr);
            BOOST_TEST(la.key_id == lb.key_id);
            BOOST_TEST(la.dirty == lb.dirty);
        }
    // Same replacement state: the same next victims for every set.
    for (unsigned set = 0; set < ta.sets(); ++set) {
        const uint64_t addr = 0x8000 + set * 64;
        a.cpu.read32(addr, 7);
        b.cpu.read32(addr, 7);
    }
    for (unsigned set = 0; set < ta.sets(); ++set)
        for (unsigned way = 0; way < ta.ways(); ++way)
            BOOST_TEST(ta.line(set, way).addr == tb.line(set, way).addr);
    BOOST_TEST(a.mem.bytes == b.mem.bytes);
}

// The same-line memo (docs/memory.md#same-line-memo): lane b serves what it can through the
// memo first (the core's order), then the direct path, then b_transport. Every count, the
// tag state, the replacement state and the memory stay what lane a, b_transport only, has.
BOOST_AUTO_TEST_CASE(same_line_memo_matches_b_transport) {
    sim s;
    lane a("a", s.env, small(), mem_lat);
    lane b("b", s.env, small(), mem_lat);
    s.start();
    fast_path_provider* fp = b.cpu.fast_path();
    BOOST_REQUIRE(fp == &b.l1);
    line_memo* memo = fp->memo();
    BOOST_REQUIRE(memo != nullptr);
    std::mt19937 rng(7);
    uint64_t memo_served = 0, memo_writes = 0;
    uint64_t addr = 0;
    for (int i = 0; i < 6000; ++i) {
        // Mostly the same line again (what the memo is for), sometimes another line.
        if (rng() % 4 == 0) addr = (rng() % 24) * 64;
        addr = (addr & ~uint64_t(63)) | (rng() % 16) * 4;
        const uint16_t key = uint16_t(rng() % 16 == 0 ? 1 : 0);
        const bool write = rng() % 3 == 0;
        uint32_t va = uint32_t(rng()), vb = va;
        uint64_t ca = write ? a.cpu.write32(addr, va, key) : 0;
        if (!write) va = a.cpu.read32(addr, key, &ca);
        uint64_t cb = 0;
        if (uint8_t* p = memo->access(addr, 4, key, write, cb)) {
            ++memo_served;
            memo_writes += write;
            if (write)
                std::memcpy(p, &vb, 4);
            else
                std::memcpy(&vb, p, 4);
        } else if (!(write ? fp->fast_write(addr, &vb, 4, key, cb)
                           : fp->fast_read(addr, &vb, 4, key, cb))) {
            if (write)
                cb = b.cpu.write32(addr, vb, key);
            else
                vb = b.cpu.read32(addr, key, &cb);
        }
        BOOST_REQUIRE_EQUAL(ca, cb);
        BOOST_REQUIRE_EQUAL(va, vb);
    }
    BOOST_TEST(memo_served > 2000u);
    BOOST_TEST(memo_writes > 500u);
    for (auto* st : s.reg.all()) {
        if (st->name().rfind("a.", 0) != 0) continue;
        auto* ca = dynamic_cast<const stats::counter*>(st);
        if (ca) BOOST_TEST(ca->value() == s.count("b." + st->name().substr(2)), st->name());
    }
    const tag_store& ta = a.l1.tags();
    const tag_store& tb = b.l1.tags();
    for (unsigned set = 0; set < ta.sets(); ++set)
        for (unsigned way = 0; way < ta.ways(); ++way) {
            auto la = ta.line(set, way), lb = tb.line(set, way);
            BOOST_TEST(la.valid == lb.valid);
            BOOST_TEST(la.addr == lb.addr);
            BOOST_TEST(la.key_id == lb.key_id);
            BOOST_TEST(la.dirty == lb.dirty);
        }
    for (unsigned set = 0; set < ta.sets(); ++set) { // same next victims: same LRU order
        a.cpu.read32(0x8000 + set * 64, 7);
        b.cpu.read32(0x8000 + set * 64, 7);
    }
    for (unsigned set = 0; set < ta.sets(); ++set)
        for (unsigned way = 0; way < ta.ways(); ++way)
            BOOST_TEST(ta.line(set, way).addr == tb.line(set, way).addr);
    BOOST_TEST(a.mem.bytes == b.mem.bytes);
}

// What may not go through the memo: another line, another key id, a write to a clean line,
// anything after b_transport (a miss, a maintenance operation), and nothing with a prefetcher.
BOOST_AUTO_TEST_CASE(same_line_memo_is_revoked_and_refused) {
    sim s;
    cache_params pf = small();
    pf.prefetch = "next_line";
    lane b("b", s.env, small(), mem_lat);
    lane c("c", s.env, pf, mem_lat);
    s.start();
    fast_path_provider* fp = b.cpu.fast_path();
    line_memo* memo = fp->memo();
    uint64_t cyc = 0;
    uint32_t v = 0;
    BOOST_TEST(memo->access(0x40, 4, 0, false, cyc) == nullptr); // nothing granted yet
    b.cpu.read32(0x40, 0); // a miss: the filled line is granted
    BOOST_TEST(memo->access(0x40, 4, 0, false, cyc) != nullptr);
    BOOST_REQUIRE(fp->fast_read(0x44, &v, 4, 0, cyc)); // a direct hit (re)grants it
    BOOST_TEST(memo->access(0x48, 4, 0, false, cyc) != nullptr);
    BOOST_TEST(memo->access(0x80, 4, 0, false, cyc) == nullptr); // another line
    BOOST_TEST(memo->access(0x48, 4, 1, false, cyc) == nullptr); // another key id
    BOOST_TEST(memo->access(0x48, 4, 0, true, cyc) == nullptr);  // clean: a write dirties it
    BOOST_REQUIRE(fp->fast_write(0x48, &v, 4, 0, cyc));          // now dirty
    BOOST_TEST(memo->access(0x4c, 4, 0, true, cyc) != nullptr);
    BOOST_TEST(cyc == 5u * hit);
    b.cpu.read32(0x40 + stride, 0); // b_transport (a miss): only its own line is granted
    BOOST_TEST(memo->access(0x48, 4, 0, false, cyc) == nullptr);
    BOOST_TEST(memo->access(0x48 + stride, 4, 0, false, cyc) != nullptr);
    BOOST_REQUIRE(fp->fast_read(0x84, &v, 4, 0, cyc) == false); // a direct miss: no change
    BOOST_REQUIRE(fp->fast_read(0x44, &v, 4, 0, cyc));
    BOOST_TEST(memo->access(0x48, 4, 0, false, cyc) != nullptr);
    // Two lines of one set in the memo: each use defers its touch, replayed in order of use.
    BOOST_REQUIRE(fp->fast_read(0x44 + stride, &v, 4, 0, cyc));
    BOOST_TEST(memo->access(0x48, 4, 0, false, cyc) != nullptr);
    BOOST_TEST(memo->access(0x48 + stride, 4, 0, false, cyc) != nullptr);
    // The first line used last: a miss in the set evicts the other one (a skipped touch
    // would leave the first line the older, the direct hit above having touched the other).
    BOOST_TEST(memo->access(0x48, 4, 0, false, cyc) != nullptr);
    b.cpu.read32(0x40 + 2 * stride, 0);
    const tag_store& tags = b.l1.tags();
    bool first = false, other = false;
    for (unsigned w = 0; w < tags.ways(); ++w) {
        const tag_store::line_info li = tags.line(tags.set_of(0x40), w);
        first |= li.valid && li.addr == 0x40;
        other |= li.valid && li.addr == 0x40 + stride;
    }
    BOOST_TEST(first);
    BOOST_TEST(!other);
    cache_op_ext op;
    op.what = cache_op_ext::op::invalidate;
    op.which = cache_op_ext::scope::all;
    b.cpu.op(op);
    BOOST_TEST(memo->access(0x48, 4, 0, false, cyc) == nullptr);
    // With a prefetcher (a hit may wait for a prefetch in flight): never granted.
    c.cpu.read32(0x40, 0);
    line_memo* cm = c.cpu.fast_path()->memo();
    c.cpu.fast_path()->fast_read(0x44, &v, 4, 0, cyc);
    BOOST_TEST(cm->access(0x48, 4, 0, false, cyc) == nullptr);
}

BOOST_AUTO_TEST_CASE(key_mismatch_reads_memory_and_writes_back_under_old_key) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    a.mem.toy_cipher = true;
    s.start();
    const uint32_t secret = 0x5ec2e7u;
    a.cpu.write32(0x200, secret, 5);
    uint64_t c = 0;
    const uint32_t seen = a.cpu.read32(0x200, 0, &c);
    BOOST_TEST(c == hit + mem_lat + mem_lat); // write-back, then refill
    BOOST_TEST(seen != secret);
    const uint8_t p = test_memory::pad(5);
    BOOST_TEST(seen == (secret ^ (uint32_t(p) * 0x01010101u))); // the "ciphertext"
    BOOST_REQUIRE(a.mem.log.size() == 3u);
    BOOST_TEST((a.mem.log[1].kind == access_kind::writeback));
    BOOST_TEST(a.mem.log[1].key_id == 5u);
    BOOST_TEST((a.mem.log[2].kind == access_kind::refill));
    BOOST_TEST(a.mem.log[2].key_id == 0u);
    BOOST_TEST(s.count("l1d.key_mismatch_evictions") == 1u);
    BOOST_TEST(s.count("l1d.key0.misses") == 1u);
    // The owner reads its data back (another mismatch, the line was clean: refill only).
    BOOST_TEST(a.cpu.read32(0x200, 5, &c) == secret);
    BOOST_TEST(c == hit + mem_lat);
    BOOST_TEST(s.count("l1d.key_mismatch_evictions") == 2u);
    BOOST_TEST(s.count("l1d.writebacks") == 1u);
}

BOOST_AUTO_TEST_CASE(requests_without_mem_ext_use_key_id_0) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    s.start();
    a.cpu.read32(0x300, -1);
    uint64_t c = 0;
    a.cpu.read32(0x300, 0, &c);
    BOOST_TEST(c == hit);
    BOOST_TEST(s.count("l1d.key0.hits") == 1u);
    BOOST_TEST(s.count("l1d.key0.misses") == 1u);
    BOOST_TEST(a.mem.log.back().key_id == 0u);
}

BOOST_AUTO_TEST_CASE(cache_op_clean_and_invalidate_by_key_id) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    s.start();
    for (unsigned i = 0; i < 4; ++i) a.cpu.write32(i * 64, i, 1); // dirty, key 1
    for (unsigned i = 4; i < 6; ++i) a.cpu.write32(i * 64, i, 2); // dirty, key 2
    a.cpu.read32(6 * 64, 1);                                      // clean, key 1
    const size_t before = a.mem.log.size();
    cache_op_ext op;
    op.what = cache_op_ext::op::clean_invalidate;
    op.which = cache_op_ext::scope::key_id;
    op.key_id = 1;
    BOOST_TEST(a.cpu.op(op) == hit + 4 * mem_lat);
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    BOOST_TEST(op.lines_written_back == 4u);
    BOOST_REQUIRE(a.mem.log.size() == before + 5);
    for (size_t i = before; i < before + 4; ++i) {
        BOOST_TEST((a.mem.log[i].kind == access_kind::writeback));
        BOOST_TEST(a.mem.log[i].key_id == 1u);
    }
    BOOST_TEST((a.mem.log.back().cmd == tlm::TLM_IGNORE_COMMAND)); // forwarded downstream
    BOOST_TEST(s.count("l1d.invalidations") == 5u);
    uint64_t c = 0;
    a.cpu.read32(0, 1, &c);
    BOOST_TEST(c == hit + mem_lat); // gone
    a.cpu.read32(4 * 64, 2, &c);
    BOOST_TEST(c == hit); // key 2 untouched

    // Clean only, by range: the key-2 line at 0x140 is written back and stays resident.
    cache_op_ext clean;
    clean.what = cache_op_ext::op::clean;
    clean.which = cache_op_ext::scope::range;
    clean.base = 0x140;
    clean.size = 4;
    BOOST_TEST(a.cpu.op(clean) == hit + mem_lat);
    BOOST_TEST(clean.lines_written_back == 1u);
    a.cpu.read32(0x140, 2, &c);
    BOOST_TEST(c == hit);
    BOOST_TEST(a.l1.tags().line(a.l1.tags().set_of(0x100), 0).dirty); // 0x100 still dirty

    // Invalidate all: dirty data is dropped without a write-back.
    cache_op_ext inval;
    inval.what = cache_op_ext::op::invalidate;
    BOOST_TEST(a.cpu.op(inval) == hit);
    BOOST_TEST(inval.lines_written_back == 0u);
    a.cpu.read32(0x100, 2, &c);
    BOOST_TEST(c == hit + mem_lat);
}

BOOST_AUTO_TEST_CASE(transport_dbg_sees_dirty_data_without_changing_state) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    s.start();
    a.cpu.write32(0x1c0, 0xcafef00d, 3);
    const uint64_t accesses = s.count("l1d.accesses");
    uint8_t buf[80] = {};
    // Spans two lines: the first from the cache (dirty), the rest from memory.
    BOOST_TEST(a.cpu.debug(tlm::TLM_READ_COMMAND, 0x1c0, buf, 80, 3) == 80u);
    uint32_t v = 0;
    std::memcpy(&v, buf, 4);
    BOOST_TEST(v == 0xcafef00du);
    BOOST_TEST(buf[70] == a.mem.bytes[0x1c0 + 70]);
    // Under another key id the line is invisible: memory's bytes.
    a.cpu.debug(tlm::TLM_READ_COMMAND, 0x1c0, &v, 4, 0);
    BOOST_TEST(v != 0xcafef00du);
    // A debug write updates the line and memory, and the line stays dirty.
    const uint32_t w = 0x12345678;
    BOOST_TEST(a.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x1c4, const_cast<uint32_t*>(&w), 4, 3) == 4u);
    BOOST_TEST(a.cpu.read32(0x1c4, 3) == w);
    uint32_t m = 0;
    std::memcpy(&m, &a.mem.bytes[0x1c4], 4);
    BOOST_TEST(m == w);
    BOOST_TEST(s.count("l1d.accesses") == accesses + 1);
    auto li = a.l1.tags().line(a.l1.tags().set_of(0x1c0), 0);
    BOOST_TEST(li.dirty);
    BOOST_TEST(a.mem.count(access_kind::writeback) == 0u);
}

BOOST_AUTO_TEST_CASE(downstream_error_allocates_no_line) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    a.mem.fail_base = 0x400;
    a.mem.fail_size = 64;
    s.start();
    a.cpu.read32(0x400, 0);
    BOOST_TEST(a.cpu.status == tlm::TLM_GENERIC_ERROR_RESPONSE);
    const auto& t = a.l1.tags();
    for (unsigned w = 0; w < t.ways(); ++w) BOOST_TEST(!t.line(t.set_of(0x400), w).valid);
    BOOST_TEST(s.count("l1d.fills") == 0u);
    // A failing write-back leaves the dirty victim in place and fails the access.
    a.cpu.write32(0x400 - stride, 1, 0); // same set, way 0
    a.cpu.write32(0x400 + stride, 2, 0); // same set, way 1
    a.mem.fail_base = 0x400 - stride;
    a.cpu.read32(0x400 + 2 * stride, 0); // LRU victim: 0x400 - stride, its write-back fails
    BOOST_TEST(a.cpu.status == tlm::TLM_GENERIC_ERROR_RESPONSE);
    auto li = t.line(t.set_of(0x400), 0);
    BOOST_TEST(li.valid);
    BOOST_TEST(li.dirty);
    BOOST_TEST(li.addr == 0x400 - stride);
}

BOOST_AUTO_TEST_CASE(line_crossing_and_byte_enables) {
    sim s;
    lane a("l1d", s.env, small(), mem_lat);
    s.start();
    uint32_t v = 0;
    a.cpu.read(0x3e, &v, 4, 0);
    BOOST_TEST(a.cpu.status == tlm::TLM_GENERIC_ERROR_RESPONSE);
    BOOST_TEST(a.mem.log.empty());
    uint8_t line[64];
    BOOST_TEST(a.cpu.read(0x40, line, 64, 0) == hit + mem_lat); // whole-line fetch
    BOOST_TEST(std::memcmp(line, &a.mem.bytes[0x40], 64) == 0);
    const uint32_t w = 0xaabbccdd;
    const uint8_t be[4] = {0xff, 0, 0xff, 0};
    a.cpu.access(tlm::TLM_WRITE_COMMAND, 0x40, const_cast<uint32_t*>(&w), 4, 0, be, 4);
    BOOST_TEST(a.cpu.status == tlm::TLM_OK_RESPONSE);
    uint8_t got[4];
    a.cpu.read(0x40, got, 4, 0);
    BOOST_TEST(got[0] == 0xdd);
    BOOST_TEST(got[1] == a.mem.bytes[0x41]);
    BOOST_TEST(got[2] == 0xbb);
    BOOST_TEST(got[3] == a.mem.bytes[0x43]);
}

BOOST_AUTO_TEST_CASE(write_through_no_write_allocate) {
    sim s;
    cache_params p = small();
    p.write_back = false;
    p.write_allocate = false;
    lane a("l1d", s.env, p, mem_lat);
    s.start();
    BOOST_TEST(a.cpu.write32(0x80, 7, 0) == hit + mem_lat); // miss: straight to memory
    BOOST_TEST(s.count("l1d.fills") == 0u);
    BOOST_TEST(a.mem.log.back().key_id == 0u);
    BOOST_TEST((a.mem.log.back().kind == access_kind::store));
    uint64_t c = 0;
    BOOST_TEST(a.cpu.read32(0x80, 0, &c) == 7u);
    BOOST_TEST(c == hit + mem_lat);
    BOOST_TEST(a.cpu.write32(0x80, 9, 0) == hit + mem_lat); // hit: written through
    BOOST_TEST(a.cpu.read32(0x80, 0, &c) == 9u);
    BOOST_TEST(c == hit);
    BOOST_TEST(!a.l1.tags().line(a.l1.tags().set_of(0x80), 0).dirty);
    BOOST_TEST(s.count("l1d.write_throughs") == 2u);
    BOOST_TEST(s.count("l1d.writebacks") == 0u);
    uint64_t cyc = 0;
    BOOST_TEST(!a.l1.fast_write(0x80, &c, 4, 0, cyc)); // writes need the next level
    BOOST_TEST(cyc == 0u);
}

BOOST_AUTO_TEST_CASE(two_initiators_share_one_cache) {
    sim s;
    lane a("l2", s.env, small(), mem_lat);
    initiator other("l1i", s.env.clock_period);
    other.socket.bind(a.l1.target("cpu"));
    s.start();
    a.cpu.read32(0x500, 0);
    uint64_t c = 0;
    other.read32(0x504, 0, &c);
    BOOST_TEST(c == hit);
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_user_errors) {
    sim s;
    cache_params p = small();
    p.replacement = "plru";
    BOOST_CHECK_EXCEPTION(cache c1("c1", s.env, p), user_error, [](const user_error& e) {
        return std::string(e.what()).find("lru, fifo, random") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(two_levels_add_up_and_forward_cache_ops) {
    sim s;
    cache_params p2 = small();
    p2.size = 4096;
    p2.hit_latency = 7;
    lane l2("l2", s.env, p2, mem_lat); // l2_cpu stays unused
    cache l1("l1d", s.env, small());
    initiator cpu("cpu", s.env.clock_period);
    cpu.socket.bind(l1.target("cpu"));
    l1.bind("mem", l2.l1.target("cpu"));
    s.start();
    uint64_t c = 0;
    cpu.write32(0x600, 0xabcd, 4);
    cpu.read32(0x600, 4, &c);
    BOOST_TEST(c == hit);
    cpu.read32(0x640, 4, &c);
    BOOST_TEST(c == hit + 7 + mem_lat); // both miss
    BOOST_TEST(cpu.last_ext.latency[stage::cache] == s.env.clock_period * (hit + 7));
    BOOST_TEST(cpu.last_ext.latency[stage::dram] == s.env.clock_period * mem_lat);
    BOOST_TEST(l2.mem.log.back().key_id == 4u);
    cache_op_ext op; // clean everything: L1's dirty line goes to L2, then L2's to memory
    op.what = cache_op_ext::op::clean;
    BOOST_TEST(cpu.op(op) == hit + 7 + 7 + mem_lat);
    BOOST_TEST(op.lines_written_back == 2u);
    uint32_t v = 0;
    std::memcpy(&v, &l2.mem.bytes[0x600], 4);
    BOOST_TEST(v == 0xabcdu);
    cpu.read32(0x600, 4, &c);
    BOOST_TEST(c == hit);
    BOOST_TEST(s.count("l2.key4.hits") == 1u); // the L1's write-back hit in L2
}
