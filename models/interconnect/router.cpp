#include "router.h"

#include "common/errors.h"
#include "common/mem_ext.h"
#include "common/tracer.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>

namespace trvp {

namespace {

constexpr uint64_t max_addr = std::numeric_limits<uint64_t>::max();

std::string describe(const address_range& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " [0x%llx, 0x%llx]", static_cast<unsigned long long>(r.base),
                  static_cast<unsigned long long>(r.base + r.size - 1));
    return "'" + r.port + "'" + buf;
}

// Bytes the payload touches: a streaming burst repeats over its streaming width.
uint64_t span_of(const tlm::tlm_generic_payload& t) {
    const unsigned sw = t.get_streaming_width();
    return (sw != 0 && sw < t.get_data_length()) ? sw : t.get_data_length();
}

} // namespace

void router::validate(const std::string& name, const router_params& p) {
    const std::string who = "router '" + name + "': ";
    std::vector<const address_range*> sorted;
    std::set<std::string> ports;
    for (const auto& r : p.map) {
        if (r.port.empty()) throw user_error(who + "a range has an empty port name");
        if (r.size == 0) throw user_error(who + "range '" + r.port + "' has size zero");
        if (r.size - 1 > max_addr - r.base)
            throw user_error(who + "range '" + r.port +
                             "' extends past the end of the address space");
        sorted.push_back(&r);
    }
    for (size_t i = 0; i < p.map.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (p.map[i].port == p.map[j].port)
                throw user_error(who + "ranges" + describe(p.map[j]) + " and" + describe(p.map[i]) +
                                 " use the same port name");
    std::sort(sorted.begin(), sorted.end(),
              [](const address_range* a, const address_range* b) { return a->base < b->base; });
    for (size_t i = 1; i < sorted.size(); ++i) {
        const address_range& a = *sorted[i - 1];
        const address_range& b = *sorted[i];
        if (b.base <= a.base + (a.size - 1))
            throw user_error(who + "range" + describe(a) + " overlaps range" + describe(b));
    }
}

router::router(const sc_core::sc_module_name& nm, sim_env& env, const router_params& p)
    : component(nm, env), in("in"), m_params((validate(std::string(nm), p), p)),
      m_address_errors(stats(), stat_name("address_errors"), "count",
                       "requests to an address no range holds"),
      m_routing_cycles(stats(), stat_name("routing_cycles"), "count",
                       "requests that came back to this router through a cycle of routers "
                       "(answered with an address error)"),
      m_ownership(*this, p.ownership, p.owners) {
    for (size_t i = 0; i < m_params.map.size(); ++i) m_by_base.push_back(i);
    // target: the map index (port) of the latest transaction, in the order of 'map:'
    if (env.trace) m_sig_target = env.trace->add(name(), "target", 8, 0xff); // 0xff: none yet
    std::sort(m_by_base.begin(), m_by_base.end(),
              [&](size_t a, size_t b) { return m_params.map[a].base < m_params.map[b].base; });

    in.register_b_transport(this, &router::b_transport);
    in.register_transport_dbg(this, &router::transport_dbg);
    in.register_get_direct_mem_ptr(this, &router::get_direct_mem_ptr);
    expose_target("in", in);

    for (size_t i = 0; i < m_params.map.size(); ++i) {
        const std::string& port = m_params.map[i].port;
        m_out.push_back(std::make_unique<init_socket>(port.c_str()));
        m_out.back()->register_invalidate_direct_mem_ptr(this, &router::invalidate_direct_mem_ptr,
                                                         static_cast<int>(i));
        expose_initiator(port, *m_out.back());
    }
}

std::optional<router::route> router::decode(uint64_t addr) const {
    // The last range whose base is <= addr is the only candidate.
    auto it = std::upper_bound(m_by_base.begin(), m_by_base.end(), addr,
                               [&](uint64_t a, size_t i) { return a < m_params.map[i].base; });
    if (it == m_by_base.begin()) return std::nullopt;
    const size_t i = *(it - 1);
    const uint64_t off = addr - m_params.map[i].base;
    if (off >= m_params.map[i].size) return std::nullopt;
    return route{i, off};
}

std::optional<router::route> router::decode_span(uint64_t addr, uint64_t len) const {
    auto r = decode(addr);
    if (!r) return r;
    const uint64_t size = m_params.map[r->port].size;
    if (len > size - r->offset) return std::nullopt; // runs off the end of the range
    return r;
}

bool router::cacheable(uint64_t addr) const {
    auto r = decode(addr);
    return r && m_params.map[r->port].cacheable;
}

std::pair<uint64_t, uint64_t> router::hole_around(uint64_t addr) const {
    uint64_t lo = 0, hi = max_addr;
    for (const auto& r : m_params.map) {
        const uint64_t last = r.base + (r.size - 1);
        if (last < addr) lo = std::max(lo, last + 1);
        if (r.base > addr) hi = std::min(hi, r.base - 1);
    }
    return {lo, hi};
}

bool router::came_back(const tlm::tlm_generic_payload& trans, uint64_t addr) {
    if (std::find(m_in_flight.begin(), m_in_flight.end(), &trans) == m_in_flight.end())
        return false;
    if (m_routing_cycles.value() == 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(addr));
        SC_REPORT_WARNING("trvp/router",
                          (std::string(name()) + ": routing cycle: a request for " + buf +
                           " came back to this router through its own ports (check "
                           "'connections:'); answered with an address error")
                              .c_str());
    }
    ++m_routing_cycles;
    return true;
}

namespace {
// Keeps `trans` in the router's in-flight list while it is forwarded.
class in_flight_guard {
public:
    in_flight_guard(std::vector<const tlm::tlm_generic_payload*>& list,
                    const tlm::tlm_generic_payload& t)
        : m_list(list), m_t(&t) {
        m_list.push_back(m_t);
    }
    ~in_flight_guard() { m_list.erase(std::find(m_list.begin(), m_list.end(), m_t)); }
    in_flight_guard(const in_flight_guard&) = delete;
    in_flight_guard& operator=(const in_flight_guard&) = delete;

private:
    std::vector<const tlm::tlm_generic_payload*>& m_list;
    const tlm::tlm_generic_payload* m_t;
};
} // namespace

void router::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const uint64_t addr = trans.get_address();
    auto r = decode_span(addr, span_of(trans));
    if (!r || came_back(trans, addr)) {
        if (!r) ++m_address_errors;
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const in_flight_guard guard(m_in_flight, trans);
    if (m_ownership.refuse(trans, delay)) return;
    if (tracer* tr = env().trace)
        tr->change(m_sig_target, sc_core::sc_time_stamp() + delay, r->port);
    delay += m_params.latency;
    if (auto* ext = trans.get_extension<mem_ext>())
        ext->latency.add(stage::interconnect, m_params.latency);
    trans.set_address(r->offset);
    (*m_out[r->port])->b_transport(trans, delay);
    trans.set_address(addr);
    if (!m_write_listeners.empty() && trans.is_write() && trans.is_response_ok())
        for (const write_listener& f : m_write_listeners) f(addr, trans.get_data_length());
}

unsigned router::transport_dbg(int, tlm::tlm_generic_payload& trans) {
    const uint64_t addr = trans.get_address();
    auto r = decode_span(addr, span_of(trans));
    if (!r || came_back(trans, addr)) return 0;
    const in_flight_guard guard(m_in_flight, trans);
    trans.set_address(r->offset);
    const unsigned n = (*m_out[r->port])->transport_dbg(trans);
    trans.set_address(addr);
    return n;
}

bool router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const uint64_t addr = trans.get_address();
    auto r = decode(addr);
    if (!r) {
        // No DMI in the hole; tell the initiator how far that answer holds.
        auto [lo, hi] = hole_around(addr);
        dmi.set_start_address(lo);
        dmi.set_end_address(hi);
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
        return false;
    }
    if (m_ownership.enabled()) { // a host pointer would bypass the check: refused everywhere
        dmi.set_start_address(0);
        dmi.set_end_address(max_addr);
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
        return false;
    }
    if (came_back(trans, addr)) {
        dmi.set_start_address(addr);
        dmi.set_end_address(addr);
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
        return false;
    }
    const in_flight_guard guard(m_in_flight, trans);
    const address_range& range = m_params.map[r->port];
    trans.set_address(r->offset);
    const bool granted = (*m_out[r->port])->get_direct_mem_ptr(trans, dmi);
    trans.set_address(addr);

    // Back to global addresses, clipped to the window the map gives the target.
    uint64_t start = dmi.get_start_address();
    uint64_t end = dmi.get_end_address();
    if (start >= range.size || end < start) {
        TRVP_PANIC("trvp/router", std::string(name()) + ": target behind '" + range.port +
                                      "' returned a DMI range outside its window");
    }
    end = std::min(end, range.size - 1);
    dmi.set_start_address(range.base + start);
    dmi.set_end_address(range.base + end);
    if (granted) {
        dmi.set_read_latency(dmi.get_read_latency() + m_params.latency);
        dmi.set_write_latency(dmi.get_write_latency() + m_params.latency);
    }
    return granted;
}

void router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
    const address_range& range = m_params.map[static_cast<size_t>(port)];
    if (start >= range.size || end < start) return; // outside the window: nobody holds it
    end = std::min<uint64_t>(end, range.size - 1);
    for (unsigned i = 0; i < in.size(); ++i)
        in[i]->invalidate_direct_mem_ptr(range.base + start, range.base + end);
}

} // namespace trvp
