#pragma once
// A small ELF32 RISC-V executable reader for the sealing tool: header, PT_LOAD segments and
// the static symbol table, every offset bounds-checked. Pure C++ (no SystemC). Errors throw
// seal_error "NAME: invalid ELF: problem".
// platform/elf.h reads the same files for the plain loader; the two should merge into one
// shared pure C++ reader (see the lead's note in docs/sealed-image.md).

#include "bytes.h"

#include <optional>
#include <string>

namespace trvp::secure {

struct elf32_segment {
    uint32_t offset = 0, vaddr = 0, filesz = 0, memsz = 0;
    uint32_t flags = 0; // ELF PF_X 1, PF_W 2, PF_R 4
};

struct elf32_symbol {
    std::string name;
    uint32_t value = 0, size = 0;
};

class elf32 {
public:
    static constexpr uint32_t pf_x = 1, pf_w = 2, pf_r = 4;

    /** Reads and validates the file at `path`. */
    static elf32 load(const std::string& path);
    /** Validates an image in memory; `name` appears in error messages. */
    static elf32 parse(bytes image, const std::string& name);

    uint32_t entry() const { return m_entry; }
    /** The PT_LOAD segments with memsz > 0, in file order. */
    const std::vector<elf32_segment>& segments() const { return m_segments; }
    /** The filesz bytes of a segment. */
    cspan data(const elf32_segment& s) const { return {m_bytes.data() + s.offset, s.filesz}; }
    std::optional<elf32_symbol> symbol(const std::string& name) const;
    /** The file bytes of [va, va + n) if they lie inside one segment's file data. */
    std::optional<bytes> read(uint32_t va, uint32_t n) const;

private:
    [[noreturn]] void fail(const std::string& problem) const;
    uint16_t u16(uint64_t off) const;
    uint32_t u32(uint64_t off) const;
    void read_symbols(uint32_t shoff, uint16_t shentsize, uint16_t shnum);

    std::string m_name;
    bytes m_bytes;
    uint32_t m_entry = 0;
    std::vector<elf32_segment> m_segments;
    std::vector<elf32_symbol> m_symbols;
};

} // namespace trvp::secure
