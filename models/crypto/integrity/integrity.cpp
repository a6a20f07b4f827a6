#include "integrity_engine.h"

#include "common/errors.h"

namespace trvp {

integrity_mode parse_integrity_mode(const std::string& name) {
    if (name == "none") return integrity_mode::none;
    if (name == "mac") return integrity_mode::mac;
    if (name == "tree") return integrity_mode::tree;
    throw user_error("unknown integrity mode '" + name + "' (expected one of: none, mac, tree)");
}

const char* to_string(integrity_mode m) {
    switch (m) {
    case integrity_mode::none:
        return "none";
    case integrity_mode::mac:
        return "mac";
    case integrity_mode::tree:
        return "tree";
    }
    return "?";
}

const char* to_string(violation_kind k) {
    switch (k) {
    case violation_kind::none:
        return "none";
    case violation_kind::tag:
        return "tag";
    case violation_kind::version:
        return "version";
    case violation_kind::stamp:
        return "stamp";
    case violation_kind::count_:
        break;
    }
    return "?";
}

void integrity_params::validate(const std::string& who, unsigned line_size) const {
    const integrity_mode m = parse_integrity_mode(mode);
    auto fail = [&](const std::string& what) { throw user_error(who + ": " + what); };
    if (m == integrity_mode::none) return;
    if (tag_bits < 32 || tag_bits > 128 || tag_bits % 8 != 0)
        fail("integrity.tag_bits " + std::to_string(tag_bits) +
             " is not a multiple of 8 in 32..128");
    if (stamp_bits != 0 && (stamp_bits < 16 || stamp_bits > 64 || stamp_bits % 8 != 0))
        fail("integrity.stamp_bits " + std::to_string(stamp_bits) +
             " is neither 0 nor a multiple of 8 in 16..64");
    if (entry_bytes() > line_size)
        fail("integrity.tag_bits, stamp_bits: a tag entry does not fit a line");
    if (tag_base % line_size != 0) fail("integrity.tag_base is not line aligned");
    if (cache.ways == 0 || cache.entries == 0 || cache.entries % cache.ways != 0)
        fail("integrity.cache.entries must be a positive multiple of integrity.cache.ways");
    if (cache.entries > max_cache_entries)
        fail("integrity.cache.entries " + std::to_string(cache.entries) + " is over " +
             std::to_string(max_cache_entries) + " lines of on-chip metadata");
    if (m != integrity_mode::tree) return;
    if (protected_base % line_size != 0) fail("integrity.protected.base is not line aligned");
    if (tree.cache_entries > max_cache_entries)
        fail("integrity.node_cache.entries " + std::to_string(tree.cache_entries) + " is over " +
             std::to_string(max_cache_entries) + " nodes of on-chip metadata");
    const tree_layout l(tree_config(), line_size, who + ": integrity");
    // The tree's nodes must not overlap the tags of the protected lines (addresses modulo
    // 2^64, as the bases may wrap).
    const uint64_t per = line_size / entry_bytes(), first = protected_base / line_size;
    const uint64_t tags = tag_base + first / per * line_size;
    const uint64_t tags_len = ((first + l.data_lines() - 1) / per - first / per + 1) * line_size;
    const uint64_t off = tree.base - tags;
    if (off < tags_len || (off != 0 && l.footprint() > 0 - off))
        fail("integrity.tree_base: the tree's " + std::to_string(l.footprint()) +
             " bytes of nodes overlap the tags of the protected lines");
}

tree_params integrity_params::tree_config() const {
    tree_params t = tree;
    t.tag_bits = tag_bits;
    t.mac_latency = mac_latency;
    return t;
}

} // namespace trvp
