#include "drbg.h"

#include "pka.h"

#include <cryptopp/drbg.h>
#include <cryptopp/sha.h>

#include <algorithm>

namespace trvp::sealing {

namespace {
const char personalization[] = "trvp-drbg";
}

struct drbg::impl {
    explicit impl(const std::array<uint8_t, 32>& entropy)
        : d(entropy.data(), entropy.size(), nullptr, 0,
            reinterpret_cast<const uint8_t*>(personalization), sizeof personalization - 1) {}
    CryptoPP::Hash_DRBG<CryptoPP::SHA256, 128 / 8, 440 / 8> d;
};

// Hash_DRBG wants at least 16 bytes of entropy; hashing lets any seed (even "1") work.
static std::array<uint8_t, 32> seed_entropy(cspan seed) {
    std::array<uint8_t, 32> entropy;
    sha256(seed, entropy);
    return entropy;
}

drbg::drbg(cspan seed) : m_impl(std::make_unique<impl>(seed_entropy(seed))) {}

drbg::~drbg() = default;
drbg::drbg(drbg&&) noexcept = default;
drbg& drbg::operator=(drbg&&) noexcept = default;

void drbg::generate(mspan out) {
    size_t done = 0;
    while (done < out.size) {
        const size_t n = std::min<size_t>(out.size - done, m_impl->d.MaxBytesPerRequest());
        m_impl->d.GenerateBlock(out.data + done, n);
        done += n;
    }
    m_generated += out.size;
}

bytes drbg::generate(size_t n) {
    bytes b(n);
    generate(mspan(b));
    return b;
}

uint32_t drbg::next_u32() {
    std::array<uint8_t, 4> b;
    generate(mspan(b));
    return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
}

} // namespace trvp::sealing
