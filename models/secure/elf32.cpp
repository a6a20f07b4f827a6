#include "elf32.h"

#include "seal_error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace trvp::secure {

namespace {
// System V ABI and RISC-V psABI values.
constexpr uint8_t elfclass32 = 1, elfdata2lsb = 1;
constexpr uint16_t et_exec = 2, em_riscv = 243;
constexpr uint32_t pt_load = 1, sht_symtab = 2;
constexpr uint32_t ehdr_size = 52, phdr_size = 32, shdr_size = 40, sym_size = 16;
} // namespace

elf32 elf32::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw seal_error(path + ": cannot read: " + std::strerror(err));
    }
    bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw seal_error(path + ": cannot read");
    return parse(std::move(b), path);
}

void elf32::fail(const std::string& problem) const {
    throw seal_error(m_name + ": invalid ELF: " + problem);
}

uint16_t elf32::u16(uint64_t off) const {
    if (off + 2 > m_bytes.size()) fail("truncated at offset " + std::to_string(off));
    return uint16_t(m_bytes[off] | m_bytes[off + 1] << 8);
}

uint32_t elf32::u32(uint64_t off) const {
    if (off + 4 > m_bytes.size()) fail("truncated at offset " + std::to_string(off));
    const uint8_t* p = m_bytes.data() + off;
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

elf32 elf32::parse(bytes image, const std::string& name) {
    elf32 f;
    f.m_name = name;
    f.m_bytes = std::move(image);
    const bytes& b = f.m_bytes;
    if (b.size() < 4 || std::memcmp(b.data(),
                                    "\x7f"
                                    "ELF",
                                    4) != 0)
        f.fail("bad magic (not an ELF file)");
    if (b.size() < ehdr_size) f.fail("truncated header (" + std::to_string(b.size()) + " bytes)");
    if (b[4] != elfclass32) f.fail("not ELFCLASS32 (a 64-bit or unknown class)");
    if (b[5] != elfdata2lsb) f.fail("not little endian");
    if (f.u16(18) != em_riscv)
        f.fail("machine " + std::to_string(f.u16(18)) + " is not EM_RISCV (243)");
    if (f.u16(16) != et_exec) f.fail("not an executable (ET_EXEC)");
    f.m_entry = f.u32(24);
    const uint32_t phoff = f.u32(28);
    const uint16_t phentsize = f.u16(42), phnum = f.u16(44);
    if (phnum == 0) f.fail("no program headers");
    if (phentsize < phdr_size) f.fail("program header size " + std::to_string(phentsize) + " < 32");
    if (uint64_t(phoff) + uint64_t(phnum) * phentsize > b.size())
        f.fail("program headers past the end of the file");
    for (unsigned i = 0; i < phnum; ++i) {
        const uint64_t h = phoff + uint64_t(i) * phentsize;
        if (f.u32(h) != pt_load) continue;
        elf32_segment s;
        s.offset = f.u32(h + 4);
        s.vaddr = f.u32(h + 8);
        s.filesz = f.u32(h + 16);
        s.memsz = f.u32(h + 20);
        s.flags = f.u32(h + 24);
        const std::string which = "PT_LOAD " + std::to_string(i);
        if (s.filesz > s.memsz) f.fail(which + ": filesz > memsz");
        if (uint64_t(s.offset) + s.filesz > b.size())
            f.fail(which + ": file data past the end of the file");
        if (uint64_t(s.vaddr) + s.memsz > (uint64_t(1) << 32))
            f.fail(which + ": wraps around the address space");
        if (s.memsz) f.m_segments.push_back(s);
    }
    if (f.m_segments.empty()) f.fail("no loadable (PT_LOAD) segment");
    f.read_symbols(f.u32(32), f.u16(46), f.u16(48));
    return f;
}

void elf32::read_symbols(uint32_t shoff, uint16_t shentsize, uint16_t shnum) {
    if (shnum == 0 || shoff == 0) return; // stripped: no symbols, not an error
    if (shentsize < shdr_size) fail("section header size " + std::to_string(shentsize) + " < 40");
    if (uint64_t(shoff) + uint64_t(shnum) * shentsize > m_bytes.size())
        fail("section headers past the end of the file");
    for (unsigned i = 0; i < shnum; ++i) {
        const uint64_t h = shoff + uint64_t(i) * shentsize;
        if (u32(h + 4) != sht_symtab) continue;
        const uint32_t off = u32(h + 16), size = u32(h + 20), link = u32(h + 24);
        if (link >= shnum) fail("symbol table links to missing section " + std::to_string(link));
        const uint64_t sh = shoff + uint64_t(link) * shentsize;
        const uint32_t stroff = u32(sh + 16), strsize = u32(sh + 20);
        if (uint64_t(off) + size > m_bytes.size() || uint64_t(stroff) + strsize > m_bytes.size())
            fail("symbol or string table past the end of the file");
        for (uint32_t s = 0; s + sym_size <= size; s += sym_size) {
            const uint32_t name = u32(off + s);
            if (name >= strsize) fail("symbol name offset out of range");
            const char* str = reinterpret_cast<const char*>(m_bytes.data() + stroff + name);
            const size_t len = strnlen(str, strsize - name);
            if (len == strsize - name) fail("unterminated symbol name");
            if (len)
                m_symbols.push_back({std::string(str, len), u32(off + s + 4), u32(off + s + 8)});
        }
    }
}

std::optional<elf32_symbol> elf32::symbol(const std::string& name) const {
    for (const auto& s : m_symbols)
        if (s.name == name) return s;
    return std::nullopt;
}

std::optional<bytes> elf32::read(uint32_t va, uint32_t n) const {
    for (const auto& s : m_segments)
        if (va >= s.vaddr && uint64_t(va) + n <= uint64_t(s.vaddr) + s.filesz) {
            const uint8_t* p = m_bytes.data() + s.offset + (va - s.vaddr);
            return bytes(p, p + n);
        }
    return std::nullopt;
}

} // namespace trvp::secure
