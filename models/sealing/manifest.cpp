#include "image_format.h"

#include <algorithm>

namespace trvp::sealing {

const char* to_string(seal_status s) {
    switch (s) {
    case seal_status::ok:
        return "ok";
    case seal_status::truncated:
        return "truncated: shorter than the header's image size or than the header and manifest "
               "need";
    case seal_status::trailing_data:
        return "trailing data: bytes after the header's image size";
    case seal_status::bad_magic:
        return "header: bad magic (not a TRVPSEAL image)";
    case seal_status::bad_version:
        return "header: unsupported version (not 1)";
    case seal_status::bad_flags:
        return "header: flags or reserved field not zero";
    case seal_status::unwrap_failed:
        return "key wrap: the program key does not unwrap (sealed for another device, or the "
               "header, ephemeral key or wrapped key altered)";
    case seal_status::manifest_tag_failed:
        return "manifest: tag mismatch (the manifest body or its tag altered)";
    case seal_status::bad_manifest:
        return "manifest: malformed (a count, size, name or the image size)";
    case seal_status::bad_permissions:
        return "manifest: bad segment permissions (empty, unknown, W+X, or kind disagrees with X)";
    case seal_status::bad_alignment:
        return "manifest: stack address or size not page aligned";
    case seal_status::overlapping_segments:
        return "manifest: overlapping segments (two segments or the stack share a page)";
    case seal_status::bad_entry:
        return "manifest: entry point not 4-byte aligned inside a code segment";
    case seal_status::segment_tag_failed:
        return "segment: tag mismatch (a segment's ciphertext or tag altered)";
    case seal_status::bad_device_key:
        return "unusable device public key";
    }
    return "unknown";
}

const public_value* manifest::find_public(const std::string& name) const {
    for (const auto& p : publics)
        if (p.name == name) return &p;
    return nullptr;
}

namespace {

constexpr uint64_t page = seal_page_size;
uint64_t round_down(uint64_t v) {
    return v / page * page;
}
uint64_t round_up(uint64_t v) {
    return (v + page - 1) / page * page;
}

bool valid_name(const std::string& n) {
    if (n.empty() || n.size() > seal_max_public_name) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-';
    });
}

} // namespace

seal_status check_manifest(const manifest& m) {
    if (m.segments.empty() || m.segments.size() > seal_max_segments ||
        m.publics.size() > seal_max_publics)
        return seal_status::bad_manifest;
    struct range {
        uint64_t lo, hi;
    };
    std::vector<range> ranges;
    for (const auto& s : m.segments) {
        if (s.mem_size == 0 || s.file_size > s.mem_size) return seal_status::bad_manifest;
        const bool x = s.perms & perm_x;
        if (s.perms == 0 || (s.perms & ~(perm_r | perm_w | perm_x)) || (x && (s.perms & perm_w)) ||
            (s.kind != segment_kind::code && s.kind != segment_kind::data) ||
            (s.kind == segment_kind::code) != x)
            return seal_status::bad_permissions;
        const uint64_t hi = round_up(uint64_t(s.vaddr) + s.mem_size);
        if (hi > (uint64_t(1) << 32)) return seal_status::bad_manifest;
        ranges.push_back({round_down(s.vaddr), hi});
    }
    if (m.stack_va % page || m.stack_size % page) return seal_status::bad_alignment;
    if (m.stack_size) {
        const uint64_t hi = uint64_t(m.stack_va) + m.stack_size;
        if (hi > (uint64_t(1) << 32)) return seal_status::bad_manifest;
        ranges.push_back({m.stack_va, hi});
    }
    for (size_t i = 0; i < ranges.size(); ++i)
        for (size_t j = i + 1; j < ranges.size(); ++j)
            if (ranges[i].lo < ranges[j].hi && ranges[j].lo < ranges[i].hi)
                return seal_status::overlapping_segments;
    const bool entry_ok =
        m.entry % 4 == 0 && std::any_of(m.segments.begin(), m.segments.end(), [&](auto& s) {
            return s.kind == segment_kind::code && m.entry >= s.vaddr &&
                   uint64_t(m.entry) < uint64_t(s.vaddr) + s.mem_size;
        });
    if (!entry_ok) return seal_status::bad_entry;
    for (size_t i = 0; i < m.publics.size(); ++i) {
        const auto& p = m.publics[i];
        if (!valid_name(p.name) || p.value.empty() || p.value.size() > seal_max_public_value)
            return seal_status::bad_manifest;
        for (size_t j = 0; j < i; ++j)
            if (m.publics[j].name == p.name) return seal_status::bad_manifest;
    }
    return seal_status::ok;
}

namespace format {

bytes encode_manifest(const manifest& m) {
    bytes b;
    put32(b, m.entry);
    put32(b, m.stack_va);
    put32(b, m.stack_size);
    b.push_back(uint8_t(m.segments.size()));
    b.push_back(uint8_t(m.publics.size()));
    put16(b, 0);
    for (const auto& s : m.segments) {
        put32(b, s.vaddr);
        put32(b, s.mem_size);
        put32(b, s.file_size);
        b.push_back(s.perms);
        b.push_back(uint8_t(s.kind));
        put16(b, 0);
    }
    for (const auto& p : m.publics) {
        b.push_back(uint8_t(p.name.size()));
        b.push_back(0);
        put16(b, uint16_t(p.value.size()));
        b.insert(b.end(), p.name.begin(), p.name.end());
        b.insert(b.end(), p.value.begin(), p.value.end());
    }
    return b;
}

seal_status parse_manifest(cspan body, manifest& m) {
    m = manifest{};
    if (body.size < manifest_fixed) return seal_status::bad_manifest;
    const uint8_t* p = body.data;
    m.entry = get32(p);
    m.stack_va = get32(p + 4);
    m.stack_size = get32(p + 8);
    const size_t nseg = p[12], npub = p[13];
    if (get16(p + 14) != 0 || nseg == 0 || nseg > seal_max_segments || npub > seal_max_publics)
        return seal_status::bad_manifest;
    size_t off = manifest_fixed;
    if (body.size < off + nseg * segment_record) return seal_status::bad_manifest;
    for (size_t i = 0; i < nseg; ++i, off += segment_record) {
        const uint8_t* r = p + off;
        segment_info s;
        s.vaddr = get32(r);
        s.mem_size = get32(r + 4);
        s.file_size = get32(r + 8);
        s.perms = r[12];
        s.kind = segment_kind(r[13]);
        if (get16(r + 14) != 0) return seal_status::bad_manifest;
        m.segments.push_back(s);
    }
    for (size_t i = 0; i < npub; ++i) {
        if (body.size - off < public_fixed) return seal_status::bad_manifest;
        const size_t name_len = p[off], value_len = get16(p + off + 2);
        if (p[off + 1] != 0) return seal_status::bad_manifest;
        off += public_fixed;
        if (body.size - off < name_len + value_len) return seal_status::bad_manifest;
        public_value v;
        v.name.assign(reinterpret_cast<const char*>(p + off), name_len);
        v.value.assign(p + off + name_len, p + off + name_len + value_len);
        off += name_len + value_len;
        m.publics.push_back(std::move(v));
    }
    if (off != body.size) return seal_status::bad_manifest;
    return check_manifest(m);
}

uint64_t image_size_for(const manifest& m, size_t manifest_size) {
    uint64_t n = seal_manifest_offset + manifest_size + tag;
    for (const auto& s : m.segments) n += uint64_t(s.file_size) + tag;
    return n;
}

std::array<uint8_t, 12> nonce(uint32_t n) {
    std::array<uint8_t, 12> v{};
    for (int i = 0; i < 4; ++i) v[i] = uint8_t(n >> (8 * i));
    return v;
}

} // namespace format
} // namespace trvp::sealing
