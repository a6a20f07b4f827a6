#include "attack_engine.h"

#include <stdexcept>

namespace trvp {

attack_engine::attack_engine(std::vector<raw_memory> memories, std::vector<metadata_area> metadata,
                             unsigned line_size, unsigned slots, uint64_t max_bytes)
    : m_mem(std::move(memories)), m_meta(std::move(metadata)), m_line(line_size),
      m_max_bytes(max_bytes), m_slots(slots) {
    if (m_mem.empty() || !m_line) throw std::logic_error("attack_engine: no data memory");
    for (const metadata_area& a : m_meta)
        if (a.memory == 0 || a.memory >= m_mem.size() || (!a.entry && !a.whole_line) || !a.line ||
            (a.per_line && uint64_t(a.per_line) * a.entry > a.line))
            throw std::logic_error("attack_engine: bad metadata area");
}

attack_engine::status attack_engine::locate(unsigned mem, uint64_t addr, uint64_t len,
                                            uint64_t& offset) const {
    if (mem >= m_mem.size()) return status::bad_memory;
    const raw_memory& m = m_mem[mem];
    if (addr < m.base || len > m.size || addr - m.base > m.size - len) return status::out_of_range;
    offset = addr - m.base;
    return status::ok;
}

attack_engine::status attack_engine::meta_range(const metadata_area& a, uint64_t n, bool whole,
                                                uint64_t& offset, uint64_t& len) const {
    offset = a.entry_at(n);
    len = a.entry;
    if (whole) {
        const uint64_t line = a.per_line ? a.line : a.entry;
        offset -= (offset - a.base) % line; // the metadata line's start
        len = line;
    }
    const raw_memory& m = m_mem[a.memory];
    return len <= m.size && offset <= m.size - len ? status::ok : status::out_of_range;
}

attack_engine::piece attack_engine::take(unsigned mem, uint64_t offset, uint64_t len) const {
    piece p;
    p.mem = mem;
    p.offset = offset;
    p.bytes.resize(len);
    m_mem[mem].read(offset, p.bytes.data(), len);
    return p;
}

void attack_engine::put(const piece& p) {
    m_mem[p.mem].write(p.offset, p.bytes.data(), p.bytes.size());
    m_tampered += p.bytes.size();
}

attack_engine::status attack_engine::snapshot(unsigned slot, unsigned mem, uint64_t addr,
                                              uint64_t len, unsigned kinds) {
    if (slot >= m_slots.size()) return status::bad_slot;
    if (!len || len > m_max_bytes) return status::too_long;
    uint64_t off = 0;
    if (status s = locate(mem, addr, len, off); s != status::ok) return s;
    if (kinds && mem != 0) return status::bad_memory;
    slot_t taken;
    taken.valid = true;
    taken.pieces.push_back(take(mem, off, len));
    const uint64_t first = addr / m_line, last = (addr + len - 1) / m_line;
    for (const metadata_area& a : m_meta) {
        if (!(kinds & a.kind)) continue;
        for (uint64_t n = first; n <= last; ++n) {
            uint64_t moff = 0, mlen = 0;
            if (status s = meta_range(a, n, a.whole_line, moff, mlen); s != status::ok) return s;
            taken.pieces.push_back(take(a.memory, moff, mlen));
        }
    }
    m_slots[slot] = std::move(taken);
    return status::ok;
}

attack_engine::status attack_engine::restore(unsigned slot) {
    if (slot >= m_slots.size() || !m_slots[slot].valid) return status::bad_slot;
    for (const piece& p : m_slots[slot].pieces) put(p);
    return status::ok;
}

attack_engine::status attack_engine::copy(unsigned mem, uint64_t src, uint64_t dst, uint64_t len,
                                          unsigned kinds) {
    if (!len || len > m_max_bytes) return status::too_long;
    uint64_t so = 0, dof = 0;
    if (status s = locate(mem, src, len, so); s != status::ok) return s;
    if (status s = locate(mem, dst, len, dof); s != status::ok) return s;
    if (kinds && mem != 0) return status::bad_memory;
    if (kinds && (so % m_line || dof % m_line || len % m_line)) return status::misaligned;
    // Read everything first: the ranges may overlap.
    std::vector<piece> out;
    out.push_back(take(mem, so, len));
    out.back().offset = dof;
    for (uint64_t i = 0; kinds && i < len / m_line; ++i) {
        for (const metadata_area& a : m_meta) {
            if (!(kinds & a.kind)) continue;
            uint64_t sm = 0, dm = 0, n = 0;
            if (status s = meta_range(a, src / m_line + i, false, sm, n); s != status::ok) return s;
            if (status s = meta_range(a, dst / m_line + i, false, dm, n); s != status::ok) return s;
            out.push_back(take(a.memory, sm, n));
            out.back().offset = dm;
        }
    }
    for (const piece& p : out) put(p);
    return status::ok;
}

attack_engine::status attack_engine::xor32(unsigned mem, uint64_t addr, uint32_t mask) {
    uint64_t off = 0;
    if (status s = locate(mem, addr, 4, off); s != status::ok) return s;
    piece p = take(mem, off, 4);
    for (unsigned i = 0; i < 4; ++i) p.bytes[i] ^= uint8_t(mask >> (8 * i));
    put(p);
    return status::ok;
}

attack_engine::status attack_engine::xor_meta(unsigned kind, uint64_t addr, uint64_t offset,
                                              uint32_t mask) {
    uint64_t off = 0;
    if (status s = locate(0, addr, 1, off); s != status::ok) return s;
    for (const metadata_area& a : m_meta) {
        if (a.kind != kind) continue;
        if (offset + 4 > a.entry) return status::out_of_range;
        uint64_t moff = 0, mlen = 0;
        if (status s = meta_range(a, addr / m_line, false, moff, mlen); s != status::ok) return s;
        piece p = take(a.memory, moff + offset, 4);
        for (unsigned i = 0; i < 4; ++i) p.bytes[i] ^= uint8_t(mask >> (8 * i));
        put(p);
        return status::ok;
    }
    return status::bad_command; // no area of that kind
}

attack_engine::status attack_engine::read32(unsigned mem, uint64_t addr, uint32_t& value) {
    uint64_t off = 0;
    if (status s = locate(mem, addr, 4, off); s != status::ok) return s;
    const piece p = take(mem, off, 4);
    value = 0;
    for (unsigned i = 0; i < 4; ++i) value |= uint32_t(p.bytes[i]) << (8 * i);
    return status::ok;
}

} // namespace trvp
