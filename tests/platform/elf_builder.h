#pragma once
// Builds small ELF32 images in memory for the platform tests: one PT_LOAD segment and an
// optional symbol table. Fields can be corrupted afterwards through bytes().

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace trvp::test {

class elf_builder {
public:
    uint16_t machine = 243; // EM_RISCV
    uint8_t elf_class = 1;  // ELFCLASS32
    uint16_t type = 2;      // ET_EXEC
    uint32_t entry = 0x80000000;
    uint32_t load_addr = 0x80000000;
    std::vector<uint8_t> payload = {0x13, 0, 0, 0, 0x6f, 0, 0, 0}; // nop; j .
    uint32_t bss = 0;                                              // memsz - filesz
    std::vector<std::pair<std::string, uint32_t>> symbols;

    /** Layout: ehdr | phdr | payload | strtab | symtab | shdrs (null, strtab, symtab). */
    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> b(52 + 32, 0);
        const uint32_t payload_off = uint32_t(b.size());
        append(b, payload);
        std::vector<uint8_t> strtab(1, 0), symtab(16, 0);
        for (auto& [name, value] : symbols) {
            const uint32_t at = uint32_t(strtab.size());
            for (char c : name) strtab.push_back(uint8_t(c));
            strtab.push_back(0);
            std::vector<uint8_t> s(16, 0);
            put32(s, 0, at);
            put32(s, 4, value);
            put32(s, 8, 4);
            s[12] = 0x11; // STB_GLOBAL, STT_OBJECT
            append(symtab, s);
        }
        const uint32_t str_off = uint32_t(b.size());
        append(b, strtab);
        while (b.size() % 4) b.push_back(0);
        const uint32_t sym_off = uint32_t(b.size());
        append(b, symtab);
        const uint32_t sh_off = uint32_t(b.size());
        b.resize(b.size() + 3 * 40, 0);
        // section 1: .strtab (SHT_STRTAB 3); section 2: .symtab (SHT_SYMTAB 2, link 1)
        put32(b, sh_off + 40 + 4, 3);
        put32(b, sh_off + 40 + 16, str_off);
        put32(b, sh_off + 40 + 20, uint32_t(strtab.size()));
        put32(b, sh_off + 80 + 4, 2);
        put32(b, sh_off + 80 + 16, sym_off);
        put32(b, sh_off + 80 + 20, uint32_t(symtab.size()));
        put32(b, sh_off + 80 + 24, 1);
        put32(b, sh_off + 80 + 36, 16);
        // ELF header
        std::memcpy(b.data(),
                    "\x7f"
                    "ELF",
                    4);
        b[4] = elf_class;
        b[5] = 1; // little endian
        b[6] = 1; // EV_CURRENT
        put16(b, 16, type);
        put16(b, 18, machine);
        put32(b, 20, 1);
        put32(b, 24, entry);
        put32(b, 28, 52);     // phoff
        put32(b, 32, sh_off); // shoff
        put16(b, 40, 52);     // ehsize
        put16(b, 42, 32);     // phentsize
        put16(b, 44, 1);      // phnum
        put16(b, 46, 40);     // shentsize
        put16(b, 48, 3);      // shnum
        put16(b, 50, 1);      // shstrndx (unused by the reader)
        // PT_LOAD
        put32(b, 52, 1);
        put32(b, 56, payload_off);
        put32(b, 60, load_addr);
        put32(b, 64, load_addr);
        put32(b, 68, uint32_t(payload.size()));
        put32(b, 72, uint32_t(payload.size()) + bss);
        put32(b, 76, 7);
        return b;
    }

    void write(const std::string& path) const {
        const auto b = bytes();
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    }

    // push_back rather than insert: GCC 12 reports a false -Warray-bounds on insert.
    static void append(std::vector<uint8_t>& to, const std::vector<uint8_t>& from) {
        for (uint8_t c : from) to.push_back(c);
    }
    static void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
        b[off] = uint8_t(v);
        b[off + 1] = uint8_t(v >> 8);
    }
    static void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
        for (int i = 0; i < 4; ++i) b[off + i] = uint8_t(v >> (8 * i));
    }
};

} // namespace trvp::test
