#include "device_key.h"

#include "pka.h"
#include "seal_error.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace trvp::sealing {

device_key device_key_from_seed(cspan seed) {
    std::array<uint8_t, 32> raw;
    hkdf_sha256(cspan(), seed, "trvp-device-key", raw);
    return device_key_from_private(raw);
}

device_key device_key_from_private(cspan priv) {
    if (priv.size != 32)
        throw seal_error("device private key must be 32 bytes, got " + std::to_string(priv.size));
    device_key k;
    x25519_keypair(priv, k.priv, k.pub); // clamps
    return k;
}

device_key load_device_key_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        const int err = errno;
        throw seal_error(path + ": cannot read device key file: " + std::strerror(err));
    }
    std::string hex, line;
    unsigned lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        for (char c : line) {
            if (c == '#') break;
            if (std::isspace(static_cast<unsigned char>(c))) continue;
            if (!std::isxdigit(static_cast<unsigned char>(c)))
                throw seal_error(path + ":" + std::to_string(lineno) +
                                 ": invalid device key file: '" + std::string(1, c) +
                                 "' is not a hex digit");
            hex.push_back(c);
        }
    }
    if (in.bad()) throw seal_error(path + ": cannot read device key file");
    if (hex.empty())
        throw seal_error(path + ": invalid device key file: no key (expected 64 hex digits)");
    if (hex.size() != 64)
        throw seal_error(path + ": invalid device key file: " + std::to_string(hex.size()) +
                         " hex digits, expected 64 (a 32-byte X25519 private key)");
    return device_key_from_private(*from_hex(hex));
}

std::string device_key_file_text(const device_key& k) {
    std::ostringstream s;
    s << "# TRVP device key: X25519 private scalar, 32 bytes hex\n"
      << "# public key " << to_hex(k.pub) << "\n"
      << to_hex(k.priv) << "\n";
    return s.str();
}

} // namespace trvp::sealing
