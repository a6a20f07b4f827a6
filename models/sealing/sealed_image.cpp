#include "drbg.h"
#include "image_format.h"
#include "pka.h"

#include <cstring>

namespace trvp::sealing {

using namespace format;

namespace {

// The header checks, in the order docs/sealed-image.md lists them. On ok, manifest_size is
// the manifest body's size and the body plus its tag lie inside `image`.
seal_status check_header(cspan image, uint32_t& manifest_size) {
    if (image.size < sizeof magic) return seal_status::truncated;
    if (std::memcmp(image.data, magic, sizeof magic) != 0) return seal_status::bad_magic;
    if (image.size < seal_header_size) return seal_status::truncated;
    const uint8_t* p = image.data;
    if (get16(p + off_version) != seal_version) return seal_status::bad_version;
    if (get16(p + off_flags) != 0 || get32(p + off_reserved) != 0) return seal_status::bad_flags;
    const uint32_t size = get32(p + off_image_size);
    if (image.size < size) return seal_status::truncated;
    if (image.size > size) return seal_status::trailing_data;
    manifest_size = get32(p + off_manifest_size);
    if (manifest_size > max_manifest_size) return seal_status::bad_manifest;
    if (image.size < seal_manifest_offset + manifest_size + tag) return seal_status::truncated;
    return seal_status::ok;
}

// The key-encryption key and nonce for the wrap: HKDF(salt = eph_pub || device_pub,
// ikm = X25519 shared secret, info = wrap_info, L = 28).
bool wrap_key(cspan shared, cspan eph_pub, cspan device_pub, std::array<uint8_t, 28>& okm) {
    bytes salt = eph_pub.to_bytes();
    salt.insert(salt.end(), device_pub.data, device_pub.data + device_pub.size);
    return hkdf_sha256(salt, shared, wrap_info, okm) == pka_status::ok;
}

} // namespace

seal_status peek_image_size(cspan header, uint32_t& size) {
    size = 0;
    if (header.size < seal_header_size) return seal_status::truncated;
    if (std::memcmp(header.data, magic, sizeof magic) != 0) return seal_status::bad_magic;
    if (get16(header.data + off_version) != seal_version) return seal_status::bad_version;
    size = get32(header.data + off_image_size);
    return seal_status::ok;
}

seal_status read_manifest(cspan image, manifest& out) {
    out = manifest{};
    uint32_t msize = 0;
    if (auto st = check_header(image, msize); st != seal_status::ok) return st;
    manifest m;
    if (auto st = parse_manifest(image.sub(seal_manifest_offset, msize), m); st != seal_status::ok)
        return st;
    if (image_size_for(m, msize) != image.size) return seal_status::bad_manifest;
    out = std::move(m);
    return seal_status::ok;
}

seal_status open_image(cspan image, const device_key& key, opened_image& out) {
    out = opened_image{};
    uint32_t msize = 0;
    if (auto st = check_header(image, msize); st != seal_status::ok) return st;

    // Unwrap the program key.
    std::array<uint8_t, 32> shared;
    if (x25519_agree(key.priv, image.sub(off_eph_pub, 32), shared) != pka_status::ok)
        return seal_status::unwrap_failed;
    std::array<uint8_t, 28> okm;
    wrap_key(shared, image.sub(off_eph_pub, 32), key.pub, okm);
    std::array<uint8_t, 16> program_key;
    if (aes128_gcm_decrypt(cspan(okm.data(), 16), cspan(okm.data() + 16, 12),
                           image.sub(0, seal_header_size), image.sub(off_wrapped_key, 16),
                           image.sub(off_wrap_tag, tag), program_key) != pka_status::ok)
        return seal_status::unwrap_failed;

    // Authenticate everything before the manifest tag, then parse the manifest.
    const size_t manifest_end = seal_manifest_offset + msize;
    const cspan prefix = image.sub(0, manifest_end);
    if (aes128_gcm_decrypt(program_key, nonce(0), prefix, cspan(), image.sub(manifest_end, tag),
                           mspan()) != pka_status::ok)
        return seal_status::manifest_tag_failed;
    manifest m;
    if (auto st = parse_manifest(image.sub(seal_manifest_offset, msize), m); st != seal_status::ok)
        return st;
    if (image_size_for(m, msize) != image.size) return seal_status::bad_manifest;

    // Decrypt the segments; the authenticated prefix is every segment's associated data.
    std::vector<bytes> data;
    size_t off = manifest_end + tag;
    for (size_t i = 0; i < m.segments.size(); ++i) {
        const uint32_t n = m.segments[i].file_size;
        bytes plain(n);
        if (aes128_gcm_decrypt(program_key, nonce(uint32_t(i + 1)), prefix, image.sub(off, n),
                               image.sub(off + n, tag), plain) != pka_status::ok)
            return seal_status::segment_tag_failed;
        data.push_back(std::move(plain));
        off += n + tag;
    }
    out.m = std::move(m);
    out.program_key = program_key;
    out.segment_data = std::move(data);
    return seal_status::ok;
}

seal_status seal_image(const manifest& m, const std::vector<bytes>& segment_data, cspan device_pub,
                       drbg& rng, bytes& out) {
    out.clear();
    if (auto st = check_manifest(m); st != seal_status::ok) return st;
    if (segment_data.size() != m.segments.size()) return seal_status::bad_manifest;
    for (size_t i = 0; i < m.segments.size(); ++i)
        if (segment_data[i].size() != m.segments[i].file_size) return seal_status::bad_manifest;
    if (device_pub.size != 32) return seal_status::bad_device_key;

    // Ephemeral key pair and shared secret first: a small-order device key fails here.
    std::array<uint8_t, 32> eph_priv, eph_pub, shared;
    const bytes eph_random = rng.generate(32);
    x25519_keypair(eph_random, eph_priv, eph_pub);
    if (x25519_agree(eph_priv, device_pub, shared) != pka_status::ok)
        return seal_status::bad_device_key;
    std::array<uint8_t, 16> program_key;
    rng.generate(mspan(program_key));

    const bytes body = encode_manifest(m);
    const uint64_t total = image_size_for(m, body.size());
    if (total > UINT32_MAX) return seal_status::bad_manifest;

    bytes img(magic, magic + sizeof magic);
    put16(img, seal_version);
    put16(img, 0);
    put32(img, uint32_t(total));
    put32(img, uint32_t(body.size()));
    put32(img, 0);
    img.insert(img.end(), eph_pub.begin(), eph_pub.end());
    std::array<uint8_t, 28> okm;
    wrap_key(shared, eph_pub, device_pub, okm);
    std::array<uint8_t, 16> wrapped, wrap_tag;
    aes128_gcm_encrypt(cspan(okm.data(), 16), cspan(okm.data() + 16, 12),
                       cspan(img.data(), seal_header_size), program_key, wrapped, wrap_tag);
    img.insert(img.end(), wrapped.begin(), wrapped.end());
    img.insert(img.end(), wrap_tag.begin(), wrap_tag.end());
    img.insert(img.end(), body.begin(), body.end());

    const bytes prefix = img;
    std::array<uint8_t, 16> t;
    aes128_gcm_encrypt(program_key, nonce(0), prefix, cspan(), mspan(), t);
    img.insert(img.end(), t.begin(), t.end());
    for (size_t i = 0; i < m.segments.size(); ++i) {
        bytes cipher(segment_data[i].size());
        aes128_gcm_encrypt(program_key, nonce(uint32_t(i + 1)), prefix, segment_data[i], cipher, t);
        img.insert(img.end(), cipher.begin(), cipher.end());
        img.insert(img.end(), t.begin(), t.end());
    }
    out = std::move(img);
    return seal_status::ok;
}

} // namespace trvp::sealing
