#pragma once
// Test bench parts for the cache model: an initiator that times single accesses and a test
// memory with a fixed latency that logs every request (command, address, kind, key id). Its
// optional "toy cipher" stores bytes XORed with a pad derived from the key id, so that a
// read under another key id sees different bytes, as through the encryption unit.

#include "cache/cache.h"
#include "common/errors.h"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace trvp::test {

struct mem_request {
    tlm::tlm_command cmd;
    uint64_t addr;
    unsigned len;
    bool has_ext;
    access_kind kind;
    uint16_t key_id;
};

class test_memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<test_memory> socket{"socket"};
    std::vector<uint8_t> bytes;
    std::vector<mem_request> log;
    sc_core::sc_time latency;
    bool toy_cipher = false;
    uint64_t fail_base = 0, fail_size = 0; // requests touching this range get an error

    test_memory(const sc_core::sc_module_name& nm, sc_core::sc_time lat, size_t size = 1 << 20)
        : sc_module(nm), bytes(size), latency(lat) {
        for (size_t i = 0; i < size; ++i) bytes[i] = uint8_t(i * 7 + 3);
        socket.register_b_transport(this, &test_memory::b_transport);
        socket.register_transport_dbg(this, &test_memory::transport_dbg);
    }
    static uint8_t pad(uint16_t key_id) { return uint8_t(key_id * 0x3b); }
    size_t count(access_kind k) const {
        size_t n = 0;
        for (auto& r : log) n += r.has_ext && r.kind == k;
        return n;
    }

private:
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
        auto* ext = t.get_extension<mem_ext>();
        log.push_back({t.get_command(), t.get_address(), t.get_data_length(), ext != nullptr,
                       ext ? ext->kind : access_kind::load, ext ? ext->key_id : uint16_t(0)});
        if (t.get_command() == tlm::TLM_IGNORE_COMMAND) {
            t.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        if (fail_size && t.get_address() < fail_base + fail_size &&
            t.get_address() + t.get_data_length() > fail_base) {
            t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        delay += latency;
        if (ext) ext->latency.add(stage::dram, latency);
        copy(t, ext ? ext->key_id : 0);
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& t) {
        auto* ext = t.get_extension<mem_ext>();
        copy(t, ext ? ext->key_id : 0);
        return t.get_data_length();
    }
    void copy(tlm::tlm_generic_payload& t, uint16_t key_id) {
        const uint8_t p = toy_cipher ? pad(key_id) : 0;
        uint8_t* m = &bytes[t.get_address()];
        uint8_t* d = t.get_data_ptr();
        const uint8_t* be = t.get_byte_enable_ptr();
        const unsigned be_len = t.get_byte_enable_length();
        for (unsigned i = 0; i < t.get_data_length(); ++i) {
            if (be && be_len && be[i % be_len] != 0xff) continue;
            if (t.get_command() == tlm::TLM_WRITE_COMMAND)
                m[i] = d[i] ^ p;
            else
                d[i] = m[i] ^ p;
        }
    }
};

class initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<initiator> socket{"socket"};
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
    mem_ext last_ext; // the extension of the last access, with its latency record
    sc_core::sc_time clock;

    initiator(const sc_core::sc_module_name& nm, sc_core::sc_time clk)
        : sc_module(nm), clock(clk) {}

    /** One access; returns the cycles it took. key_id < 0: no mem_ext at all. */
    uint64_t access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len, int key_id,
                    const uint8_t* be = nullptr, unsigned be_len = 0) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<uint8_t*>(data));
        t.set_data_length(len);
        t.set_streaming_width(len);
        t.set_byte_enable_ptr(const_cast<uint8_t*>(be));
        t.set_byte_enable_length(be_len);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        mem_ext e;
        e.kind = cmd == tlm::TLM_WRITE_COMMAND ? access_kind::store : access_kind::load;
        e.key_id = uint16_t(key_id < 0 ? 0 : key_id);
        if (key_id >= 0) t.set_extension(&e);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        socket->b_transport(t, d);
        if (key_id >= 0) t.clear_extension(&e);
        status = t.get_response_status();
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
        tlm::tlm_generic_payload t;
        t.set_command(tlm::TLM_IGNORE_COMMAND);
        t.set_address(0);
        t.set_data_length(0);
        t.set_extension(&op);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        socket->b_transport(t, d);
        t.clear_extension(&op);
        status = t.get_response_status();
        return cycles(d);
    }
    /** The provider a fast_path_ext request gets (nullptr if none). */
    fast_path_provider* fast_path() {
        tlm::tlm_generic_payload t;
        fast_path_ext f;
        tlm::tlm_dmi dmi;
        t.set_extension(&f);
        const bool dmi_ok = socket->get_direct_mem_ptr(t, dmi);
        t.clear_extension(&f);
        return dmi_ok ? nullptr : f.provider;
    }
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len, int key_id) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<uint8_t*>(data));
        t.set_data_length(len);
        t.set_streaming_width(len);
        mem_ext e;
        e.key_id = uint16_t(key_id);
        t.set_extension(&e);
        const unsigned n = socket->transport_dbg(t);
        t.clear_extension(&e);
        return n;
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

struct sim {
    stats::registry reg;
    run_control control;
    sim_env env{reg, control};
    sim() { env.clock_period = sc_core::sc_time(2, sc_core::SC_NS); }
    /** Ends elaboration (binds ports) so that accesses can be made from the test body. */
    void start() { sc_core::sc_start(sc_core::SC_ZERO_TIME); }
    uint64_t stat(const std::string& name) const {
        auto* s = dynamic_cast<const stats::counter*>(reg.find(name));
        BOOST_REQUIRE_MESSAGE(s, "no counter " + name);
        return s->value();
    }
};

} // namespace trvp::test
