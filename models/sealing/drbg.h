#pragma once
// The chip's random source: one NIST SP 800-90A Hash_DRBG (SHA-256) per chip, instantiated
// from a seed that stands for the physical entropy source. Same seed, same bytes: runs are
// reproducible. Nothing reads the seed or the state back; guests only see generate() output.

#include "bytes.h"

#include <memory>

namespace trvp::sealing {

class drbg {
public:
    /**
     * Instantiates Hash_DRBG(SHA-256) with entropy = SHA-256(seed) and the personalization
     * string "trvp-drbg". Any seed length is accepted, including empty.
     */
    explicit drbg(cspan seed);
    ~drbg();
    drbg(drbg&&) noexcept;
    drbg& operator=(drbg&&) noexcept;
    drbg(const drbg&) = delete;
    drbg& operator=(const drbg&) = delete;

    /** Fills `out` with the next out.size bytes of the stream (any size). */
    void generate(mspan out);
    bytes generate(size_t n);
    /** The next 4 bytes of the stream, little endian. */
    uint32_t next_u32();
    /** Bytes handed out so far (a statistic). */
    uint64_t bytes_generated() const { return m_generated; }

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
    uint64_t m_generated = 0;
};

} // namespace trvp::sealing
