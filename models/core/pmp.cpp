#include "pmp.h"

#include <stdexcept>

namespace trvp::core {

pmp_unit::pmp_unit(const pmp_params& p) : m_entries(p.entries), m_g(0) {
    if (p.entries > 16) throw std::invalid_argument("pmp: entries must be in [0, 16]");
    if (p.granularity < 4 || (p.granularity & (p.granularity - 1)))
        throw std::invalid_argument("pmp: granularity must be a power of two >= 4");
    while ((4u << m_g) < p.granularity) ++m_g;
    reset();
}

void pmp_unit::reset() {
    m_cfg.fill(0);
    m_addr.fill(0);
    recompute();
}

uint32_t pmp_unit::read_cfg(unsigned reg) const {
    uint32_t v = 0;
    for (unsigned b = 0; b < 4; ++b) v |= uint32_t(m_cfg[reg * 4 + b]) << (8 * b);
    return v;
}

void pmp_unit::write_cfg(unsigned reg, uint32_t value) {
    for (unsigned b = 0; b < 4; ++b) {
        unsigned i = reg * 4 + b;
        if (i >= m_entries || (m_cfg[i] & lock)) continue;
        auto c = uint8_t((value >> (8 * b)) & 0x9f); // bits 5-6 are reserved (zero)
        if (!(c & r)) c &= uint8_t(~w);              // R=0 W=1 is reserved: W reads 0
        if (m_g >= 1 && ((c & a_mask) >> 3) == na4)  // NA4 is not selectable when G >= 1
            c |= uint8_t(napot << 3);
        m_cfg[i] = c;
    }
    recompute();
}

uint32_t pmp_unit::effective_addr(unsigned i) const {
    uint32_t a = m_addr[i];
    unsigned mode = (m_cfg[i] & a_mask) >> 3;
    if (m_g >= 2 && mode == napot) return a | ((1u << (m_g - 1)) - 1);
    if (m_g >= 1 && mode != napot) return a & ~((1u << m_g) - 1);
    return a;
}

uint32_t pmp_unit::read_addr(unsigned i) const {
    return i < m_entries ? effective_addr(i) : 0;
}

void pmp_unit::write_addr(unsigned i, uint32_t value) {
    if (i >= m_entries || (m_cfg[i] & lock)) return;
    // A locked TOR entry also locks the address below it (its bottom).
    if (i + 1 < m_entries && (m_cfg[i + 1] & lock) && ((m_cfg[i + 1] & a_mask) >> 3) == tor) return;
    m_addr[i] = value;
    recompute();
}

void pmp_unit::recompute() {
    m_active = 0;
    m_any_lock = false;
    for (unsigned i = 0; i < m_entries; ++i) {
        uint8_t c = m_cfg[i];
        if (c & lock) m_any_lock = true;
        uint64_t a = effective_addr(i);
        uint64_t lo = 0, hi = 0;
        switch ((c & a_mask) >> 3) {
        case off:
            continue;
        case tor:
            lo = i ? uint64_t(effective_addr(i - 1)) << 2 : 0;
            hi = a << 2;
            break;
        case na4:
            lo = a << 2;
            hi = lo + 4;
            break;
        default: { // NAPOT: trailing ones of pmpaddr give the size
            unsigned t = 0;
            while (t < 32 && ((a >> t) & 1)) ++t;
            uint64_t size = uint64_t(8) << t;
            lo = (a << 2) & ~(size - 1);
            hi = lo + size;
            break;
        }
        }
        // A TOR entry with bottom >= top matches nothing but still takes its place in order.
        m_ranges[m_active++] = {lo, hi, c};
    }
}

bool pmp_unit::allows(uint32_t pa, uint32_t len, uint8_t perm, privilege p) const {
    const uint64_t b = pa, e = b + len;
    for (unsigned k = 0; k < m_active; ++k) {
        const range& rg = m_ranges[k];
        if (rg.lo >= e || b >= rg.hi) continue;   // no byte matches
        if (b < rg.lo || e > rg.hi) return false; // matches only some bytes
        if (p == privilege::machine && !(rg.cfg & lock)) return true;
        return (rg.cfg & perm) != 0;
    }
    return p == privilege::machine; // no match: M succeeds, S/U fail (entries implemented)
}

} // namespace trvp::core
