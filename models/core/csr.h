#pragma once
// The CSR file as a table of declared registers (address, name, read and write functions).
#include <array>
#include <cstdint>

namespace trvp::core {

class hart;

/** One CSR. read/write return false to raise an illegal instruction exception. */
struct csr_desc {
    uint16_t addr;
    const char* name;
    bool (*read)(hart& h, uint16_t addr, uint32_t& value);
    bool (*write)(hart& h, uint16_t addr, uint32_t value);
};

/** Fills the hart's CSR lookup table (indexed by CSR address). */
void install_csrs(std::array<const csr_desc*, 4096>& table);

constexpr uint32_t misa_value = 0x40141100u; // RV32, I M S U (always present)
constexpr uint32_t misa_a = 1u << 0;         // RV32A, when hart_params::ext_a
constexpr uint32_t misa_c = 1u << 2;         // RV32C, when hart_params::ext_c

} // namespace trvp::core
