#pragma once
// Exact unsigned division by a divisor fixed at construction, for per-request hot paths
// (ticks -> cycles, address -> line, histogram buckets) where a hardware 64-bit divide
// costs more than the rest of the arithmetic. Header only, plain C++.

#include <cstdint>

namespace trvp {

class divider {
public:
    /** `d` must be non-zero. */
    explicit divider(uint64_t d) : m_d(d ? d : 1) {
        if ((m_d & (m_d - 1)) == 0) {
            while ((uint64_t(1) << m_shift) != m_d) ++m_shift;
        } else {
            m_shift = -1;
            m_magic = ~uint64_t(0) / m_d; // floor(2^64 / d): d is not a power of two
        }
    }

    uint64_t divisor() const { return m_d; }

    /** floor(x / divisor()). */
    uint64_t operator()(uint64_t x) const {
        if (m_shift >= 0) return x >> m_shift;
        // x * magic / 2^64 lies in (x/d - 1, x/d]: the estimate is exact or one short.
        uint64_t q = static_cast<uint64_t>((static_cast<unsigned __int128>(x) * m_magic) >> 64);
        if (x - q * m_d >= m_d) ++q;
        return q;
    }

    /** x % divisor(). */
    uint64_t rem(uint64_t x) const { return x - (*this)(x)*m_d; }

private:
    uint64_t m_d;
    uint64_t m_magic = 0;
    int m_shift = 0; // log2(d) for a power of two, else -1
};

} // namespace trvp
