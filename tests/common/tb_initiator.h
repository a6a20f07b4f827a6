#pragma once
// The test initiator of every model bench: a socket whose calls the test body makes
// directly, after sc_start(SC_ZERO_TIME) has finished elaboration (the targets under test
// never wait()). It builds one payload per call: accesses with an optional mem_ext, byte
// enables and streaming width, debug transport, DMI requests (and fast_path_ext probes),
// cache maintenance, and it records the DMI invalidations it receives.

#include "common/cache_op.h"
#include "common/dmi_ext.h"
#include "common/fast_path.h"
#include "common/mem_ext.h"

#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <stdexcept>
#include <systemc>
#include <tlm>
#include <utility>
#include <vector>

namespace trvp::test {

class tb_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<tb_initiator, 32> socket;
    /** Every invalidate_direct_mem_ptr received, as [start, end]. */
    std::vector<std::pair<uint64_t, uint64_t>> invalidations;
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE; // of read32/write32
    bool last_dmi_allowed = false;                          // the DMI hint of the last access

    explicit tb_initiator(const sc_core::sc_module_name& nm) : sc_module(nm), socket("socket") {
        socket.register_invalidate_direct_mem_ptr(this, &tb_initiator::invalidate);
    }

    /**
     * One b_transport; `delay` is annotated in place. The target must restore the address.
     * be/be_len: byte enables (none if null); streaming_width 0 = the data length.
     */
    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                    sc_core::sc_time& delay, mem_ext* ext = nullptr,
                                    unsigned streaming_width = 0, const uint8_t* be = nullptr,
                                    unsigned be_len = 0) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<unsigned char*>(data));
        t.set_data_length(len);
        t.set_streaming_width(streaming_width ? streaming_width : len);
        t.set_byte_enable_ptr(const_cast<uint8_t*>(be));
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
    /** Accesses of `len` <= 4 bytes at zero delay; the status is left in `status`. */
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

    /** A cache maintenance request (TLM_IGNORE_COMMAND carrying `op`). */
    tlm::tlm_response_status maintain(cache_op_ext& op, sc_core::sc_time& delay) {
        tlm::tlm_generic_payload t;
        t.set_command(tlm::TLM_IGNORE_COMMAND);
        t.set_address(0);
        t.set_data_length(0);
        t.set_extension(&op);
        socket->b_transport(t, delay);
        t.clear_extension(&op);
        return t.get_response_status();
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
    /** The provider a fast_path_ext request gets (nullptr if none, or if DMI was granted). */
    fast_path_provider* fast_path() {
        tlm::tlm_generic_payload t;
        fast_path_ext f;
        tlm::tlm_dmi dmi;
        t.set_extension(&f);
        const bool dmi_ok = socket->get_direct_mem_ptr(t, dmi);
        t.clear_extension(&f);
        return dmi_ok ? nullptr : f.provider;
    }

    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                   mem_ext* ext = nullptr) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<unsigned char*>(data));
        t.set_data_length(len);
        t.set_streaming_width(len);
        if (ext) t.set_extension(ext);
        const unsigned n = socket->transport_dbg(t);
        if (ext) t.clear_extension(ext);
        return n;
    }

private:
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) {
        invalidations.emplace_back(start, end);
    }
};

} // namespace trvp::test
