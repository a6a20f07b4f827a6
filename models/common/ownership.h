#pragma once
// The memory-side frame-ownership check of one component (a cache level or a router):
// docs/attributes.md#frame-ownership-at-the-memory-side. It refuses a request whose key id
// is not one the frame is bound under (frame_owners): the kernel's plaintext alias of a
// protected frame, another context, a DMA-like initiator. Writes are checked (all kinds but
// `writeback`: a dirty line was checked when it was written), reads only with `reads`. A
// refusal answers TLM_GENERIC_ERROR_RESPONSE with mem_ext::fault = ownership, counts
// `<component>.ownership.*` and pulses `<component>.ownership_refused` in the VCD. The check
// takes no simulated time; off (the default) it costs one test of a null pointer.

#include "component.h"
#include "frame_owners.h"
#include "mem_ext.h"

#include <memory>

namespace trvp {

struct ownership_params {
    bool enabled = false; // check at all (needs a frame_owners table, from an attribute bank)
    bool reads = false;   // check reads too (a plaintext alias read shows only ciphertext)
};

class ownership_check {
public:
    /** `owners` may be null only when !p.enabled; statistics exist only when enabled. */
    ownership_check(component& owner, const ownership_params& p, const frame_owners* owners);

    bool enabled() const { return m_owners != nullptr; }
    /** The fast paths' test (no kind known: a core's load, store or fetch). */
    bool refuses_fast(uint64_t addr, bool write, uint16_t key_id) const {
        return m_owners && (write || m_reads) && !m_owners->allows(addr, key_id);
    }
    /** True if the check refuses `t`; then the response, fault, statistics and trace are set
     *  (at local time sc_time_stamp() + delay). Inline test first: most calls return at once. */
    bool refuse(tlm::tlm_generic_payload& t, const sc_core::sc_time& delay) {
        return m_owners && checked(t) && !allowed(t) && (reject(t, delay), true);
    }

private:
    bool checked(const tlm::tlm_generic_payload& t) const;
    bool allowed(const tlm::tlm_generic_payload& t) const;
    void reject(tlm::tlm_generic_payload& t, const sc_core::sc_time& delay);

    component& m_owner;
    const frame_owners* const m_owners; // null: off
    const bool m_reads;
    std::unique_ptr<stats::counter> m_refused, m_refused_reads, m_refused_writes;
    uint32_t m_sig = 0; // VCD signal (tracing on)
};

} // namespace trvp
