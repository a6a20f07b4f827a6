#pragma once
// Test bench parts for the traffic generator and the prefetcher: a memory with a fixed
// latency L behind a channel that transfers one line per T (busy-until), logging every
// request, and the simulation environment.
//
// A request arriving at a (sc_time_stamp() + delay) starts at s = max(a, busy_until),
// holds the channel until s + T and completes at s + L (L >= T): unloaded latency L, at
// most one line per T. K requests in flight thus reach min(line / T, K * line / L).

#include "common/component.h"
#include "common/mem_ext.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace trvp::test {

struct logged {
    tlm::tlm_command cmd;
    uint64_t addr;
    unsigned len;
    access_kind kind;
    uint16_t key_id;
    sc_core::sc_time arrival;
};

class channel_memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<channel_memory> socket{"socket"};
    std::vector<uint8_t> bytes;
    std::vector<logged> log;
    const sc_core::sc_time latency, transfer;
    uint64_t base;

    channel_memory(const sc_core::sc_module_name& nm, sc_core::sc_time lat, sc_core::sc_time xfer,
                   uint64_t base_addr, size_t size)
        : sc_module(nm), bytes(size), latency(lat), transfer(xfer), base(base_addr) {
        for (size_t i = 0; i < size; ++i) bytes[i] = uint8_t(i * 7 + 3);
        socket.register_b_transport(this, &channel_memory::b_transport);
    }
    size_t count(access_kind k) const {
        return size_t(std::count_if(log.begin(), log.end(), [k](auto& r) { return r.kind == k; }));
    }

private:
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
        auto* ext = t.get_extension<mem_ext>();
        const sc_core::sc_time arrival = sc_core::sc_time_stamp() + delay;
        log.push_back({t.get_command(), t.get_address(), t.get_data_length(),
                       ext ? ext->kind : access_kind::load, ext ? ext->key_id : uint16_t(0),
                       arrival});
        const uint64_t off = t.get_address() - base;
        if (t.get_address() < base || off + t.get_data_length() > bytes.size()) {
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        const sc_core::sc_time start = std::max(arrival, m_busy_until);
        m_busy_until = start + transfer;
        delay = start + latency - sc_core::sc_time_stamp();
        if (ext) {
            ext->latency.add(stage::queue, start - arrival);
            ext->latency.add(stage::dram, latency);
        }
        if (t.get_command() == tlm::TLM_WRITE_COMMAND)
            std::copy_n(t.get_data_ptr(), t.get_data_length(), &bytes[off]);
        else if (t.get_command() == tlm::TLM_READ_COMMAND)
            std::copy_n(&bytes[off], t.get_data_length(), t.get_data_ptr());
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    sc_core::sc_time m_busy_until = sc_core::SC_ZERO_TIME;
};

struct sim {
    stats::registry reg;
    run_control control;
    sim_env env{reg, control};
    explicit sim(sc_core::sc_time quantum = sc_core::sc_time(1, sc_core::SC_US)) {
        env.clock_period = sc_core::sc_time(1, sc_core::SC_NS);
        tlm::tlm_global_quantum::instance().set(quantum);
    }
    const stats::stat* find(const std::string& name) const {
        const stats::stat* s = reg.find(name);
        BOOST_REQUIRE_MESSAGE(s, "no statistic " + name);
        return s;
    }
    bool no_throw_find(const std::string& name) const { return reg.find(name) != nullptr; }
    uint64_t count(const std::string& name) const {
        auto* c = dynamic_cast<const stats::counter*>(find(name));
        BOOST_REQUIRE_MESSAGE(c, name + " is not a counter");
        return c->value();
    }
    double value(const std::string& name) const {
        auto* f = dynamic_cast<const stats::formula*>(find(name));
        BOOST_REQUIRE_MESSAGE(f, name + " is not a formula");
        return f->value();
    }
};

} // namespace trvp::test
