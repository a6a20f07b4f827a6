#pragma once
// Test bench of the encryption unit: the test (from sc_main, no process: every model on
// this path is loosely timed and never waits) -> EU -> a test memory of fixed latency, and
// in ctr mode a second test memory holding the counters, with integrity on a third holding
// the tags (tests/common benches, zeroed, with the DMI hint set so that the EU must clear it;
// latencies: DRAM 50, counters 30, metadata 100 ns). Clock: 1 ns.

#include "common/tb_initiator.h"
#include "common/test_env.h"
#include "common/test_memory.h"
#include "common/tracer.h"
#include "crypto/encryption_unit.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace trvp::test {

inline key128 bench_key(uint8_t seed) {
    key128 k{};
    for (unsigned i = 0; i < 16; ++i) k[i] = uint8_t(0xa0 + seed * 7 + i);
    return k;
}

/** The result of one request. */
struct eu_access {
    tlm::tlm_response_status status;
    sc_core::sc_time delay; // returned delay (from the arrival time)
    latency_record latency;
    bool dmi_allowed;
};

class eu_bench : public test_env {
public:
    static constexpr uint64_t pa_base = 0x80000000;
    key_table keys{key_table_params{15}};
    const bool traced; // env.trace is set before the unit is built (it declares its signals)
    test_memory dram;
    test_memory ctr_store;
    test_memory metamem;
    encryption_unit eu;
    tb_initiator tb{"tb"};
    tlm_utils::simple_initiator_socket<tb_initiator, 32>& init = tb.socket;
    std::unique_ptr<tb_initiator> spare;      // holds ctr_store's socket when the EU does not
    std::unique_ptr<tb_initiator> spare_meta; // holds metamem's socket when the EU does not

    static eu_params with_mode(eu_params p, const std::string& mode) {
        p.mode = mode;
        p.pa_base = pa_base;
        return p;
    }

    explicit eu_bench(const std::string& mode, eu_params p = {}, bool bind_counters = true,
                      tracer* trace = nullptr)
        : traced((env.trace = trace) != nullptr), dram("dram", memory(1 << 20, 50)),
          ctr_store("ctr_store", memory(1 << 17, 30)), metamem("metamem", memory(1 << 17, 100)),
          eu("eu", env, with_mode(p, mode), keys) {
        dram.grant_dmi_hint = ctr_store.grant_dmi_hint = metamem.grant_dmi_hint = true;
        if (eu.integrity() != integrity_mode::none)
            eu.meta.bind(metamem.socket);
        else
            (spare_meta = std::make_unique<tb_initiator>("spare_meta"))
                ->socket.bind(metamem.socket);
        init.bind(eu.cpu);
        eu.mem.bind(dram.socket);
        if (bind_counters)
            eu.counters.bind(ctr_store.socket);
        else
            (spare = std::make_unique<tb_initiator>("spare"))->socket.bind(ctr_store.socket);
    }

    static test_memory_params memory(size_t size, unsigned latency_ns) {
        test_memory_params m;
        m.size = size;
        m.latency = sc_core::sc_time(latency_ns, sc_core::SC_NS);
        m.pattern = false;
        return m;
    }
    /** Advances simulated time to `t` (absolute). */
    void advance_to(const sc_core::sc_time& t) {
        if (t > sc_core::sc_time_stamp()) sc_core::sc_start(t - sc_core::sc_time_stamp());
    }

    eu_access transport(tlm::tlm_command cmd, uint64_t addr, uint16_t key, uint8_t* data,
                        unsigned len, sc_core::sc_time delay = sc_core::SC_ZERO_TIME,
                        uint8_t* be = nullptr) {
        mem_ext ext;
        ext.key_id = key;
        const auto status = tb.access(cmd, addr, data, len, delay, &ext, 0, be, be ? len : 0);
        return {status, delay, ext.latency, tb.last_dmi_allowed};
    }
    eu_access write(uint64_t addr, uint16_t key, std::vector<uint8_t> data,
                    sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
        return transport(tlm::TLM_WRITE_COMMAND, addr, key, data.data(), unsigned(data.size()),
                         delay);
    }
    eu_access read(uint64_t addr, uint16_t key, std::vector<uint8_t>& out,
                   sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
        return transport(tlm::TLM_READ_COMMAND, addr, key, out.data(), unsigned(out.size()), delay);
    }
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, uint16_t key, uint8_t* data, unsigned len) {
        mem_ext ext;
        ext.key_id = key;
        return tb.debug(cmd, addr, data, len, &ext);
    }
    std::vector<uint8_t> raw(uint64_t addr, unsigned len = 64) const {
        return {dram.bytes.begin() + addr, dram.bytes.begin() + addr + len};
    }
};

/** A line of test data derived from `seed`. */
inline std::vector<uint8_t> plain(uint8_t seed) {
    std::vector<uint8_t> b(64);
    for (unsigned i = 0; i < 64; ++i) b[i] = uint8_t(seed ^ (i * 13));
    return b;
}

inline sc_core::sc_time ns(double v) {
    return sc_core::sc_time(v, sc_core::SC_NS);
}

inline const stats::histogram& hist(const eu_bench& b, const std::string& name) {
    const auto* h = dynamic_cast<const stats::histogram*>(b.reg.find(name));
    BOOST_REQUIRE_MESSAGE(h, "no histogram " + name);
    return *h;
}

inline double formula(const eu_bench& b, const std::string& name) {
    const auto* f = dynamic_cast<const stats::formula*>(b.reg.find(name));
    BOOST_REQUIRE_MESSAGE(f, "no formula " + name);
    return f->value();
}

/** Reads `addr` under `key`: true if the unit refused it for integrity (error response,
 *  mem_fault::integrity); the buffer must come back zeroed, never ciphertext nor plaintext. */
inline bool refused_for_integrity(eu_bench& b, uint64_t addr, uint16_t key) {
    bytes out(64, 0xee);
    mem_ext ext;
    ext.key_id = key;
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    const auto st =
        b.tb.access(tlm::TLM_READ_COMMAND, addr, out.data(), 64, d, &ext, 0, nullptr, 0);
    BOOST_TEST(std::all_of(out.begin(), out.end(), [](uint8_t v) { return v == 0; }));
    return st == tlm::TLM_GENERIC_ERROR_RESPONSE && ext.fault == mem_fault::integrity;
}

} // namespace trvp::test
