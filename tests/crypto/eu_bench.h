#pragma once
// Test bench of the encryption unit: the test (from sc_main, no process: every model on
// this path is loosely timed and never waits) -> EU -> a test memory of fixed latency, and
// in ctr mode a second test memory holding the counters. Clock: 1 ns.

#include "common/cache_op.h"
#include "common/component.h"
#include "common/mem_ext.h"
#include "crypto/encryption_unit.h"

#include <cstring>
#include <memory>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace trvp::test {

/** A byte array behind a target socket: fixed latency, records stage::dram, counts. */
class test_memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<test_memory, 32> in;
    std::vector<uint8_t> bytes;
    sc_core::sc_time latency;
    unsigned reads = 0, writes = 0, ignores = 0;

    test_memory(const sc_core::sc_module_name& nm, size_t size, sc_core::sc_time lat)
        : sc_module(nm), in("in"), bytes(size, 0), latency(lat) {
        in.register_b_transport(this, &test_memory::b_transport);
        in.register_transport_dbg(this, &test_memory::transport_dbg);
    }

private:
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& d) {
        if (t.get_command() == tlm::TLM_IGNORE_COMMAND) {
            ++ignores;
            t.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        if (t.get_address() + t.get_data_length() > bytes.size()) {
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        uint8_t* cell = bytes.data() + t.get_address();
        if (t.is_write()) {
            std::memcpy(cell, t.get_data_ptr(), t.get_data_length());
            ++writes;
        } else {
            std::memcpy(t.get_data_ptr(), cell, t.get_data_length());
            ++reads;
        }
        d += latency;
        if (auto* e = t.get_extension<mem_ext>()) e->latency.add(stage::dram, latency);
        t.set_dmi_allowed(true); // the EU must clear it
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& t) {
        if (t.get_address() + t.get_data_length() > bytes.size()) return 0;
        uint8_t* cell = bytes.data() + t.get_address();
        if (t.is_write())
            std::memcpy(cell, t.get_data_ptr(), t.get_data_length());
        else
            std::memcpy(t.get_data_ptr(), cell, t.get_data_length());
        return t.get_data_length();
    }
};

/** The test's initiator socket (a port must live inside a module). */
struct tb_initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<tb_initiator, 32> init{"init"};
    explicit tb_initiator(const sc_core::sc_module_name& nm) : sc_module(nm) {}
};

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

class eu_bench {
public:
    static constexpr uint64_t pa_base = 0x80000000;
    stats::registry reg;
    run_control control;
    sim_env env{reg, control};
    key_table keys{key_table_params{15}};
    test_memory dram;
    test_memory ctr_store;
    encryption_unit eu;
    tb_initiator tb{"tb"};
    tlm_utils::simple_initiator_socket<tb_initiator, 32>& init = tb.init;
    std::unique_ptr<tb_initiator> spare; // holds ctr_store's socket when the EU does not

    static eu_params with_mode(eu_params p, const std::string& mode) {
        p.mode = mode;
        p.pa_base = pa_base;
        return p;
    }

    explicit eu_bench(const std::string& mode, eu_params p = {}, bool bind_counters = true)
        : dram("dram", 1 << 20, sc_core::sc_time(50, sc_core::SC_NS)),
          ctr_store("ctr_store", 1 << 17, sc_core::sc_time(30, sc_core::SC_NS)),
          eu("eu", env, with_mode(p, mode), keys) {
        init.bind(eu.cpu);
        eu.mem.bind(dram.in);
        if (bind_counters)
            eu.counters.bind(ctr_store.in);
        else
            (spare = std::make_unique<tb_initiator>("spare"))->init.bind(ctr_store.in);
    }

    /** Elaborates (sc_start of zero time); call once before the first access. */
    void start() { sc_core::sc_start(sc_core::SC_ZERO_TIME); }
    /** Advances simulated time to `t` (absolute). */
    void advance_to(const sc_core::sc_time& t) {
        if (t > sc_core::sc_time_stamp()) sc_core::sc_start(t - sc_core::sc_time_stamp());
    }

    eu_access transport(tlm::tlm_command cmd, uint64_t addr, uint16_t key, uint8_t* data,
                        unsigned len, sc_core::sc_time delay = sc_core::SC_ZERO_TIME,
                        uint8_t* be = nullptr) {
        tlm::tlm_generic_payload t;
        mem_ext ext;
        ext.key_id = key;
        t.set_extension(&ext);
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(data);
        t.set_data_length(len);
        t.set_streaming_width(len);
        if (be) {
            t.set_byte_enable_ptr(be);
            t.set_byte_enable_length(len);
        }
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        init->b_transport(t, delay);
        eu_access a{t.get_response_status(), delay, ext.latency, t.is_dmi_allowed()};
        t.clear_extension(&ext);
        return a;
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
        tlm::tlm_generic_payload t;
        mem_ext ext;
        ext.key_id = key;
        t.set_extension(&ext);
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(data);
        t.set_data_length(len);
        t.set_streaming_width(len);
        const unsigned n = init->transport_dbg(t);
        t.clear_extension(&ext);
        return n;
    }
    std::vector<uint8_t> raw(uint64_t addr, unsigned len = 64) const {
        return {dram.bytes.begin() + addr, dram.bytes.begin() + addr + len};
    }
    uint64_t stat(const std::string& name) const {
        const auto* s = dynamic_cast<const stats::counter*>(reg.find(name));
        BOOST_REQUIRE_MESSAGE(s, "no counter " + name);
        return s->value();
    }
};

} // namespace trvp::test
