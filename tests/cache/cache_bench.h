#pragma once
// The cache bench: one cache between the shared test initiator (tests/common) and the shared
// test memory, with accesses that carry a key id and are timed in cycles. The memory's
// optional toy cipher lets a read under another key id see other bytes.

#include "cache/cache.h"
#include "common/errors.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
#include "common/test_memory.h"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

namespace trvp::test {

/** The test initiator as a CPU: each access carries a mem_ext and returns its cycles. */
class initiator : public tb_initiator {
public:
    mem_ext last_ext; // the extension of the last access, with its latency record
    sc_core::sc_time clock;

    initiator(const sc_core::sc_module_name& nm, sc_core::sc_time clk)
        : tb_initiator(nm), clock(clk) {}

    /** One access; returns the cycles it took. key_id < 0: no mem_ext at all. */
    uint64_t access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len, int key_id,
                    const uint8_t* be = nullptr, unsigned be_len = 0) {
        mem_ext e;
        e.kind = cmd == tlm::TLM_WRITE_COMMAND ? access_kind::store : access_kind::load;
        e.key_id = uint16_t(key_id < 0 ? 0 : key_id);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        status = tb_initiator::access(cmd, addr, data, len, d, key_id >= 0 ? &e : nullptr, 0, be,
                                      be_len);
        last_ext = e;
        return cycles(d);
    }
    uint64_t read(uint64_t addr, void* data, unsigned len, int key_id) {
        return access(tlm::TLM_READ_COMMAND, addr, data, len, key_id);
    }
    uint64_t write(uint64_t addr, const void* data, unsigned len, int key_id) {
        return access(tlm::TLM_WRITE_COMMAND, addr, const_cast<void*>(data), len, key_id);
    }
    uint32_t read32(uint64_t addr, int key_id, uint64_t* cyc = nullptr) {
        uint32_t v = 0;
        const uint64_t c = read(addr, &v, 4, key_id);
        if (cyc) *cyc = c;
        return v;
    }
    uint64_t write32(uint64_t addr, uint32_t v, int key_id) { return write(addr, &v, 4, key_id); }
    /** A cache maintenance operation; returns the cycles it took. */
    uint64_t op(cache_op_ext& op) {
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        status = maintain(op, d);
        return cycles(d);
    }
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len, int key_id) {
        mem_ext e;
        e.key_id = uint16_t(key_id);
        return tb_initiator::debug(cmd, addr, data, len, &e);
    }
    uint64_t cycles(const sc_core::sc_time& d) const { return uint64_t(d / clock + 0.5); }
};

/** One cache between an initiator and a test memory, elaborated and ready to use. */
struct lane {
    test_memory mem;
    cache l1;
    initiator cpu;
    lane(const std::string& name, sim_env& env, const cache_params& p, unsigned mem_cycles)
        : mem((name + "_mem").c_str(), env.clock_period * double(mem_cycles)),
          l1(name.c_str(), env, p), cpu((name + "_cpu").c_str(), env.clock_period) {
        cpu.socket.bind(l1.target("cpu"));
        l1.bind("mem", mem.socket);
    }
};

/** The cache tests' environment: a 2 ns clock. */
struct sim : test_env {
    sim() : test_env(sc_core::sc_time(2, sc_core::SC_NS)) {}
};

} // namespace trvp::test
