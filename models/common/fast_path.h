#pragma once
// A fast path granted by the nearest model (docs/design.md#fast-paths). An initiator asks the
// model bound to its socket for it with get_direct_mem_ptr carrying a fast_path_ext; a
// model that offers one (an L1 cache) fills in `provider` and returns false for plain DMI.
// The provider serves only what it can serve exactly: an access through it costs the same
// cycles and updates the same replacement state and statistics as b_transport would. When
// it cannot (a miss, an uncacheable address), it returns false WITHOUT side effects and the
// initiator falls back to b_transport.

#include "line_memo.h"

#include <cstdint>
#include <tlm>

namespace trvp {

class fast_path_provider {
public:
    virtual ~fast_path_provider() = default;
    /** Serves a read of `len` bytes at physical `addr` under `key_id`; adds its latency. */
    virtual bool fast_read(uint64_t addr, void* data, unsigned len, uint16_t key_id,
                           uint64_t& cycles) = 0;
    virtual bool fast_write(uint64_t addr, const void* data, unsigned len, uint16_t key_id,
                            uint64_t& cycles) = 0;
    /** The provider's same-line memo (line_memo.h), if it keeps one; valid for its lifetime. */
    virtual line_memo* memo() { return nullptr; }
};

class fast_path_ext : public tlm::tlm_extension<fast_path_ext> {
public:
    fast_path_provider* provider = nullptr;
    tlm::tlm_extension_base* clone() const override { return new fast_path_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& o) override {
        provider = static_cast<const fast_path_ext&>(o).provider;
    }
};

} // namespace trvp
