#pragma once
// The encryption unit's integrity seam (docs/crypto.md, Integrity): an engine is asked to
// check every encrypted line read from DRAM and to update its metadata on every encrypted
// write-back; it reaches its metadata memory only through a timed meta_port. Mode none has no
// engine and the unit's path is unchanged. Pure C++: times are ticks, as in eu_timing.

#include "meta_cache.h"
#include "tree_layout.h"

#include <cstdint>
#include <string>

namespace trvp {

enum class integrity_mode : uint8_t { none, mac, tree };

/** "none", "mac" or "tree"; anything else: user_error. */
integrity_mode parse_integrity_mode(const std::string& name);
const char* to_string(integrity_mode m);

struct integrity_params {
    std::string mode = "none";
    unsigned tag_bits = 64;    // mac: bits of tag per line, 32..128, a multiple of 8
    unsigned stamp_bits = 32;  // the stamp's authenticator: 0 (none: the stamp attack works,
                               // docs/attacks.md) or 16..64, a multiple of 8
    uint64_t tag_base = 0;     // address of line 0's tag entry in the metadata memory
    unsigned mac_latency = 20; // cycles of the (pipelined) MAC unit per line
    meta_cache_params cache;   // on-chip metadata cache
    // tree (docs/crypto.md, Counter tree): the tree's layout and node cache (its node MACs
    // use tag_bits and mac_latency above); it covers tree.protected_size bytes of request
    // addresses from protected_base, and its nodes live at tree.base in the metadata memory.
    tree_params tree;
    uint64_t protected_base = 0;
    static constexpr unsigned max_cache_entries = 65536; // 4 MiB of 64-byte lines

    /** Throws user_error naming `who` for impossible values (line_size: the unit's). */
    void validate(const std::string& who, unsigned line_size) const;
    /** Bytes of a line's tag entry: tag, stamp (4), stamp authenticator. */
    unsigned entry_bytes() const { return tag_bits / 8 + 4 + stamp_bits / 8; }
    /** The tree's parameters with the shared ones (tag_bits, mac_latency) filled in. */
    tree_params tree_config() const;
};

/** Why a line failed its check. */
enum class violation_kind : uint8_t {
    none,
    tag,     // the line's tag does not match (flipped, relocated, spliced, forged)
    version, // a version or tree node does not match (replayed counter line or node)
    stamp,   // a tag entry's stamp (who wrote the line last) is not authentic
    count_
};
constexpr size_t violation_kind_count = static_cast<size_t>(violation_kind::count_);
const char* to_string(violation_kind k);

/** The line an engine is asked about. */
struct line_ref {
    uint16_t key = 0;        // key id (never 0: key id 0 lines are not checked)
    uint32_t generation = 0; // the key id's allocation generation (key_table)
    uint64_t pa = 0;         // physical address (pa_base + request address)
    uint64_t line = 0;       // request address / line size: indexes the metadata
};

struct integrity_check {
    violation_kind violation = violation_kind::none;
    bool unwritten = false; // never written under this key id and generation: reads as zeros
    uint64_t ready = 0;     // tick the check completes
};

class integrity_engine {
public:
    virtual ~integrity_engine() = default;
    /** A line read: its metadata is fetched from `start` (beside the data read), the check
     *  runs once the ciphertext `ct` is on chip at `data_ready`. */
    virtual integrity_check verify(const line_ref& l, uint64_t version, const uint8_t* ct,
                                   uint64_t start, uint64_t data_ready) = 0;
    /** A line written with `version`: its metadata is updated on chip; returns the tick that
     *  is done (the new ciphertext is ready at `ct_ready`, the request arrived at `start`). */
    virtual uint64_t update(const line_ref& l, uint64_t version, const uint8_t* ct, uint64_t start,
                            uint64_t ct_ready) = 0;
    /** A debug write: the metadata is made to match, untimed. */
    virtual void debug_update(const line_ref& l, uint64_t version, const uint8_t* ct) = 0;
    /** A line that verify() found written under another key (or never written) now has
     *  `version`: its stamp is re-authenticated under it from `start` (split minor overflow);
     *  returns the tick that is done. */
    virtual uint64_t restamp(const line_ref& l, uint64_t old_version, uint64_t version,
                             uint64_t start) = 0;
};

} // namespace trvp
