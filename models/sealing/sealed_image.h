#pragma once
// Sealed program images: the host tool seals an ELF for one chip's device public key; the
// secure unit opens it at launch. The byte layout is in docs/sealed-image.md. open_image is
// fed guest memory, so it never throws and never trusts a length: every defect is a status.

#include "bytes.h"
#include "device_key.h"

#include <string>

namespace trvp::sealing {

class drbg;

constexpr uint16_t seal_version = 1;
constexpr uint32_t seal_page_size = 4096;
constexpr size_t seal_header_size = 24;     // magic, version, flags, image size, manifest size
constexpr size_t seal_manifest_offset = 88; // header + key-wrap block
constexpr size_t seal_max_segments = 16, seal_max_publics = 16;
constexpr size_t seal_max_public_name = 32, seal_max_public_value = 256;

/** Segment permission bits in the manifest (not the ELF PF_* values). */
enum seg_perm : uint8_t { perm_r = 1, perm_w = 2, perm_x = 4 };
/** code: executable, loaded under the program key; data: everything else, under the data key. */
enum class segment_kind : uint8_t { code = 0, data = 1 };

struct segment_info {
    uint32_t vaddr = 0;                     // page aligned
    uint32_t mem_size = 0;                  // > 0; bytes past file_size are zero
    uint32_t file_size = 0;                 // <= mem_size
    uint8_t perms = 0;                      // seg_perm bits; W and X never together
    segment_kind kind = segment_kind::data; // code iff perms has X
};

struct public_value {
    std::string name; // 1..32 of [A-Za-z0-9_.-], unique
    bytes value;      // 1..256 bytes
};

struct manifest {
    uint32_t entry = 0;                    // inside a code segment, 4-byte aligned
    std::vector<segment_info> segments;    // 1..16, page ranges disjoint
    uint32_t stack_va = 0, stack_size = 0; // zero-filled data region; size 0 = none
    std::vector<public_value> publics;     // 0..16

    /** The public value called `name`, or nullptr. */
    const public_value* find_public(const std::string& name) const;
};

enum class seal_status {
    ok,
    truncated,            // shorter than the header says (or than a header needs)
    trailing_data,        // longer than the header's image size
    bad_magic,            // not "TRVPSEAL"
    bad_version,          // not version 1
    bad_flags,            // a reserved header field is not zero
    unwrap_failed,        // the program key is not wrapped for this device key (or altered)
    manifest_tag_failed,  // header, wrap block or manifest altered
    bad_manifest,         // malformed manifest: counts, sizes, names, image size
    bad_permissions,      // perms empty, unknown, W+X, or kind disagrees with X
    bad_alignment,        // stack VA or stack size not page aligned
    overlapping_segments, // two segments (or one and the stack) share a page
    bad_entry,            // entry not 4-byte aligned inside a code segment
    segment_tag_failed,   // a segment's ciphertext or tag altered
    bad_device_key,       // sealing: the device public key is a small-order point
};
const char* to_string(seal_status s);

struct opened_image {
    manifest m;
    std::array<uint8_t, 16> program_key{};
    std::vector<bytes> segment_data; // plaintext, file_size bytes per segment
};

/** The layout rules every manifest obeys (both sealing and opening check them). */
seal_status check_manifest(const manifest& m);
/** The image size the header claims (needs seal_header_size bytes); for reading from guest memory.
 */
seal_status peek_image_size(cspan header, uint32_t& size);
/**
 * Parses, authenticates and decrypts `image` with the device key. On ok `out` holds the
 * manifest, program key and plaintext segments; on any error `out` is left empty.
 */
seal_status open_image(cspan image, const device_key& key, opened_image& out);
/** Parses the manifest WITHOUT authenticating it (no key needed): for inspection only. */
seal_status read_manifest(cspan image, manifest& out);
/**
 * Seals: draws the ephemeral X25519 key and the program key from `rng`, wraps the key for
 * `device_pub`, encrypts `segment_data[i]` (file_size bytes each) for segment i.
 */
seal_status seal_image(const manifest& m, const std::vector<bytes>& segment_data, cspan device_pub,
                       drbg& rng, bytes& out);

} // namespace trvp::sealing
