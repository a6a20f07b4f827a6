#include "elf.h"

#include "models/common/user_error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace trvp::platform {

namespace {
// The few ELF constants we need (values from the System V ABI and the RISC-V psABI).
constexpr uint8_t elfclass32 = 1, elfclass64 = 2, elfdata2lsb = 1;
constexpr uint16_t et_exec = 2, em_riscv = 243;
constexpr uint32_t pt_load = 1, sht_symtab = 2;
constexpr size_t ehdr_size = 52, phdr_size = 32, shdr_size = 40, sym_size = 16;
} // namespace

elf_file elf_file::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw user_error(path + ": cannot read firmware: " + std::strerror(err));
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad()) throw user_error(path + ": cannot read firmware");
    return parse(std::move(bytes), path);
}

elf_file elf_file::parse(std::vector<uint8_t> bytes, const std::string& name) {
    elf_file f;
    f.m_name = name;
    f.m_bytes = std::move(bytes);
    f.read_header();
    return f;
}

void elf_file::fail(const std::string& problem) const {
    throw user_error(m_name + ": invalid firmware ELF: " + problem);
}

uint16_t elf_file::u16(uint64_t off) const {
    if (off + 2 > m_bytes.size())
        fail("truncated file (" + std::to_string(m_bytes.size()) + " bytes)");
    return uint16_t(m_bytes[off] | m_bytes[off + 1] << 8);
}

uint32_t elf_file::u32(uint64_t off) const {
    if (off + 4 > m_bytes.size())
        fail("truncated file (" + std::to_string(m_bytes.size()) + " bytes)");
    return uint32_t(m_bytes[off]) | uint32_t(m_bytes[off + 1]) << 8 |
           uint32_t(m_bytes[off + 2]) << 16 | uint32_t(m_bytes[off + 3]) << 24;
}

void elf_file::read_header() {
    if (m_bytes.size() < 4 || std::memcmp(m_bytes.data(),
                                          "\x7f"
                                          "ELF",
                                          4) != 0)
        fail("not an ELF file (bad magic)");
    if (m_bytes.size() < ehdr_size)
        fail("truncated file (" + std::to_string(m_bytes.size()) + " bytes, header needs 52)");
    if (m_bytes[4] == elfclass64) fail("64-bit ELF (ELFCLASS64); expected a 32-bit RV32 image");
    if (m_bytes[4] != elfclass32) fail("unknown ELF class " + std::to_string(m_bytes[4]));
    if (m_bytes[5] != elfdata2lsb) fail("big-endian ELF; RISC-V images are little endian");
    const uint16_t type = u16(16), machine = u16(18);
    if (machine != em_riscv)
        fail("machine " + std::to_string(machine) + " is not RISC-V (EM_RISCV = 243)");
    if (type != et_exec)
        fail("type " + std::to_string(type) + " is not an executable (ET_EXEC); link it first");
    m_entry = u32(24);
    read_segments(u32(28), u16(42), u16(44));
    check_layout();
    read_symbols(u32(32), u16(46), u16(48));
}

namespace {
std::string hex(uint64_t v) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[v & 15]);
        v >>= 4;
    } while (v);
    return "0x" + s;
}
std::string range(uint64_t lo, uint64_t size) {
    return "[" + hex(lo) + ", " + hex(lo + size) + ")";
}
} // namespace

// The loader writes every segment in file order, zero-filling past filesz: overlapping
// segments would let one erase another's bytes, and an entry outside every segment starts
// the hart in memory the image does not define (docs/platform.md, "Firmware").
void elf_file::check_layout() const {
    const auto& seg = m_segments;
    for (size_t i = 0; i < seg.size(); ++i)
        for (size_t j = i + 1; j < seg.size(); ++j) {
            const elf_segment &a = seg[i], &b = seg[j];
            const auto overlap = [](uint64_t x, uint64_t xn, uint64_t y, uint64_t yn) {
                return x < y + yn && y < x + xn;
            };
            if (overlap(a.paddr, a.memsz, b.paddr, b.memsz))
                fail("PT_LOAD segments " + std::to_string(a.index) + " " + range(a.paddr, a.memsz) +
                     " and " + std::to_string(b.index) + " " + range(b.paddr, b.memsz) +
                     " overlap (physical addresses)");
            if (overlap(a.vaddr, a.memsz, b.vaddr, b.memsz))
                fail("PT_LOAD segments " + std::to_string(a.index) + " " + range(a.vaddr, a.memsz) +
                     " and " + std::to_string(b.index) + " " + range(b.vaddr, b.memsz) +
                     " overlap (virtual addresses)");
        }
    for (const auto& s : seg)
        if (m_entry >= s.vaddr && m_entry - s.vaddr < s.memsz) return;
    std::string all;
    for (const auto& s : seg)
        all += (all.empty() ? "" : ", ") + std::to_string(s.index) + " " + range(s.vaddr, s.memsz);
    fail("entry point " + hex(m_entry) + " is outside every PT_LOAD segment (" + all + ")");
}

void elf_file::read_segments(uint32_t phoff, uint16_t phentsize, uint16_t phnum) {
    if (phnum == 0) fail("no program headers");
    if (phentsize < phdr_size) fail("program header size " + std::to_string(phentsize) + " < 32");
    if (uint64_t(phoff) + uint64_t(phnum) * phentsize > m_bytes.size())
        fail("program headers (offset " + std::to_string(phoff) + ", " + std::to_string(phnum) +
             " entries) extend past the end of the file (truncated?)");
    for (unsigned i = 0; i < phnum; ++i) {
        const uint64_t h = phoff + uint64_t(i) * phentsize;
        if (u32(h) != pt_load) continue;
        elf_segment s;
        s.index = i;
        s.offset = u32(h + 4);
        s.vaddr = u32(h + 8);
        s.paddr = u32(h + 12);
        s.filesz = u32(h + 16);
        s.memsz = u32(h + 20);
        s.flags = u32(h + 24);
        const std::string which = "segment " + std::to_string(i);
        if (uint64_t(s.offset) + s.filesz > m_bytes.size())
            fail(which + " file range [" + std::to_string(s.offset) + ", +" +
                 std::to_string(s.filesz) + ") extends past the end of the file (" +
                 std::to_string(m_bytes.size()) + " bytes; truncated?)");
        if (s.filesz > s.memsz) fail(which + " has filesz > memsz");
        if (uint64_t(s.paddr) + s.memsz > (uint64_t(1) << 32) ||
            uint64_t(s.vaddr) + s.memsz > (uint64_t(1) << 32))
            fail(which + " extends past the 32-bit address space");
        if (s.memsz) m_segments.push_back(s);
    }
    if (m_segments.empty()) fail("no loadable (PT_LOAD) segments");
}

void elf_file::read_symbols(uint32_t shoff, uint16_t shentsize, uint16_t shnum) {
    if (shoff == 0 || shnum == 0) return; // stripped of sections: no symbols
    if (shentsize < shdr_size) fail("section header size " + std::to_string(shentsize) + " < 40");
    if (uint64_t(shoff) + uint64_t(shnum) * shentsize > m_bytes.size())
        fail("section headers extend past the end of the file (truncated?)");
    for (unsigned i = 0; i < shnum; ++i) {
        const uint64_t sh = shoff + uint64_t(i) * shentsize;
        if (u32(sh + 4) != sht_symtab) continue;
        const uint32_t off = u32(sh + 16), size = u32(sh + 20), link = u32(sh + 24);
        if (link >= shnum) fail("symbol table links to a missing string table");
        const uint64_t strsh = shoff + uint64_t(link) * shentsize;
        const uint32_t stroff = u32(strsh + 16), strsize = u32(strsh + 20);
        if (uint64_t(off) + size > m_bytes.size() || uint64_t(stroff) + strsize > m_bytes.size())
            fail("symbol table extends past the end of the file (truncated?)");
        for (uint64_t e = off; e + sym_size <= uint64_t(off) + size; e += sym_size) {
            const uint32_t name = u32(e);
            if (name == 0 || name >= strsize) continue;
            const char* p = reinterpret_cast<const char*>(m_bytes.data() + stroff + name);
            const size_t n = strnlen(p, strsize - name);
            m_symbols.push_back({std::string(p, n), u32(e + 4), u32(e + 8)});
        }
    }
}

std::optional<elf_symbol> elf_file::symbol(const std::string& name) const {
    for (auto& s : m_symbols)
        if (s.name == name) return s;
    return std::nullopt;
}

std::optional<std::vector<uint8_t>> elf_file::read(uint32_t va, uint32_t n) const {
    for (const auto& s : m_segments)
        if (va >= s.vaddr && uint64_t(va) + n <= uint64_t(s.vaddr) + s.filesz) {
            const uint8_t* p = m_bytes.data() + s.offset + (va - s.vaddr);
            return std::vector<uint8_t>(p, p + n);
        }
    return std::nullopt;
}

} // namespace trvp::platform
