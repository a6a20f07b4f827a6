#include "flat_memory.h"

#include <cstring>

namespace trvp::core {

namespace {
stats::vector per_type(stats::registry& reg, const std::string& leaf, const std::string& unit) {
    static const char* const types[] = {"fetch", "load", "store", "walk"};
    return stats::vector(
        stats::group(reg, ""), num_access_types,
        [&](unsigned t) { return std::string(types[t]) + "." + leaf; }, unit,
        [&](unsigned t) { return leaf + " of " + types[t] + " accesses"; });
}
} // namespace

flat_memory::flat_memory(uint32_t base, uint32_t size,
                         std::array<uint32_t, num_access_types> latency)
    : reads(per_type(registry, "reads", "count")), writes(per_type(registry, "writes", "count")),
      read_bytes(per_type(registry, "read_bytes", "bytes")),
      write_bytes(per_type(registry, "write_bytes", "bytes")), m_base(base), m_ram(size, 0),
      m_latency(latency) {}

bool flat_memory::read(const mem_access& a, void* data, uint64_t& cycles) {
    last_key[unsigned(a.type)] = a.key_id;
    if (!in_ram(a.pa, a.len)) return false;
    std::memcpy(data, &m_ram[a.pa - m_base], a.len);
    cycles += m_latency[unsigned(a.type)];
    ++reads[unsigned(a.type)];
    read_bytes[unsigned(a.type)] += a.len;
    return true;
}

bool flat_memory::write(const mem_access& a, const void* data, uint64_t& cycles) {
    last_key[unsigned(a.type)] = a.key_id;
    if (!in_ram(a.pa, a.len)) {
        uint32_t v = 0;
        std::memcpy(&v, data, a.len < 4 ? a.len : 4);
        return mmio_write && mmio_write(a, v);
    }
    std::memcpy(&m_ram[a.pa - m_base], data, a.len);
    cycles += m_latency[unsigned(a.type)];
    ++writes[unsigned(a.type)];
    write_bytes[unsigned(a.type)] += a.len;
    return true;
}

bool flat_memory::read_functional(const mem_access& a, void* data) {
    if (!in_ram(a.pa, a.len)) return false;
    std::memcpy(data, &m_ram[a.pa - m_base], a.len);
    return true;
}

bool flat_memory::grant(const mem_access& a, mem_grant& g) {
    last_key[unsigned(a.type)] = a.key_id;
    if (!grants_enabled || !in_ram(a.pa, a.len)) return false;
    unsigned t = unsigned(a.type);
    g.host = m_ram.data();
    g.base = m_base;
    g.size = uint32_t(m_ram.size());
    g.readable = g.writable = true;
    g.read = {m_latency[t], &reads[t], &read_bytes[t]};
    g.write = {m_latency[t], &writes[t], &write_bytes[t]};
    return true;
}

void flat_memory::load(uint32_t addr, const std::vector<uint32_t>& words) {
    for (size_t i = 0; i < words.size(); ++i) write32(addr + uint32_t(4 * i), words[i]);
}

uint32_t flat_memory::read32(uint32_t addr) const {
    uint32_t v;
    std::memcpy(&v, &m_ram[addr - m_base], 4);
    return v;
}

void flat_memory::write32(uint32_t addr, uint32_t v) {
    std::memcpy(&m_ram[addr - m_base], &v, 4);
}

} // namespace trvp::core
