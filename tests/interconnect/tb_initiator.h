#pragma once
// Test bench helpers shared by the interconnect, memory and peripheral benches: an
// environment for components and an initiator whose calls the test body makes directly
// (after sc_start(SC_ZERO_TIME) has finished elaboration; targets never wait()).

#include "common/component.h"
#include "common/dmi_ext.h"
#include "common/mem_ext.h"

#include <cstring>
#include <string>
#include <tlm_utils/simple_initiator_socket.h>
#include <utility>
#include <vector>

namespace trvp::test {

struct test_env {
    stats::registry reg;
    run_control control;
    sim_env env{reg, control};

    uint64_t count(const std::string& name) const {
        auto* c = dynamic_cast<const stats::counter*>(reg.find(name));
        if (!c) throw std::runtime_error("no counter " + name);
        return c->value();
    }
};

class tb_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<tb_initiator, 32> socket;
    /** Every invalidate_direct_mem_ptr received, as [start, end]. */
    std::vector<std::pair<uint64_t, uint64_t>> invalidations;

    explicit tb_initiator(const sc_core::sc_module_name& nm) : sc_module(nm), socket("socket") {
        socket.register_invalidate_direct_mem_ptr(this, &tb_initiator::invalidate);
    }

    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                    sc_core::sc_time& delay, mem_ext* ext = nullptr,
                                    unsigned streaming_width = 0, uint8_t* be = nullptr,
                                    unsigned be_len = 0) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<unsigned char*>(data));
        t.set_data_length(len);
        t.set_streaming_width(streaming_width ? streaming_width : len);
        t.set_byte_enable_ptr(be);
        t.set_byte_enable_length(be_len);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (ext) t.set_extension(ext);
        socket->b_transport(t, delay);
        if (ext) t.clear_extension(ext);
        if (t.get_address() != addr) throw std::runtime_error("address not restored");
        last_dmi_allowed = t.is_dmi_allowed();
        return t.get_response_status();
    }
    tlm::tlm_response_status write(uint64_t addr, const void* data, unsigned len,
                                   sc_core::sc_time& delay, mem_ext* ext = nullptr) {
        return access(tlm::TLM_WRITE_COMMAND, addr, const_cast<void*>(data), len, delay, ext);
    }
    tlm::tlm_response_status read(uint64_t addr, void* data, unsigned len, sc_core::sc_time& delay,
                                  mem_ext* ext = nullptr) {
        return access(tlm::TLM_READ_COMMAND, addr, data, len, delay, ext);
    }
    // Convenience: 32-bit accesses at zero delay; status checked by the caller via `status`.
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
    bool last_dmi_allowed = false;
    void write32(uint64_t addr, uint32_t v, unsigned len = 4) {
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        status = write(addr, &v, len, d);
    }
    uint32_t read32(uint64_t addr, unsigned len = 4) {
        uint32_t v = 0;
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        status = read(addr, &v, len, d);
        return v;
    }

    bool get_dmi(uint64_t addr, tlm::tlm_dmi& dmi, dmi_ext* ext = nullptr) {
        tlm::tlm_generic_payload t;
        t.set_command(tlm::TLM_READ_COMMAND);
        t.set_address(addr);
        dmi.init();
        if (ext) t.set_extension(ext);
        const bool ok = socket->get_direct_mem_ptr(t, dmi);
        if (ext) t.clear_extension(ext);
        return ok;
    }

    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<unsigned char*>(data));
        t.set_data_length(len);
        return socket->transport_dbg(t);
    }

private:
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) {
        invalidations.emplace_back(start, end);
    }
};

} // namespace trvp::test
