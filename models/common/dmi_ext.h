#pragma once
// What a DMI grant carries besides the pointer: the granting model's own statistics, so an
// initiator using the pointer counts exactly what a b_transport would.
//
// Protocol: the initiator attaches a dmi_ext to the payload it passes to get_direct_mem_ptr.
// The model that grants the pointer names its request and byte counters in `read` and
// `write`; the initiator sets their cycles from the DMI latencies. A grant whose accounts are
// not valid() is not used.

#include "access_account.h"

#include <tlm>

namespace trvp {

class dmi_ext : public tlm::tlm_extension<dmi_ext> {
public:
    access_account read;  // one read through the pointer
    access_account write; // one write through the pointer

    tlm::tlm_extension_base* clone() const override { return new dmi_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const dmi_ext&>(other);
    }
};

} // namespace trvp
