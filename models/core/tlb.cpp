#include "tlb.h"

namespace trvp::core {

tlb::tlb(unsigned entries, unsigned ways)
    : m_entries(entries), m_next(entries / ways, 0), m_ways(ways), m_set_mask(entries / ways - 1) {
    flush_all();
}

void tlb::insert(const entry& e) {
    uint32_t set = e.vpn & m_set_mask;
    entry* s = &m_entries[set * m_ways];
    for (unsigned w = 0; w < m_ways; ++w) { // replace a stale copy of the same page first
        if (s[w].valid && s[w].vpn == e.vpn) {
            s[w] = e;
            return;
        }
    }
    for (unsigned w = 0; w < m_ways; ++w) {
        if (!s[w].valid) {
            s[w] = e;
            return;
        }
    }
    s[m_next[set]] = e;
    m_next[set] = (m_next[set] + 1) % m_ways;
}

void tlb::flush_all() {
    for (auto& e : m_entries) e.valid = false;
}

void tlb::flush(bool has_va, uint32_t va, bool has_asid, uint16_t asid) {
    for (auto& e : m_entries) {
        if (!e.valid) continue;
        // A megapage is cached per 4 KiB page: an address flush drops all of its pieces.
        bool va_match = !has_va || (e.mega ? (e.vpn >> 10) == (va >> 22) : e.vpn == (va >> 12));
        bool asid_match = !has_asid || (!(e.flags & pte::g) && e.asid == asid);
        if (va_match && asid_match) e.valid = false;
    }
}

} // namespace trvp::core
