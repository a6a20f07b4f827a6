#define BOOST_TEST_MODULE secure_elf
// What the sealing tool needs of the ELF reader (platform/builder/elf.h): segments with their
// permissions, initialised data of a symbol, and one clear error for every malformed file.
#include <boost/test/unit_test.hpp>

#include "models/common/user_error.h"
#include "platform/builder/elf.h"
#include "test_elf.h"

using namespace trvp::sealing;
using elf32 = trvp::platform::elf_file;
using seal_error = trvp::user_error;

namespace {

std::string error_of(bytes b) {
    try {
        elf32::parse(std::move(b), "prog.elf");
    } catch (const seal_error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

BOOST_AUTO_TEST_CASE(reads_segments_and_symbols) {
    const elf32 f = elf32::parse(test::sample_elf(), "prog.elf");
    BOOST_TEST(f.entry() == 0x10000u);
    BOOST_REQUIRE(f.segments().size() == 3u);
    BOOST_TEST(f.segments()[0].flags == 5u);
    BOOST_TEST(f.segments()[2].memsz == 0x1800u);
    BOOST_TEST(f.segments()[2].filesz == 32u);
    BOOST_TEST((f.read(f.segments()[1].vaddr, 8) == bytes{'h', 'e', 'l', 'l', 'o', 0, 0, 0}));
    const auto sym = f.symbol("peer_key");
    BOOST_REQUIRE(sym);
    BOOST_TEST(sym->value == 0x12000u);
    BOOST_TEST(f.read(sym->value, sym->size)->at(0) == 0xa0);
    BOOST_TEST(!f.read(0x12100, 16)); // bss: no file bytes
    BOOST_TEST(!f.symbol("missing"));
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_problem) {
    const bytes good = test::sample_elf();
    BOOST_TEST(error_of(bytes{1, 2, 3}) ==
               "prog.elf: invalid firmware ELF: not an ELF file (bad magic)");
    bytes b = good;
    b[4] = 2;
    BOOST_TEST(error_of(b).find("64-bit ELF") != std::string::npos);
    b = good;
    b[5] = 2;
    BOOST_TEST(error_of(b).find("big-endian") != std::string::npos);
    b = good;
    b[18] = 62; // x86-64
    BOOST_TEST(error_of(b).find("is not RISC-V") != std::string::npos);
    b = good;
    b[16] = 3; // ET_DYN
    BOOST_TEST(error_of(b).find("ET_EXEC") != std::string::npos);
    BOOST_TEST(error_of(bytes(good.begin(), good.begin() + 60)).find("program headers (offset") !=
               std::string::npos);
    b = good;
    test::put(b, 52 + 16, 0x100, 4); // filesz 256 > memsz 64
    BOOST_TEST(error_of(b).find("filesz > memsz") != std::string::npos);
    b = good;
    test::put(b, 52 + 4, 0xfffff000, 4); // data offset far past the end
    BOOST_TEST(error_of(b).find("past the end") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(never_crashes_on_truncation_or_flips) {
    const bytes good = test::sample_elf();
    for (size_t n = 0; n < good.size(); ++n) {
        try {
            elf32::parse(bytes(good.begin(), good.begin() + n), "t.elf");
        } catch (const seal_error&) {
        }
    }
    for (size_t i = 0; i < good.size(); ++i) {
        bytes b = good;
        b[i] ^= 0xff;
        try {
            elf32::parse(b, "t.elf");
        } catch (const seal_error&) {
        }
    }
}
