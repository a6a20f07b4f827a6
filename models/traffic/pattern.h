#pragma once
// The address and read/write sequence of a traffic generator, without time: plain C++.
//
// Request i (from 0) goes to
//   sequential: base + (i * line_size) mod size
//   stride:     base + (i * stride) mod size
//   random:     base + line_size * u_i, u_i uniform over the size / line_size lines
//               (xorshift64* seeded with `seed`, reduced by multiply-shift)
// and is a write iff floor((i + 1) * f) > floor(i * f), f = write_fraction: exactly
// floor(n * f) of the first n requests are writes, spread evenly.

#include "params.h"

#include <cstdint>

namespace trvp {

class traffic_pattern {
public:
    struct request {
        uint64_t addr;
        bool write;
    };

    /** Validates p (user_error naming `who` and the problem). */
    traffic_pattern(const traffic_params& p, const std::string& who);

    /** The next request of the sequence. */
    request next();

private:
    enum class kind : uint8_t { sequential, stride, random };

    uint64_t random_line();

    kind m_kind = kind::sequential;
    uint64_t m_base, m_size, m_step, m_lines;
    unsigned m_line;
    double m_write_fraction;
    uint64_t m_state; // xorshift64* state, never 0
    uint64_t m_index = 0;
    uint64_t m_offset = 0; // of the next sequential/stride request, < size
};

} // namespace trvp
