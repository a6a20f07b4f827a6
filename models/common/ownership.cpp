#include "ownership.h"

#include "errors.h"
#include "tracer.h"

namespace trvp {

ownership_check::ownership_check(component& owner, const ownership_params& p,
                                 const frame_owners* owners)
    : m_owner(owner), m_owners(p.enabled ? owners : nullptr), m_reads(p.reads) {
    if (!p.enabled) return;
    if (!owners)
        TRVP_PANIC("trvp/ownership",
                   std::string(owner.name()) + ": ownership check enabled without frame owners");
    auto add = [&](const char* leaf, const char* desc) {
        return std::make_unique<stats::counter>(owner.stats(), owner.stat_name(leaf), "count",
                                                desc);
    };
    m_refused = add("ownership.refused",
                    "requests refused: the frame is bound to a protected context under another "
                    "key id");
    m_refused_reads = add("ownership.refused_reads", "refused requests that were reads");
    m_refused_writes = add("ownership.refused_writes", "refused requests that were writes");
    if (tracer* tr = owner.env().trace) m_sig = tr->add(owner.name(), "ownership_refused", 1);
}

bool ownership_check::checked(const tlm::tlm_generic_payload& t) const {
    switch (t.get_command()) {
    case tlm::TLM_READ_COMMAND:
        return m_reads;
    case tlm::TLM_WRITE_COMMAND: {
        const mem_ext* ext = t.get_extension<mem_ext>();
        return !ext || ext->kind != access_kind::writeback;
    }
    default:
        return false; // cache maintenance and the like carry no data
    }
}

bool ownership_check::allowed(const tlm::tlm_generic_payload& t) const {
    const mem_ext* ext = t.get_extension<mem_ext>();
    const uint16_t key = ext ? ext->key_id : 0;
    const unsigned len = t.get_data_length();
    return len == 0 || m_owners->allows_range(t.get_address(), len, key);
}

void ownership_check::reject(tlm::tlm_generic_payload& t, const sc_core::sc_time& delay) {
    ++*m_refused;
    ++*(t.is_write() ? m_refused_writes : m_refused_reads);
    if (mem_ext* ext = t.get_extension<mem_ext>()) ext->fault = mem_fault::ownership;
    t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    if (tracer* tr = m_owner.env().trace)
        tr->pulse(m_sig, sc_core::sc_time_stamp() + delay, m_owner.env().clock_period);
}

} // namespace trvp
