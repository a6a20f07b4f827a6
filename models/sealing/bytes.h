#pragma once
// Byte spans and hex helpers shared by the secure unit's pure C++ code (C++17 has no std::span).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trvp::sealing {

using bytes = std::vector<uint8_t>;

/** A read-only view of bytes. */
struct cspan {
    const uint8_t* data = nullptr;
    size_t size = 0;

    cspan() = default;
    cspan(const uint8_t* d, size_t n) : data(d), size(n) {}
    cspan(const bytes& b) : data(b.data()), size(b.size()) {}
    template <size_t N>
    cspan(const std::array<uint8_t, N>& a) : data(a.data()), size(N) {}
    cspan(std::string_view s) : data(reinterpret_cast<const uint8_t*>(s.data())), size(s.size()) {}
    cspan(const char* s) : cspan(std::string_view(s)) {}
    cspan(const std::string& s) : cspan(std::string_view(s)) {}

    cspan sub(size_t off, size_t n) const { return {data + off, n}; }
    bytes to_bytes() const { return bytes(data, data + size); }
};

/** A writable view of bytes. */
struct mspan {
    uint8_t* data = nullptr;
    size_t size = 0;

    mspan() = default;
    mspan(uint8_t* d, size_t n) : data(d), size(n) {}
    mspan(bytes& b) : data(b.data()), size(b.size()) {}
    template <size_t N>
    mspan(std::array<uint8_t, N>& a) : data(a.data()), size(N) {}
};

/** Lower-case hex of `b`. */
std::string to_hex(cspan b);
/** Parses an even number of hex digits (either case); nullopt on anything else. */
std::optional<bytes> from_hex(std::string_view hex);

} // namespace trvp::sealing
