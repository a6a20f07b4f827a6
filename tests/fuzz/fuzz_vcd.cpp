// libFuzzer harness: the VCD reader of `trvp vcd` (platform/analysis/vcd.h): parse any text,
// then list it and print an excerpt of its first two signals. Refusals are user_errors.
// docs/fuzzing.md.
#include "platform/analysis/vcd.h"

#include "models/common/user_error.h"

#include <cstddef>
#include <cstdint>
#include <sstream>

namespace vcd = trvp::platform::vcd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const vcd::file f =
            vcd::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz.vcd");
        std::ostringstream os;
        vcd::list(os, f);
        vcd::excerpt_options o;
        for (size_t i = 0; i < f.signals.size() && i < 2; ++i) o.names.push_back(f.signals[i].name);
        o.limit = 20;
        if (!o.names.empty()) vcd::excerpt(os, f, o);
    } catch (const trvp::user_error&) {
    }
    return 0;
}
