// libFuzzer harness: the ELF32 reader (platform/builder/elf.h) on any bytes. A refused file
// is a user_error; anything else (a crash, a sanitizer report, another exception) is a
// finding. docs/fuzzing.md.
#include "platform/builder/elf.h"

#include "models/common/user_error.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto f =
            trvp::platform::elf_file::parse(std::vector<uint8_t>(data, data + size), "fuzz.elf");
        for (const auto& s : f.segments()) (void)f.read(s.vaddr, s.filesz);
        for (const auto& s : f.symbols()) (void)f.read(s.value, s.size);
        (void)f.symbol("trvp_boot");
    } catch (const trvp::user_error&) {
    }
    return 0;
}
