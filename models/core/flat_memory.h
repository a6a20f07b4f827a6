#pragma once
// A simple hart_bus: one RAM region with fixed latencies per access type, grants, counters,
// and an optional MMIO callback for other addresses. For unit tests and benchmarks.
#include "common/stats.h"
#include "types.h"

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace trvp::core {

class flat_memory : public hart_bus {
public:
    /** RAM at [base, base+size); latency[type] cycles per access of that type. */
    flat_memory(uint32_t base, uint32_t size, std::array<uint32_t, num_access_types> latency);

    bool read(const mem_access& a, void* data, uint64_t& cycles) override;
    bool write(const mem_access& a, const void* data, uint64_t& cycles) override;
    bool read_functional(const mem_access& a, void* data) override;
    bool grant(const mem_access& a, mem_grant& g) override;
    uint64_t mtime() override { return time_source ? time_source() : 0; }

    void load(uint32_t addr, const std::vector<uint32_t>& words);
    uint32_t read32(uint32_t addr) const;
    void write32(uint32_t addr, uint32_t v);
    uint8_t* host(uint32_t addr) { return &m_ram[addr - m_base]; }

    bool grants_enabled = true;
    /** Its statistics: <type>.reads, .writes, .read_bytes, .write_bytes per access type. */
    stats::registry registry;
    /** Writes outside RAM; return false for a bus error. */
    std::function<bool(const mem_access&, uint32_t value)> mmio_write;
    std::function<uint64_t()> time_source;
    /** Counts of reads and writes per access type (grant accesses included), and bytes. */
    stats::vector reads, writes, read_bytes, write_bytes;
    /** Key id of the last read, write or grant request per access type. */
    std::array<uint16_t, num_access_types> last_key{};

private:
    bool in_ram(uint32_t pa, uint32_t len) const {
        return pa >= m_base && uint64_t(pa) + len <= uint64_t(m_base) + m_ram.size();
    }
    uint32_t m_base;
    std::vector<uint8_t> m_ram;
    std::array<uint32_t, num_access_types> m_latency;
};

} // namespace trvp::core
