#pragma once
// What a DMI grant carries besides the pointer: the granting model's own counters, so an
// initiator using the pointer bumps exactly the statistics a b_transport would, and the
// per-stage split of the grant's latencies, so latency records match the full path too.
//
// Protocol: the initiator attaches a dmi_ext to the payload it passes to
// get_direct_mem_ptr (cleared). The model that grants the pointer fills in its counters;
// models on the way (the router) add their latency to the stage records. A model that
// grants DMI but leaves `reads` null has no per-access statistics to keep.

#include "mem_ext.h"

#include <cstdint>
#include <tlm>

namespace trvp {

class dmi_ext : public tlm::tlm_extension<dmi_ext> {
public:
    /** The granting model's counters; one read/write per access, as b_transport counts. */
    uint64_t* reads = nullptr;
    uint64_t* writes = nullptr;
    uint64_t* read_bytes = nullptr;
    uint64_t* write_bytes = nullptr;
    /** The grant's read and write latencies split by stage (they sum to the DMI latency). */
    latency_record read_latency;
    latency_record write_latency;

    void count_read(uint64_t bytes) {
        if (reads) ++*reads;
        if (read_bytes) *read_bytes += bytes;
    }
    void count_write(uint64_t bytes) {
        if (writes) ++*writes;
        if (write_bytes) *write_bytes += bytes;
    }
    void clear() { *this = dmi_ext(); }

    tlm::tlm_extension_base* clone() const override { return new dmi_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const dmi_ext&>(other);
    }
};

} // namespace trvp
