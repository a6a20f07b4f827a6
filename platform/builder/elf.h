#pragma once
// A small ELF32 reader for RISC-V executables: validates the header, the program headers
// and the segment ranges (disjoint, the entry inside one), and reads the symbol table, every offset
// bounds-checked. Pure C++ (library trvp_elf, no SystemC): the platform's loader and the sealing
// tool (tools/seal) both read firmware with it. Errors are user_errors naming the file and the
// problem.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trvp::platform {

/** A PT_LOAD program header. */
struct elf_segment {
    uint32_t offset = 0; // in the file
    uint32_t vaddr = 0;
    uint32_t paddr = 0; // where the loader puts it
    uint32_t filesz = 0;
    uint32_t memsz = 0; // the bytes past filesz are zero
    uint32_t flags = 0; // pf_x | pf_w | pf_r
    unsigned index = 0; // its program header's index, as messages name it
};

/** Segment permission flags (elf_segment::flags). */
constexpr uint32_t pf_x = 1, pf_w = 2, pf_r = 4;

struct elf_symbol {
    std::string name;
    uint32_t value = 0;
    uint32_t size = 0;
};

class elf_file {
public:
    /** Reads and validates the file at `path`. */
    static elf_file load(const std::string& path);
    /** Validates an image held in memory; `name` is used in messages. */
    static elf_file parse(std::vector<uint8_t> bytes, const std::string& name);

    const std::string& name() const { return m_name; }
    uint32_t entry() const { return m_entry; }
    /** The PT_LOAD segments with memsz > 0, in file order. */
    const std::vector<elf_segment>& segments() const { return m_segments; }
    /** The first `filesz` bytes of a segment. */
    const uint8_t* data(const elf_segment& s) const { return m_bytes.data() + s.offset; }
    /** A symbol of the static symbol table (functions, objects, untyped). */
    std::optional<elf_symbol> symbol(const std::string& name) const;
    const std::vector<elf_symbol>& symbols() const { return m_symbols; }
    /** The file bytes of [va, va + n) if they lie inside one segment's file data. */
    std::optional<std::vector<uint8_t>> read(uint32_t va, uint32_t n) const;

private:
    [[noreturn]] void fail(const std::string& problem) const;
    void read_header();
    void read_segments(uint32_t phoff, uint16_t phentsize, uint16_t phnum);
    /** Segments pairwise disjoint (physical and virtual), entry inside one of them. */
    void check_layout() const;
    void read_symbols(uint32_t shoff, uint16_t shentsize, uint16_t shnum);
    uint16_t u16(uint64_t off) const;
    uint32_t u32(uint64_t off) const;

    std::string m_name;
    std::vector<uint8_t> m_bytes;
    uint32_t m_entry = 0;
    std::vector<elf_segment> m_segments;
    std::vector<elf_symbol> m_symbols;
};

} // namespace trvp::platform
