// libFuzzer harness: the sweep file reader (platform/analysis/sweep_spec.h). It reads a
// path, so each input is written to a per-process scratch file first; a sweep that loads is
// expanded when its cross product is small. Refusals are user_errors. docs/fuzzing.md.
#include "platform/analysis/sweep_spec.h"

#include "models/common/user_error.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = (std::filesystem::temp_directory_path() /
                                     ("trvp-fuzz-sweep-" + std::to_string(getpid()) + ".yaml"))
                                        .string();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    }
    try {
        const auto spec = trvp::platform::sweep::load_sweep(path);
        double points = double(spec.workloads.empty() ? 1 : spec.workloads.size());
        for (const auto& p : spec.params) points *= double(p.values.size());
        if (points <= 4096) {
            const auto runs = trvp::platform::sweep::expand(spec);
            if (!runs.empty()) (void)runs.front().sets(spec);
            (void)trvp::platform::sweep::point_columns(spec);
        }
    } catch (const trvp::user_error&) {
    }
    return 0;
}
