#pragma once
// Which key id each physical 4 KiB frame may be accessed under: the memory side's view of the
// attribute bank's frame bindings (docs/attributes.md#frame-ownership-at-the-memory-side).
// Plain C++. The bank writes it whenever a frame's bindings change; the ownership checks of
// caches and routers (ownership.h) read it on every access they check, so a lookup is one
// load from a flat table indexed by frame number.

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace trvp {

class frame_owners {
public:
    static constexpr unsigned frame_shift = 12;
    static constexpr uint64_t frame_size = uint64_t(1) << frame_shift;

    /** True when an access under `key_id` to the frame holding `addr` is allowed: the frame
     *  is not bound to a protected context, or it is bound under this key id. */
    bool allows(uint64_t addr, uint16_t key_id) const {
        const uint64_t f = addr >> frame_shift;
        if (f >= m_key.size()) return true;
        const uint16_t k = m_key[f];
        return k == unowned || k == key_id || (k == several && allows_several(f, key_id));
    }
    /** allows() for every frame [addr, addr + len) touches (len > 0). */
    bool allows_range(uint64_t addr, uint64_t len, uint16_t key_id) const;
    /** Sets the key ids under which the frame at `frame_addr` (4 KiB aligned) may be accessed;
     *  an empty list (or only key id 0) makes it unowned again. */
    void set(uint64_t frame_addr, const std::vector<uint16_t>& keys);
    /** Frames currently owned. */
    size_t owned() const { return m_owned; }

private:
    static constexpr uint16_t unowned = 0;      // key id 0 is plaintext: never an owner
    static constexpr uint16_t several = 0xffff; // never a key id (the bank allows 1..65534)
    bool allows_several(uint64_t frame, uint16_t key_id) const;

    std::vector<uint16_t> m_key;                         // per frame number, grown on demand
    std::map<uint64_t, std::vector<uint16_t>> m_several; // frames bound under several key ids
    size_t m_owned = 0;
};

/** What owns a frame table (the attribute bank), as the ownership checks' factories find it. */
class frame_owner_source {
public:
    virtual ~frame_owner_source() = default;
    virtual const frame_owners& owners() const = 0;
};

} // namespace trvp
