#include "pattern.h"

#include "common/errors.h"

#include <cmath>

namespace trvp {

traffic_pattern::traffic_pattern(const traffic_params& p, const std::string& who)
    : m_base(p.base), m_size(p.size), m_step(p.line_size), m_lines(0), m_line(p.line_size),
      m_write_fraction(p.write_fraction), m_state(p.seed ? p.seed : 0x9e3779b97f4a7c15ull) {
    auto fail = [&](const std::string& what) { throw user_error(who + ": " + what); };
    // The limits of single parameters are declared by the factory (traffic_factory.cpp),
    // which reports them against the configuration; here they can only be a caller's bug.
    auto require = [&](bool ok, const std::string& what) {
        if (!ok) TRVP_PANIC("trvp/traffic", who + ": " + what);
    };
    require(p.line_size >= 4 && p.line_size <= 4096 && !(p.line_size & (p.line_size - 1)),
            "line_size must be a power of two between 4 and 4096, got " +
                std::to_string(p.line_size));
    require(p.write_fraction >= 0.0 && p.write_fraction <= 1.0,
            "write_fraction must be between 0 and 1");
    require(p.in_flight >= 1, "in_flight must be at least 1");
    // Relations between parameters: the user's to get right.
    if (p.size == 0 || p.size % p.line_size)
        fail("size " + std::to_string(p.size) + " must be a non-zero multiple of line_size " +
             std::to_string(p.line_size));
    if (p.base % p.line_size) fail("base must be aligned to line_size");
    if (p.base + p.size < p.base) fail("base + size overflows the address space");
    m_lines = p.size / p.line_size;
    if (p.pattern == "sequential") {
        m_kind = kind::sequential;
    } else if (p.pattern == "stride") {
        m_kind = kind::stride;
        if (p.stride == 0 || p.stride % p.line_size)
            fail("stride " + std::to_string(p.stride) +
                 " must be a non-zero multiple of line_size " + std::to_string(p.line_size));
        m_step = p.stride % p.size;
    } else if (p.pattern == "random") {
        m_kind = kind::random;
    } else {
        require(false, "pattern '" + p.pattern + "' is unknown (sequential, random, stride)");
    }
}

uint64_t traffic_pattern::random_line() {
    m_state ^= m_state >> 12;
    m_state ^= m_state << 25;
    m_state ^= m_state >> 27;
    const uint64_t r = m_state * 0x2545f4914f6cdd1dull;
    return uint64_t((unsigned __int128)r * m_lines >> 64);
}

traffic_pattern::request traffic_pattern::next() {
    request r;
    if (m_kind == kind::random) {
        r.addr = m_base + random_line() * m_line;
    } else {
        r.addr = m_base + m_offset;
        m_offset += m_step;
        if (m_offset >= m_size) m_offset -= m_size;
    }
    const double f = m_write_fraction;
    r.write = std::floor(double(m_index + 1) * f) > std::floor(double(m_index) * f);
    ++m_index;
    return r;
}

} // namespace trvp
