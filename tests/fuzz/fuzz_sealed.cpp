// libFuzzer harness: the sealed-image parser (models/sealing) on any bytes: the header peek
// the secure unit does first, the unauthenticated manifest reader and open_image with the
// device key the platform's images are sealed for. None of them may throw. docs/fuzzing.md.
#include "models/sealing/device_key.h"
#include "models/sealing/sealed_image.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace trvp::sealing;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const device_key key = [] {
        const std::string seed = "trvp-device";
        return device_key_from_seed(
            cspan(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()));
    }();
    const cspan image(data, size);
    uint32_t claimed = 0;
    (void)peek_image_size(image, claimed);
    manifest m;
    if (read_manifest(image, m) == seal_status::ok) (void)check_manifest(m);
    opened_image opened;
    (void)open_image(image, key, opened);
    return 0;
}
