#include "bytes.h"

namespace trvp::sealing {

std::string to_hex(cspan b) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(b.size * 2);
    for (size_t i = 0; i < b.size; ++i) {
        s.push_back(digits[b.data[i] >> 4]);
        s.push_back(digits[b.data[i] & 15]);
    }
    return s;
}

std::optional<bytes> from_hex(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2) return std::nullopt;
    bytes out(hex.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = uint8_t(hi << 4 | lo);
    }
    return out;
}

} // namespace trvp::sealing
