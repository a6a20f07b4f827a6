#define BOOST_TEST_MODULE platform_elf
#include "elf_builder.h"
#include "platform/builder/elf.h"

#include "models/common/user_error.h"

#include <boost/test/unit_test.hpp>

using trvp::platform::elf_file;
using trvp::test::elf_builder;

namespace {
// The message of the user_error that parsing `bytes` throws ("" if it parses).
std::string error_of(const std::vector<uint8_t>& bytes) {
    try {
        elf_file::parse(bytes, "fw.elf");
    } catch (const trvp::user_error& e) {
        return e.what();
    }
    return "";
}
bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}
} // namespace

BOOST_AUTO_TEST_CASE(valid_image_gives_entry_segments_and_symbols) {
    elf_builder b;
    b.entry = 0x80000004;
    b.bss = 24;
    b.symbols = {{"tohost", 0x80001000}, {"trvp_args", 0x80002000}};
    const elf_file f = elf_file::parse(b.bytes(), "fw.elf");
    BOOST_TEST(f.entry() == 0x80000004u);
    BOOST_REQUIRE(f.segments().size() == 1u);
    BOOST_TEST(f.segments()[0].paddr == 0x80000000u);
    BOOST_TEST(f.segments()[0].filesz == 8u);
    BOOST_TEST(f.segments()[0].memsz == 32u);
    BOOST_TEST(f.data(f.segments()[0])[0] == 0x13);
    BOOST_REQUIRE(f.symbol("tohost"));
    BOOST_TEST(f.symbol("tohost")->value == 0x80001000u);
    BOOST_TEST(f.symbol("trvp_args")->value == 0x80002000u);
    BOOST_TEST(!f.symbol("fromhost"));
}

BOOST_AUTO_TEST_CASE(bad_magic_is_rejected) {
    auto bytes = elf_builder().bytes();
    bytes[1] = 'X';
    BOOST_TEST(contains(error_of(bytes), "fw.elf: invalid firmware ELF: not an ELF file"));
    BOOST_TEST(contains(error_of({}), "bad magic"));
}

BOOST_AUTO_TEST_CASE(wrong_class_machine_and_type_are_rejected) {
    elf_builder b;
    b.elf_class = 2;
    BOOST_TEST(contains(error_of(b.bytes()), "64-bit"));
    b = elf_builder();
    b.machine = 62; // x86-64
    BOOST_TEST(contains(error_of(b.bytes()), "machine 62 is not RISC-V"));
    b = elf_builder();
    b.type = 3; // ET_DYN
    BOOST_TEST(contains(error_of(b.bytes()), "not an executable"));
    auto big = elf_builder().bytes();
    big[5] = 2;
    BOOST_TEST(contains(error_of(big), "big-endian"));
}

BOOST_AUTO_TEST_CASE(truncated_files_are_rejected) {
    const auto full = elf_builder().bytes();
    for (size_t n : {size_t(10), size_t(51), size_t(60), size_t(90)}) {
        const std::vector<uint8_t> cut(full.begin(), full.begin() + long(n));
        const std::string e = error_of(cut);
        BOOST_TEST_INFO("cut at " << n << ": " << e);
        BOOST_TEST(contains(e, "truncated"));
    }
}

BOOST_AUTO_TEST_CASE(segment_past_end_of_file_is_rejected) {
    auto bytes = elf_builder().bytes();
    elf_builder::put32(bytes, 68, 100000); // filesz
    elf_builder::put32(bytes, 72, 100000); // memsz
    BOOST_TEST(contains(error_of(bytes), "segment 0 file range"));
    bytes = elf_builder().bytes();
    elf_builder::put32(bytes, 72, 2); // memsz < filesz
    BOOST_TEST(contains(error_of(bytes), "filesz > memsz"));
}

BOOST_AUTO_TEST_CASE(program_headers_out_of_bounds_are_rejected) {
    auto bytes = elf_builder().bytes();
    elf_builder::put16(bytes, 44, 500); // phnum
    BOOST_TEST(contains(error_of(bytes), "program headers"));
}

BOOST_AUTO_TEST_CASE(missing_file_names_the_file) {
    BOOST_CHECK_EXCEPTION(elf_file::load("/nonexistent/x.elf"), trvp::user_error,
                          [](const trvp::user_error& e) {
                              return contains(e.what(), "/nonexistent/x.elf: cannot read firmware");
                          });
}

namespace {
// The builder's image with a second PT_LOAD (at `addr`, 8 bytes of the first one's payload):
// the program headers move to the end of the file, two entries.
std::vector<uint8_t> two_segments(uint32_t addr, uint32_t entry = 0x80000000) {
    elf_builder b;
    b.entry = entry;
    auto bytes = b.bytes();
    const uint32_t phoff = uint32_t(bytes.size());
    bytes.resize(bytes.size() + 64, 0);
    std::copy(bytes.begin() + 52, bytes.begin() + 84, bytes.begin() + phoff);
    std::copy(bytes.begin() + 52, bytes.begin() + 84, bytes.begin() + phoff + 32);
    elf_builder::put32(bytes, phoff + 32 + 8, addr);
    elf_builder::put32(bytes, phoff + 32 + 12, addr);
    elf_builder::put32(bytes, 28, phoff);
    elf_builder::put16(bytes, 44, 2);
    return bytes;
}
} // namespace

BOOST_AUTO_TEST_CASE(disjoint_segments_load) {
    const elf_file f = elf_file::parse(two_segments(0x80001000), "fw.elf");
    BOOST_REQUIRE(f.segments().size() == 2u);
    BOOST_TEST(f.segments()[1].index == 1u);
    BOOST_TEST(f.segments()[1].paddr == 0x80001000u);
}

BOOST_AUTO_TEST_CASE(overlapping_segments_are_rejected_naming_both) {
    const std::string e = error_of(two_segments(0x80000004));
    BOOST_TEST(contains(e, "fw.elf: invalid firmware ELF: PT_LOAD segments 0 "
                           "[0x80000000, 0x80000008) and 1 [0x80000004, 0x8000000c) overlap"),
               e);
    // Only the virtual addresses overlap.
    auto bytes = two_segments(0x80001000);
    elf_builder::put32(bytes, bytes.size() - 32 + 8, 0x80000000); // p_vaddr of segment 1
    BOOST_TEST(contains(error_of(bytes), "overlap (virtual addresses)"), error_of(bytes));
}

BOOST_AUTO_TEST_CASE(entry_outside_every_segment_is_rejected) {
    elf_builder b;
    b.entry = 0x80000008; // one past the 8-byte segment
    BOOST_TEST(contains(error_of(b.bytes()), "fw.elf: invalid firmware ELF: entry point "
                                             "0x80000008 is outside every PT_LOAD segment "
                                             "(0 [0x80000000, 0x80000008))"),
               error_of(b.bytes()));
    b.bss = 4; // the entry may lie in the zero-filled part
    BOOST_TEST(error_of(b.bytes()).empty(), error_of(b.bytes()));
    BOOST_TEST(contains(error_of(two_segments(0x80001000, 0x90000000)),
                        "(0 [0x80000000, 0x80000008), 1 [0x80001000, 0x80001008))"));
}
