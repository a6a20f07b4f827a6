#pragma once
// Writes minimal ELF32 RISC-V executables for the tests: PT_LOAD segments plus a symbol table.

#include "sealing/bytes.h"

#include <string>
#include <vector>

namespace trvp::sealing::test {

struct elf_seg {
    uint32_t vaddr, memsz, flags; // flags: PF_X 1, PF_W 2, PF_R 4
    bytes data;                   // filesz bytes
};
struct elf_sym {
    std::string name;
    uint32_t value, size;
};

inline void put(bytes& b, size_t off, uint32_t v, int n) {
    if (b.size() < off + n) b.resize(off + n);
    for (int i = 0; i < n; ++i) b[off + i] = uint8_t(v >> (8 * i));
}

inline bytes make_elf(uint32_t entry, const std::vector<elf_seg>& segs,
                      const std::vector<elf_sym>& syms = {}) {
    bytes b(52);
    const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
    std::copy(ident, ident + 16, b.begin());
    put(b, 16, 2, 2);   // ET_EXEC
    put(b, 18, 243, 2); // EM_RISCV
    put(b, 20, 1, 4);
    put(b, 24, entry, 4);
    put(b, 28, 52, 4); // phoff
    put(b, 40, 52, 2);
    put(b, 42, 32, 2);
    put(b, 44, uint32_t(segs.size()), 2);
    size_t off = 52 + 32 * segs.size();
    b.resize(off);
    for (size_t i = 0; i < segs.size(); ++i) {
        const size_t h = 52 + 32 * i;
        put(b, h, 1, 4); // PT_LOAD
        put(b, h + 4, uint32_t(off), 4);
        put(b, h + 8, segs[i].vaddr, 4);
        put(b, h + 12, segs[i].vaddr, 4);
        put(b, h + 16, uint32_t(segs[i].data.size()), 4);
        put(b, h + 20, segs[i].memsz, 4);
        put(b, h + 24, segs[i].flags, 4);
        put(b, h + 28, 4096, 4);
        b.insert(b.end(), segs[i].data.begin(), segs[i].data.end());
        off = b.size();
    }
    // .strtab then .symtab, then three section headers: null, .symtab, .strtab.
    const size_t stroff = b.size();
    b.push_back(0);
    std::vector<uint32_t> name_at;
    for (const auto& s : syms) {
        name_at.push_back(uint32_t(b.size() - stroff));
        b.insert(b.end(), s.name.begin(), s.name.end());
        b.push_back(0);
    }
    const size_t strsize = b.size() - stroff;
    while (b.size() % 4) b.push_back(0);
    const size_t symoff = b.size();
    b.resize(b.size() + 16); // the null symbol
    for (size_t i = 0; i < syms.size(); ++i) {
        const size_t s = b.size();
        b.resize(s + 16);
        put(b, s, name_at[i], 4);
        put(b, s + 4, syms[i].value, 4);
        put(b, s + 8, syms[i].size, 4);
        b[s + 12] = 0x11; // STB_GLOBAL, STT_OBJECT
    }
    const size_t symsize = b.size() - symoff;
    const size_t shoff = b.size();
    b.resize(shoff + 3 * 40);
    put(b, shoff + 40 + 4, 2, 4); // SHT_SYMTAB
    put(b, shoff + 40 + 16, uint32_t(symoff), 4);
    put(b, shoff + 40 + 20, uint32_t(symsize), 4);
    put(b, shoff + 40 + 24, 2, 4); // link: .strtab
    put(b, shoff + 40 + 36, 16, 4);
    put(b, shoff + 80 + 4, 3, 4); // SHT_STRTAB
    put(b, shoff + 80 + 16, uint32_t(stroff), 4);
    put(b, shoff + 80 + 20, uint32_t(strsize), 4);
    put(b, 32, uint32_t(shoff), 4);
    put(b, 46, 40, 2);
    put(b, 48, 3, 2);
    put(b, 50, 2, 2);
    return b;
}

/** A three-segment program: code at 0x10000 (r-x), rodata 0x11000 (r--), data+bss 0x12000 (rw-). */
inline bytes sample_elf() {
    bytes code(64);
    for (size_t i = 0; i < code.size(); i += 4) put(code, i, 0x00000013, 4); // nop
    bytes rodata = {'h', 'e', 'l', 'l', 'o', 0, 0, 0};
    bytes data(32);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(0xa0 + i);
    return make_elf(
        0x10000, {{0x10000, 64, 5, code}, {0x11000, 8, 4, rodata}, {0x12000, 0x1800, 6, data}},
        {{"_start", 0x10000, 64}, {"peer_key", 0x12000, 32}, {"bss_thing", 0x12100, 16}});
}

} // namespace trvp::sealing::test
