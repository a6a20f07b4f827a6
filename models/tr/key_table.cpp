#include "key_table.h"

#include <stdexcept>

namespace trvp {

const char* to_string(key_status s) {
    switch (s) {
    case key_status::ok:
        return "ok";
    case key_status::full:
        return "key table full";
    case key_status::bad_id:
        return "invalid key id";
    case key_status::not_allocated:
        return "key id not allocated";
    case key_status::not_draining:
        return "key id not draining";
    }
    return "?";
}

key_table::key_table(const key_table_params& p) {
    // Key ids travel in 16-bit fields (mem_ext::key_id).
    if (p.capacity == 0 || p.capacity > 0xfffe)
        throw std::invalid_argument("key_table: capacity must be in [1, 65534]");
    m_slots.resize(p.capacity + 1);
    m_ids = p.capacity + 1;
}

key_table::acquire_result key_table::acquire(const key128& key) {
    auto it = m_by_key.find(key);
    if (it != m_by_key.end()) {
        ++m_slots[it->second].refs;
        return {key_status::ok, it->second};
    }
    for (uint16_t id = 1; id < m_slots.size(); ++id) {
        slot& s = m_slots[id];
        if (s.state != id_state::free) continue;
        s.key = key;
        s.refs = 1;
        ++s.generation;
        s.state = id_state::active;
        m_by_key.emplace(key, id);
        ++m_active;
        return {key_status::ok, id};
    }
    return {key_status::full, 0};
}

key_status key_table::retain(uint16_t id) {
    if (!valid(id)) return key_status::bad_id;
    if (m_slots[id].state != id_state::active) return key_status::not_allocated;
    ++m_slots[id].refs;
    return key_status::ok;
}

key_status key_table::release(uint16_t id) {
    if (!valid(id)) return key_status::bad_id;
    slot& s = m_slots[id];
    if (s.state != id_state::active) return key_status::not_allocated;
    if (--s.refs == 0) {
        s.state = id_state::draining;
        m_by_key.erase(s.key);
        --m_active;
    }
    return key_status::ok;
}

std::vector<uint16_t> key_table::pending_scrub() const {
    std::vector<uint16_t> ids;
    for (uint16_t id = 1; id < m_slots.size(); ++id)
        if (m_slots[id].state == id_state::draining) ids.push_back(id);
    return ids;
}

key_status key_table::scrubbed(uint16_t id) {
    if (!valid(id)) return key_status::bad_id;
    slot& s = m_slots[id];
    if (s.state != id_state::draining) return key_status::not_draining;
    s.key.fill(0);
    s.state = id_state::free;
    return key_status::ok;
}

key_table::id_state key_table::state(uint16_t id) const {
    return valid(id) ? m_slots[id].state : id_state::free;
}

uint32_t key_table::refcount(uint16_t id) const {
    return valid(id) ? m_slots[id].refs : 0;
}

} // namespace trvp
