#pragma once
// Cache maintenance travels as a TLM_IGNORE_COMMAND transaction carrying a cache_op_ext.
// Each cache applies it to itself (write-backs are real, timed transactions) and forwards
// it downstream; targets that hold no cache ignore it. Used by fence.i (clean the data
// side, invalidate the instruction side) and, later, by the key table before a freed key
// id is reused (clean + invalidate every line tagged with it).

#include <cstdint>
#include <tlm>

namespace trvp {

class cache_op_ext : public tlm::tlm_extension<cache_op_ext> {
public:
    enum class op : uint8_t { clean, invalidate, clean_invalidate };
    enum class scope : uint8_t { all, key_id, range };
    op what = op::clean;
    scope which = scope::all;
    uint16_t key_id = 0;             // with scope::key_id
    uint64_t base = 0, size = 0;     // with scope::range (physical addresses)
    uint64_t lines_written_back = 0; // filled in on the way back, for statistics and tests

    tlm::tlm_extension_base* clone() const override { return new cache_op_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& o) override {
        *this = static_cast<const cache_op_ext&>(o);
    }
};

} // namespace trvp
