#pragma once
// The test memory of every model bench: a byte array at [base, base + size) behind a target
// socket that answers after a fixed latency, records stage::dram (and stage::queue) in the
// requester's mem_ext, and logs and counts every request.
//
// Options, all off by default:
// - transfer: a channel that moves one request per `transfer` (busy-until). A request
//   arriving at a (sc_time_stamp() + delay) starts at s = max(a, busy_until), holds the
//   channel until s + transfer and completes at s + latency: unloaded latency `latency`, at
//   most one request per `transfer`, K requests in flight reach min(1 / transfer, K / latency).
// - toy_cipher: bytes are stored XORed with pad(key id), so a read under another key id
//   sees other bytes, as through the encryption unit.
// - fail_base/fail_size: requests touching that range get a generic error.
// - grant_dmi_hint: responses set the DMI hint (an initiator in between must clear it).
// Maintenance requests (TLM_IGNORE_COMMAND) are logged, counted and answered at once.

#include "common/mem_ext.h"

#include <tlm_utils/simple_target_socket.h>

#include <algorithm>
#include <cstdint>
#include <systemc>
#include <tlm>
#include <vector>

namespace trvp::test {

struct test_memory_params {
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
    size_t size = 1 << 20;
    uint64_t base = 0;
    bool pattern = true; // initial contents: byte i = i * 7 + 3; else zeros
    sc_core::sc_time transfer = sc_core::SC_ZERO_TIME; // channel occupancy; zero = no channel
};

/** One request as the memory saw it. */
struct mem_request {
    tlm::tlm_command cmd;
    uint64_t addr;
    unsigned len;
    bool has_ext; // a mem_ext came with it (kind and key_id are its fields)
    access_kind kind;
    uint16_t key_id;
    sc_core::sc_time arrival; // sc_time_stamp() + the annotated delay
};

class test_memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<test_memory> socket{"socket"};
    const test_memory_params params;
    std::vector<uint8_t> bytes; // bytes[0] is at params.base
    std::vector<mem_request> log;
    unsigned reads = 0, writes = 0, ignores = 0;
    bool toy_cipher = false;
    uint64_t fail_base = 0, fail_size = 0;
    bool grant_dmi_hint = false;

    test_memory(const sc_core::sc_module_name& nm, const test_memory_params& p)
        : sc_module(nm), params(p), bytes(p.size, 0) {
        if (p.pattern)
            for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(i * 7 + 3);
        socket.register_b_transport(this, &test_memory::b_transport);
        socket.register_transport_dbg(this, &test_memory::transport_dbg);
    }
    /** The common case: 1 MiB at 0 with the pattern, answering after `latency`. */
    test_memory(const sc_core::sc_module_name& nm, sc_core::sc_time latency)
        : test_memory(nm, test_memory_params{latency}) {}

    static uint8_t pad(uint16_t key_id) { return uint8_t(key_id * 0x3b); }
    /** Requests of kind k (with a mem_ext). */
    size_t count(access_kind k) const {
        return size_t(std::count_if(log.begin(), log.end(), [k](const mem_request& r) {
            return r.has_ext && r.kind == k;
        }));
    }

private:
    bool in_range(const tlm::tlm_generic_payload& t) const {
        return t.get_address() >= params.base &&
               t.get_address() - params.base + t.get_data_length() <= bytes.size();
    }

    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
        auto* ext = t.get_extension<mem_ext>();
        const sc_core::sc_time arrival = sc_core::sc_time_stamp() + delay;
        log.push_back({t.get_command(), t.get_address(), t.get_data_length(), ext != nullptr,
                       ext ? ext->kind : access_kind::load, ext ? ext->key_id : uint16_t(0),
                       arrival});
        if (t.get_command() == tlm::TLM_IGNORE_COMMAND) {
            ++ignores;
            t.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        if (fail_size && t.get_address() < fail_base + fail_size &&
            t.get_address() + t.get_data_length() > fail_base) {
            t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        if (!in_range(t)) {
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (params.transfer != sc_core::SC_ZERO_TIME) {
            const sc_core::sc_time start = std::max(arrival, m_busy_until);
            m_busy_until = start + params.transfer;
            delay = start + params.latency - sc_core::sc_time_stamp();
            if (ext) ext->latency.add(stage::queue, start - arrival);
        } else {
            delay += params.latency;
        }
        if (ext) ext->latency.add(stage::dram, params.latency);
        copy(t, ext ? ext->key_id : 0);
        if (t.is_write())
            ++writes;
        else
            ++reads;
        if (grant_dmi_hint) t.set_dmi_allowed(true);
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    unsigned transport_dbg(tlm::tlm_generic_payload& t) {
        if (!in_range(t)) return 0;
        auto* ext = t.get_extension<mem_ext>();
        copy(t, ext ? ext->key_id : 0);
        return t.get_data_length();
    }

    void copy(tlm::tlm_generic_payload& t, uint16_t key_id) {
        const uint8_t p = toy_cipher ? pad(key_id) : 0;
        uint8_t* m = &bytes[t.get_address() - params.base];
        uint8_t* d = t.get_data_ptr();
        const uint8_t* be = t.get_byte_enable_ptr();
        const unsigned be_len = t.get_byte_enable_length();
        for (unsigned i = 0; i < t.get_data_length(); ++i) {
            if (be && be_len && be[i % be_len] != TLM_BYTE_ENABLED) continue;
            if (t.is_write())
                m[i] = d[i] ^ p;
            else
                d[i] = m[i] ^ p;
        }
    }

    sc_core::sc_time m_busy_until = sc_core::SC_ZERO_TIME;
};

} // namespace trvp::test
