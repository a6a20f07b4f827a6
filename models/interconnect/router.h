#pragma once
// The address map: one target socket "in" that any number of initiators bind to, and one
// initiator socket per map entry, named by the entry's port. Requests are forwarded with
// the address translated to the target's offset; holes answer TLM_ADDRESS_ERROR_RESPONSE.
//
// With the ownership check on, requests to frames of protected contexts under another key id
// are refused (TLM_GENERIC_ERROR_RESPONSE, mem_ext::fault = ownership) and DMI is refused.
//
// Statistics: none per transaction, on purpose. A DMI fast path around the router must
// produce identical statistics, and the router cannot see those accesses; its latency is
// folded into the DMI latencies it forwards instead. Only address errors are counted
// (a DMI grant never covers a hole, so the fast path cannot miss one).
//
// A request that comes back to a router it already went through (routers bound in a cycle)
// is answered with TLM_ADDRESS_ERROR_RESPONSE (DMI refused) instead of recursing until the
// host stack overflows; it is counted in routing_cycles and reported once.

#include "common/component.h"
#include "common/ownership.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace trvp {

struct address_range {
    std::string port;  // name of the initiator socket serving the range
    uint64_t base = 0; // first global address
    uint64_t size = 0; // bytes, > 0
    bool cacheable = false;
};

struct router_params {
    std::vector<address_range> map;
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME; // added to every forwarded request
    /** Frame-ownership check of every request arriving at "in" (common/ownership.h): DMA-like
     *  initiators on the bus pass no cache. `owners` is required when it is enabled; DMI is
     *  then refused (a host pointer would bypass the check). */
    ownership_params ownership;
    const frame_owners* owners = nullptr;
};

class router : public component {
public:
    struct route {
        size_t port;     // index into params().map
        uint64_t offset; // address relative to the range's base
    };

    tlm_utils::multi_passthrough_target_socket<router, 32> in;

    router(const sc_core::sc_module_name& nm, sim_env& env, const router_params& p);

    /** The range holding `addr` and the offset within it; nullopt for a hole. */
    std::optional<route> decode(uint64_t addr) const;
    /** Whether `addr` lies in a range marked cacheable (holes are not). */
    bool cacheable(uint64_t addr) const;
    const router_params& params() const { return m_params; }

    /** Called after every write forwarded by b_transport that succeeded: its global address
     *  and length. A core with `snoop: <this router>` ends its LR reservation there
     *  (docs/core.md, "Instruction set"). */
    using write_listener = std::function<void(uint64_t addr, uint64_t len)>;
    void listen_writes(write_listener fn) { m_write_listeners.push_back(std::move(fn)); }

    /** Throws user_error if the map has zero sizes, overlaps or duplicate port names. */
    static void validate(const std::string& name, const router_params& p);

private:
    using init_socket = tlm_utils::simple_initiator_socket_tagged<router, 32>;

    const router_params m_params;
    std::vector<size_t> m_by_base; // indices into m_params.map sorted by base
    std::vector<std::unique_ptr<init_socket>> m_out;
    stats::counter m_address_errors;
    stats::counter m_routing_cycles;
    // Requests this router is forwarding now (a request met again has gone round a cycle).
    std::vector<const tlm::tlm_generic_payload*> m_in_flight;
    uint32_t m_sig_target = 0; // VCD signal (tracing on)
    ownership_check m_ownership;
    std::vector<write_listener> m_write_listeners;

    // Decodes [addr, addr + len) to a single range; nullopt if any byte falls outside.
    std::optional<route> decode_span(uint64_t addr, uint64_t len) const;
    // The hole around `addr` (which no range holds), as [lo, hi].
    std::pair<uint64_t, uint64_t> hole_around(uint64_t addr) const;
    /** True (counted, reported once) when `trans` is already being forwarded here. */
    bool came_back(const tlm::tlm_generic_payload& trans, uint64_t addr);

    void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);
};

} // namespace trvp
