#pragma once
// The key table: key id -> 128-bit key, reference counted, inside the chip. Pure C++.
//
// Key id 0 is reserved for plaintext and never allocated. Identical key values share one
// key id, so every sharer of a region tags its cache lines with the same id. A released id
// (count 0) is not free at once: it is `draining` until every cache line tagged with it has
// been cleaned (written back and invalidated); whoever performs that clean calls scrubbed().
// acquire() never hands out a draining id. Each (re)allocation bumps the id's generation,
// so the encryption unit can drop key schedules it cached for an earlier key.
// Running out of ids is an error code, never an exception or a crash.

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace trvp {

using key128 = std::array<uint8_t, 16>;

struct key_table_params {
    unsigned capacity = 63; // allocatable key ids: 1..capacity (id 0 is plaintext)
};

enum class key_status : uint8_t {
    ok,
    full,          // no free id (draining ids do not count as free)
    bad_id,        // 0 or beyond the capacity
    not_allocated, // the id is free or draining
    not_draining,  // scrubbed() of an id that is not waiting for its clean
};
const char* to_string(key_status s);

class key_table {
public:
    enum class id_state : uint8_t { free, active, draining };

    struct acquire_result {
        key_status status;
        uint16_t id; // valid when status == ok
    };

    explicit key_table(const key_table_params& p = {});

    /** Holds a reference to `key`: its existing id (count + 1) or a new id (count 1). */
    acquire_result acquire(const key128& key);
    /** Another reference to an active id (an attribute-register entry copying a handle). */
    key_status retain(uint16_t id);
    /** Drops one reference; at zero the id starts draining (see pending_scrub()). */
    key_status release(uint16_t id);

    /** Ids waiting for their cache lines to be cleaned, ascending. */
    std::vector<uint16_t> pending_scrub() const;
    /** Every line tagged `id` has been cleaned: the id's key is wiped and the id is free. */
    key_status scrubbed(uint16_t id);

    id_state state(uint16_t id) const;
    uint32_t refcount(uint16_t id) const;
    /** Bumped each time the id is allocated; 0 for an id never used. Inline: the encryption
     *  unit checks it on every line. */
    uint32_t generation(uint16_t id) const { return valid(id) ? m_slots[id].generation : 0; }
    unsigned capacity() const { return static_cast<unsigned>(m_slots.size()) - 1; }
    /** Number of ids, including the reserved id 0 (valid ids are below this). */
    unsigned id_count() const { return static_cast<unsigned>(m_slots.size()); }
    unsigned active_count() const { return m_active; }

    /**
     * The key bytes of an active or draining id. FOR THE ENCRYPTION UNIT ONLY: software never
     * reads a key back, and nothing on a guest-visible path (secure unit results, statistics,
     * dumps) may call this. Draining ids keep their key so that their dirty lines can still
     * be written back encrypted. Returns nullptr for id 0, free or invalid ids.
     */
    const key128* key_for_eu(uint16_t id) const {
        if (!valid(id) || m_slots[id].state == id_state::free) return nullptr;
        return &m_slots[id].key;
    }

private:
    struct slot {
        key128 key{};
        uint32_t refs = 0;
        uint32_t generation = 0;
        id_state state = id_state::free;
    };

    bool valid(uint16_t id) const { return id != 0 && id < m_ids; }

    std::vector<slot> m_slots;           // index = key id; slot 0 unused
    unsigned m_ids = 0;                  // m_slots.size(), fixed (no divide per check)
    std::map<key128, uint16_t> m_by_key; // active ids only
    unsigned m_active = 0;
};

} // namespace trvp
