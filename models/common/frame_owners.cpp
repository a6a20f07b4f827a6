#include "frame_owners.h"

#include <algorithm>

namespace trvp {

bool frame_owners::allows_range(uint64_t addr, uint64_t len, uint16_t key_id) const {
    const uint64_t last = (addr + len - 1) >> frame_shift;
    for (uint64_t f = addr >> frame_shift; f <= last; ++f)
        if (!allows(f << frame_shift, key_id)) return false;
    return true;
}

bool frame_owners::allows_several(uint64_t frame, uint16_t key_id) const {
    auto it = m_several.find(frame);
    return it != m_several.end() &&
           std::find(it->second.begin(), it->second.end(), key_id) != it->second.end();
}

void frame_owners::set(uint64_t frame_addr, const std::vector<uint16_t>& keys) {
    const uint64_t f = frame_addr >> frame_shift;
    std::vector<uint16_t> k;
    for (uint16_t id : keys)
        if (id != unowned && std::find(k.begin(), k.end(), id) == k.end()) k.push_back(id);
    if (f >= m_key.size()) {
        if (k.empty()) return;
        m_key.resize(f + 1, unowned);
    }
    if (m_key[f] != unowned) --m_owned;
    m_several.erase(f);
    if (k.empty()) {
        m_key[f] = unowned;
        return;
    }
    ++m_owned;
    if (k.size() == 1) {
        m_key[f] = k.front();
    } else {
        m_key[f] = several;
        m_several[f] = std::move(k);
    }
}

} // namespace trvp
