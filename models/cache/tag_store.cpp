#include "tag_store.h"

#include "common/errors.h"

#include <string>

namespace trvp {

namespace {

bool is_pow2(uint64_t v) {
    return v && !(v & (v - 1));
}

unsigned log2u(uint64_t v) {
    unsigned s = 0;
    while ((uint64_t(1) << s) < v) ++s;
    return s;
}

} // namespace

tag_store::tag_store(const cache_params& p) {
    const std::string where = "cache geometry (size " + std::to_string(p.size) + ", ways " +
                              std::to_string(p.ways) + ", line_size " +
                              std::to_string(p.line_size) + "): ";
    if (!is_pow2(p.line_size) || p.line_size < 4 || p.line_size > 4096)
        throw user_error(where + "line_size must be a power of two between 4 and 4096");
    if (p.ways == 0) throw user_error(where + "ways must be at least 1");
    const uint64_t way_bytes = uint64_t(p.ways) * p.line_size;
    if (p.size == 0 || p.size % way_bytes != 0)
        throw user_error(where + "size must be a non-zero multiple of ways * line_size");
    const uint64_t sets = p.size / way_bytes;
    if (!is_pow2(sets) || sets > (uint64_t(1) << 24))
        throw user_error(where + "size / (ways * line_size) = " + std::to_string(sets) +
                         " sets, which must be a power of two (at most 2^24)");
    m_sets = unsigned(sets);
    m_ways = p.ways;
    m_line_size = p.line_size;
    m_line_shift = log2u(p.line_size);
    m_set_mask = m_sets - 1;
    m_offset_mask = p.line_size - 1;
    m_write_back = p.write_back;
    m_policy = make_replacement(p.replacement, m_sets, m_ways, p.seed);
    m_meta.resize(size_t(m_sets) * m_ways);
    m_data.resize(size_t(p.size), 0);
}

tag_store::probe tag_store::lookup(uint64_t addr, uint16_t key_id) const {
    const unsigned set = set_of(addr);
    const uint64_t tag = line_addr(addr) | valid_bit;
    const meta* m = &m_meta[size_t(set) * m_ways];
    for (unsigned w = 0; w < m_ways; ++w) {
        if (m[w].tag != tag) continue;
        return {m[w].key_id == key_id ? outcome::hit : outcome::key_mismatch, set, w};
    }
    return {outcome::miss, set, 0};
}

unsigned tag_store::victim(const probe& p) {
    if (p.result == outcome::key_mismatch) return p.way;
    const meta* m = &m_meta[size_t(p.set) * m_ways];
    for (unsigned w = 0; w < m_ways; ++w)
        if (!m[w].tag) return w;
    return m_policy->victim(p.set);
}

void tag_store::fill(unsigned set, unsigned way, uint64_t line_addr, uint16_t key_id,
                     const uint8_t* src) {
    meta& m = at(set, way);
    m.tag = (line_addr & ~m_offset_mask) | valid_bit;
    m.key_id = key_id;
    m.dirty = false;
    if (src) std::memcpy(data(set, way), src, m_line_size);
    m_policy->fill(set, way);
}

void tag_store::invalidate(unsigned set, unsigned way) {
    at(set, way) = meta{};
    m_policy->invalidate(set, way);
}

void tag_store::write_masked(unsigned set, unsigned way, unsigned off, const uint8_t* src,
                             unsigned len, const uint8_t* be, unsigned be_len) {
    uint8_t* d = data(set, way) + off;
    for (unsigned i = 0; i < len; ++i)
        if (be[i % be_len] == 0xff) d[i] = src[i];
    at(set, way).dirty |= m_write_back;
}

tag_store::line_info tag_store::line(unsigned set, unsigned way) const {
    const meta& m = m_meta[size_t(set) * m_ways + way];
    return {m.tag & ~valid_bit, m.key_id, m.tag != 0, m.dirty};
}

} // namespace trvp
