#pragma once
// The chip's device key pair (X25519). Sealed images wrap their program key for the public
// half; only the secure unit holds the private half.

#include "bytes.h"

#include <string>

namespace trvp::sealing {

struct device_key {
    std::array<uint8_t, 32> priv{}; // clamped X25519 scalar
    std::array<uint8_t, 32> pub{};
};

/**
 * The device key for a config seed: priv = clamp(HKDF-SHA256(salt = "", ikm = seed bytes,
 * info = "trvp-device-key", L = 32)). The seed bytes are the seed's text as written
 * ("42" -> the two bytes '4' '2').
 */
device_key device_key_from_seed(cspan seed);
/** The key pair for a 32-byte private scalar (clamped here). Throws seal_error if not 32. */
device_key device_key_from_private(cspan priv);
/**
 * Reads a device key file: text, '#' starts a comment, whitespace is ignored, and what is
 * left must be exactly 64 hex digits, the private scalar. Throws seal_error naming the file
 * and the problem.
 */
device_key load_device_key_file(const std::string& path);
/** The text of a key file for `k` (what load_device_key_file reads back). */
std::string device_key_file_text(const device_key& k);

} // namespace trvp::sealing
