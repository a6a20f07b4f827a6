#pragma once
// Physical memory protection (privileged spec, "Physical Memory Protection"): up to 16
// entries, OFF/TOR/NA4/NAPOT, the lock bit, a configurable granularity (docs/core.md#pmp).
#include "types.h"

#include <array>
#include <cstdint>

namespace trvp::core {

/** Parameters of the PMP unit (validated by pmp_unit, std::invalid_argument if bad). */
struct pmp_params {
    uint32_t entries = 0;     // 0..16 implemented entries (the lowest-numbered ones)
    uint32_t granularity = 4; // bytes, a power of two >= 4 (G = log2(granularity) - 2)
};

/** The pmpcfg/pmpaddr registers and the access check; knows nothing of the hart. */
class pmp_unit {
public:
    static constexpr uint8_t r = 1, w = 2, x = 4, a_mask = 0x18, lock = 0x80;
    enum mode : uint8_t { off = 0, tor = 1, na4 = 2, napot = 3 };

    explicit pmp_unit(const pmp_params& p);
    /** Every entry OFF, unlocked, address 0 (reset). */
    void reset();
    uint32_t read_cfg(unsigned reg) const;        // pmpcfg<reg>, reg 0..3
    void write_cfg(unsigned reg, uint32_t value); // WARL, locked entries unchanged
    uint32_t read_addr(unsigned i) const;         // pmpaddr<i>, i 0..15
    void write_addr(unsigned i, uint32_t value);  // WARL, ignored when locked
    /** Whether the PMP checks accesses made at privilege p (M: only with a locked entry). */
    bool applies(privilege p) const { return p == privilege::machine ? m_any_lock : m_entries; }
    /** The spec's check of [pa, pa+len) for permission `perm` (r, w or x) at privilege p:
     *  the lowest-numbered entry matching any byte decides; it must match every byte. */
    bool allows(uint32_t pa, uint32_t len, uint8_t perm, privilege p) const;
    uint32_t entries() const { return m_entries; }

private:
    void recompute();
    uint32_t effective_addr(unsigned i) const;

    uint32_t m_entries;
    unsigned m_g; // log2(granularity) - 2
    std::array<uint8_t, 16> m_cfg{};
    std::array<uint32_t, 16> m_addr{};
    // Decoded ranges [lo, hi) in bytes (34-bit addresses), per active entry in order.
    struct range {
        uint64_t lo, hi;
        uint8_t cfg;
    };
    std::array<range, 16> m_ranges{};
    unsigned m_active = 0;
    bool m_any_lock = false;
};

} // namespace trvp::core
