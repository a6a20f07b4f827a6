#pragma once
// Integrity mode mac: one tag per line (line_mac) in the metadata memory, cached on chip.
//
// Tag entry of line n: tag_bytes of tag, then le16 key id and le16 key generation (the
// "stamp"), then stamp_bytes of the stamp's authenticator (stamp_mac), at
// tag_base + (n / per_line) * line_size + (n % per_line) * entry_bytes, with
// entry_bytes = tag_bytes + 4 + stamp_bytes and per_line = line_size / entry_bytes. A line
// whose stamp is not the reader's (key id, generation) was written last under another key, or
// never (an all-zero entry at version 0): it reads as zeros (no false violation on a frame's
// first use or reuse) if its authenticator says so, else it is a violation of kind stamp
// (docs/crypto.md, The stamp). Timing: docs/crypto.md.

#include "common/divider.h"
#include "common/stats.h"
#include "integrity_engine.h"
#include "line_mac.h"
#include "meta_port.h"

#include <string>
#include <vector>

namespace trvp {

class mac_engine : public integrity_engine {
public:
    /** `cycle`: ticks per cycle; statistics are named `prefix` + leaf. */
    mac_engine(const integrity_params& p, unsigned line_size, const key_table& keys,
               meta_port& port, uint64_t cycle, stats::registry& reg, const std::string& prefix,
               const uint8_t* stamp_key);

    integrity_check verify(const line_ref& l, uint64_t version, const uint8_t* ct, uint64_t start,
                           uint64_t data_ready) override;
    uint64_t update(const line_ref& l, uint64_t version, const uint8_t* ct, uint64_t start,
                    uint64_t ct_ready) override;
    void debug_update(const line_ref& l, uint64_t version, const uint8_t* ct) override;
    uint64_t restamp(const line_ref& l, uint64_t old_version, uint64_t version,
                     uint64_t start) override;

    unsigned entry_bytes() const { return m_entry_bytes; }
    /** Metadata address of the tag line holding line `n`'s entry, and the entry's offset. */
    uint64_t tag_line_addr(uint64_t n) const { return m_base + m_per_line(n) * m_line_size; }
    unsigned entry_offset(uint64_t n) const { return unsigned(m_per_line.rem(n)) * m_entry_bytes; }

private:
    // The tag line at `addr` on chip (fetched through the port on a miss, from `at`), marked
    // dirty if `dirty`; `ready` = the tick its bytes can be used. Null on a bus error.
    uint8_t* tag_line(uint64_t addr, uint64_t at, uint64_t& ready, bool dirty);
    // Line n's tag line address and its entry's offset there (one division).
    void locate(uint64_t n, uint64_t& addr, unsigned& offset) const {
        const uint64_t q = m_per_line(n);
        addr = m_base + q * m_line_size;
        offset = unsigned(n - q * m_per_line.divisor()) * m_entry_bytes;
    }
    void write_entry(uint8_t* entry, const line_ref& l, uint64_t version, const uint8_t* ct);
    // An entry whose stamp is not the reader's: never written (the reset state at version 0,
    // or stamp_bits 0), written under the key it names (its authenticator matches at
    // `version`), or forged.
    enum class stamp_check { fresh, genuine, forged };
    stamp_check check_stamp(const uint8_t* entry, const line_ref& l, uint64_t version);

    const unsigned m_line_size, m_tag_bytes, m_stamp_bytes, m_entry_bytes;
    const uint64_t m_base, m_hit, m_mac;
    const divider m_per_line;
    line_mac m_macs;
    stamp_mac m_stamps;
    meta_cache m_cache;
    meta_port& m_port;
    std::vector<uint8_t> m_fill, m_victim, m_tag, m_auth;

    stats::counter m_checked;
    stats::counter m_unwritten;
    stats::counter m_written;
    stats::counter m_hits;
    stats::counter m_misses;
    stats::counter m_writebacks;
    stats::formula m_hit_rate;
};

} // namespace trvp
