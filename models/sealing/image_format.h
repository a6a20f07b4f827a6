#pragma once
// Internal to the sealed-image code: little-endian field access and the manifest encoding.
// Offsets follow docs/sealed-image.md.

#include "sealed_image.h"

namespace trvp::sealing::format {

constexpr char magic[8] = {'T', 'R', 'V', 'P', 'S', 'E', 'A', 'L'};
// Header fields.
constexpr size_t off_version = 8, off_flags = 10, off_image_size = 12, off_manifest_size = 16,
                 off_reserved = 20;
// Key-wrap block.
constexpr size_t off_eph_pub = 24, off_wrapped_key = 56, off_wrap_tag = 72;
// Manifest body.
constexpr size_t manifest_fixed = 16, segment_record = 16, public_fixed = 4;
constexpr size_t max_manifest_size =
    manifest_fixed + seal_max_segments * segment_record +
    seal_max_publics * (public_fixed + seal_max_public_name + seal_max_public_value);
constexpr size_t tag = 16;
constexpr char wrap_info[] = "trvp-seal v1 key wrap";

inline uint16_t get16(const uint8_t* p) {
    return uint16_t(p[0] | p[1] << 8);
}
inline uint32_t get32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
inline void put16(bytes& b, uint16_t v) {
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}
inline void put32(bytes& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

/** The manifest body (without its tag). check_manifest(m) must be ok. */
bytes encode_manifest(const manifest& m);
/** Parses a manifest body of exactly body.size bytes; bad_manifest on any inconsistency. */
seal_status parse_manifest(cspan body, manifest& m);
/** Total image size for a manifest body of `manifest_size` bytes. */
uint64_t image_size_for(const manifest& m, size_t manifest_size);
/** GCM nonce: 0 for the manifest tag, i + 1 for segment i (LE32, then 8 zero bytes). */
std::array<uint8_t, 12> nonce(uint32_t n);

} // namespace trvp::sealing::format
