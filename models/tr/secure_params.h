#pragma once
// Parameters of the core's secure unit (TR extension, docs/tr-isa.md). All costs are in core
// cycles and are charged on top of the latency of the memory transactions an operation makes.

#include <cstdint>
#include <string>
#include <vector>

namespace trvp {

struct secure_costs {
    uint32_t launch = 2000;           // fixed part of tr.launch
    uint32_t launch_per_byte = 1;     // per byte moved (image read + pages written)
    uint32_t launch_aes_per_line = 8; // per 64-byte line of image authenticated (AES-GCM)
    uint32_t resume = 40;             // tr.resume (restore 31 registers, switch mode)
    uint32_t trap = 40;               // saving and clearing the registers on a trap
    uint32_t destroy = 200;           // tr.destroy (plus its cache maintenance)
    uint32_t info = 4;                // tr.info
    uint32_t region = 100;            // tr.region (plus the zero-fill's transactions)
    uint32_t fill_per_line = 4;       // zero-fill: per line written through the EU
    uint32_t unregion = 50;           // tr.unregion
    uint32_t keyload = 100;           // tr.keyload
    uint32_t keydrop = 20;            // tr.keydrop (plus the key id's scrub)
    uint32_t x25519_keypair = 20000;  // PKA op 0
    uint32_t x25519_agree = 20000;    // PKA op 1
    uint32_t ed25519_keypair = 10000; // PKA op 2
    uint32_t ed25519_sign = 15000;    // PKA op 3 (+ sha256_block per 64 message bytes)
    uint32_t ed25519_verify = 40000;  // PKA op 4 (+ sha256_block per 64 message bytes)
    uint32_t sha256_block = 80;       // PKA op 5: per 64-byte block (at least one)
    uint32_t hkdf = 400;              // PKA op 6: fixed (+ sha256_block per input/output block)
    uint32_t rand = 10;               // tr.rand
    uint32_t savearea = 20;           // tr.savearea (plus its probe read in memory mode)
    uint32_t context_seal = 100;      // memory save: AES-GCM of the register blob on a trap
    uint32_t context_open = 100;      // memory save: verifying and decrypting it at tr.resume
};

/** Where a trapped protected context's registers and pc go (docs/design.md#context-save). */
enum class context_save_mode : uint8_t {
    on_chip, // in the context table
    memory,  // AES-GCM blob under a temporary processor key in a kernel-provided save area
};

struct secure_params {
    bool enabled = false;                    // false: no TR extension (custom-0 is illegal)
    std::string device_seed = "trvp-device"; // device key from this seed ...
    std::vector<uint8_t> device_key;         // ... unless these 32 bytes (private scalar) are set
                                             // (the platform reads secure.device_key_file)
    std::string drbg_seed = "trvp-drbg";     // the chip's entropy source (reproducible)
    uint32_t max_image_size = 1u << 20;      // bytes: larger sealed images are refused
    uint32_t line_size = 64;                 // bytes per secure-unit transaction (the L1D line)
    context_save_mode context_save = context_save_mode::on_chip;
    secure_costs costs;
};

} // namespace trvp
