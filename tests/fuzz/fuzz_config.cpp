// libFuzzer harness: the YAML configuration loader (platform/builder/config.h). The input's
// first line is a `--set` assignment, the rest the configuration text: parse, apply the
// override, and ask where a few paths came from. Refusals are user_errors (config_error);
// a yaml-cpp or standard exception escaping is a finding. docs/fuzzing.md.
#include "platform/builder/config.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string in(reinterpret_cast<const char*>(data), size);
    const size_t nl = in.find('\n');
    const std::string set = nl == std::string::npos ? in : in.substr(0, nl);
    const std::string text = nl == std::string::npos ? "" : in.substr(nl + 1);
    try {
        auto doc = trvp::platform::config_doc::from_string(text, "fuzz.yaml");
        if (!set.empty()) doc.apply_set(set);
        for (const char* section : trvp::platform::top_level_sections)
            if (doc.root().IsMap() && doc.root()[section])
                (void)doc.where(section, doc.root()[section].Mark());
    } catch (const trvp::user_error&) {
    }
    return 0;
}
