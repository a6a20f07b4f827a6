#include "mac_engine.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace trvp {

namespace {
uint32_t get_le16(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8;
}
void put_le16(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}
} // namespace

mac_engine::mac_engine(const integrity_params& p, unsigned line_size, const key_table& keys,
                       meta_port& port, uint64_t cycle, stats::registry& reg,
                       const std::string& prefix, const uint8_t* stamp_key)
    : m_line_size(line_size), m_tag_bytes(p.tag_bits / 8), m_stamp_bytes(p.stamp_bits / 8),
      m_entry_bytes(p.entry_bytes()), m_base(p.tag_base),
      m_hit(uint64_t(p.cache.hit_latency) * cycle), m_mac(uint64_t(p.mac_latency) * cycle),
      m_per_line(line_size / p.entry_bytes()), m_macs(line_size, p.tag_bits / 8, keys),
      m_stamps(stamp_key), m_cache(p.cache, line_size), m_port(port), m_fill(line_size),
      m_victim(line_size), m_tag(16), m_auth(8),
      m_checked(reg, prefix + "checked", "lines", "encrypted lines whose tag was checked"),
      m_unwritten(reg, prefix + "unwritten_reads", "lines",
                  "encrypted lines read before any write under their key id: read as zeros"),
      m_written(reg, prefix + "tags_written", "lines", "tags computed for written lines"),
      m_hits(reg, prefix + "cache.hits", "lookups", "tag lookups that hit the metadata cache"),
      m_misses(reg, prefix + "cache.misses", "lookups", "tag lookups that fetched the tag line"),
      m_writebacks(reg, prefix + "cache.writebacks", "lines",
                   "dirty tag lines written back to the metadata memory"),
      m_hit_rate(reg, prefix + "cache.hit_rate", "ratio", "cache.hits / (hits + misses)", [this] {
          const uint64_t n = m_hits.value() + m_misses.value();
          return n ? double(m_hits.value()) / double(n) : 0.0;
      }) {
    if (m_entry_bytes > line_size) throw std::invalid_argument("mac_engine: tag entry > line");
}

uint8_t* mac_engine::tag_line(uint64_t addr, uint64_t at, uint64_t& ready, bool dirty) {
    if (uint8_t* l = m_cache.lookup(addr, dirty)) {
        ++m_hits;
        ready = at + m_hit;
        return l;
    }
    ++m_misses;
    uint64_t done = 0;
    if (!m_port.read(addr, m_fill.data(), at, done)) return nullptr;
    ready = done + m_hit;
    meta_cache::victim v;
    uint8_t* l = m_cache.fill(addr, m_fill.data(), m_victim.data(), v);
    if (dirty) m_cache.mark_dirty(addr);
    if (v.valid) { // to a write buffer when the new line arrives: off the critical path
        ++m_writebacks;
        uint64_t wdone = 0;
        m_port.write(v.addr, m_victim.data(), done, wdone);
    }
    return l;
}

void mac_engine::write_entry(uint8_t* entry, const line_ref& l, uint64_t version,
                             const uint8_t* ct) {
    m_macs.tag(l.key, l.pa, version, ct, entry);
    put_le16(entry + m_tag_bytes, l.key);
    put_le16(entry + m_tag_bytes + 2, l.generation & 0xffff);
    if (m_stamp_bytes)
        m_stamps.tag(l.pa, version, l.key, uint16_t(l.generation), entry + m_tag_bytes + 4,
                     m_stamp_bytes);
}

mac_engine::stamp_check mac_engine::check_stamp(const uint8_t* entry, const line_ref& l,
                                                uint64_t version) {
    if (!m_stamp_bytes) return stamp_check::fresh; // stamp_bits 0: taken on trust (as before)
    // Never written since reset: the memory's all-zero entry, valid only at version 0 (under
    // the tree and ctr a written line's version is never 0 again).
    if (version == 0 && std::all_of(entry, entry + m_entry_bytes, [](uint8_t b) { return !b; }))
        return stamp_check::fresh;
    m_stamps.tag(l.pa, version, uint16_t(get_le16(entry + m_tag_bytes)),
                 uint16_t(get_le16(entry + m_tag_bytes + 2)), m_auth.data(), m_stamp_bytes);
    return std::memcmp(m_auth.data(), entry + m_tag_bytes + 4, m_stamp_bytes) == 0
               ? stamp_check::genuine
               : stamp_check::forged;
}

integrity_check mac_engine::verify(const line_ref& l, uint64_t version, const uint8_t* ct,
                                   uint64_t start, uint64_t data_ready) {
    integrity_check c;
    uint64_t tag_ready = start, addr = 0;
    unsigned offset = 0;
    locate(l.line, addr, offset);
    const uint8_t* line = tag_line(addr, start, tag_ready, false);
    if (!line) {
        c.violation = violation_kind::tag; // an unreadable tag never lets data through
        c.ready = std::max(tag_ready, data_ready);
        return c;
    }
    const uint8_t* entry = line + offset;
    if (get_le16(entry + m_tag_bytes) != l.key ||
        get_le16(entry + m_tag_bytes + 2) != (l.generation & 0xffff)) {
        // Someone else's line (or none's): zeros if the stamp is genuine. Its authenticator
        // does not need the ciphertext: the MAC runs once the tag line is on chip.
        const stamp_check s = check_stamp(entry, l, version);
        if (s == stamp_check::forged) {
            c.violation = violation_kind::stamp;
            c.ready = std::max(tag_ready + m_mac, data_ready);
            return c;
        }
        ++m_unwritten;
        c.unwritten = true;
        c.ready = s == stamp_check::genuine ? tag_ready + m_mac : tag_ready;
        return c;
    }
    ++m_checked;
    m_macs.tag(l.key, l.pa, version, ct, m_tag.data());
    if (std::memcmp(m_tag.data(), entry, m_tag_bytes) != 0) c.violation = violation_kind::tag;
    c.ready = std::max(tag_ready, data_ready + m_mac);
    return c;
}

uint64_t mac_engine::update(const line_ref& l, uint64_t version, const uint8_t* ct, uint64_t start,
                            uint64_t ct_ready) {
    uint64_t ready = start, addr = 0;
    unsigned offset = 0;
    locate(l.line, addr, offset);
    uint8_t* line = tag_line(addr, start, ready, true);
    ++m_written;
    if (line) write_entry(line + offset, l, version, ct);
    return std::max(ready, ct_ready + m_mac);
}

void mac_engine::debug_update(const line_ref& l, uint64_t version, const uint8_t* ct) {
    uint64_t addr = 0;
    unsigned offset = 0;
    locate(l.line, addr, offset);
    if (uint8_t* line = m_cache.peek(addr)) {
        write_entry(line + offset, l, version, ct);
        m_cache.mark_dirty(addr);
        return;
    }
    if (!m_port.debug(false, addr, m_fill.data())) return;
    write_entry(m_fill.data() + offset, l, version, ct);
    m_port.debug(true, addr, m_fill.data());
}

uint64_t mac_engine::restamp(const line_ref& l, uint64_t old_version, uint64_t version,
                             uint64_t start) {
    if (!m_stamp_bytes) return start;
    uint64_t ready = start, addr = 0;
    unsigned offset = 0;
    locate(l.line, addr, offset);
    uint8_t* line = tag_line(addr, start, ready, true);
    if (!line) return ready;
    uint8_t* entry = line + offset;
    if (check_stamp(entry, l, old_version) == stamp_check::forged)
        return ready; // left to fail its next read
    m_stamps.tag(l.pa, version, uint16_t(get_le16(entry + m_tag_bytes)),
                 uint16_t(get_le16(entry + m_tag_bytes + 2)), entry + m_tag_bytes + 4,
                 m_stamp_bytes);
    return ready + m_mac;
}

} // namespace trvp
