#pragma once
// Program images for the TRVP kernel (`firmware.images`) and its boot block `trvp_boot`
// (`firmware.boot`, layout in docs/kernel.md). The loader places each image in memory and
// fills the block, so the untrusted kernel finds the programs it must start.

#include "params.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trvp::platform {

struct boot_image {
    std::string file;           // as written in the configuration
    std::string path;           // resolved
    uint64_t addr = 0;          // 0 until placed
    std::vector<uint8_t> bytes; // the file
    bool sealed = false;        // starts with "TRVPSEAL" (else a plain ELF)
};

struct boot_program {
    size_t image = 0;  // index into images
    uint32_t kind = 0; // 0 plain ELF, 1 sealed
    uint32_t arg = 0;
};

struct boot_config {
    std::vector<boot_image> images;
    bool has_block = false; // firmware.boot given: fill trvp_boot
    uint32_t slice = 0, scenario = 0, attacker = 0, flags = 0, dram_size = 0;
    std::vector<boot_program> programs;
};

/** Reads `images` and `boot` of the firmware section; image files are read here. */
void read_boot_section(param_reader& r, const std::string& config_dir, boot_config& b);

/** Resolves an image: absolute; else beside the config, the sealed-image build folder, the
 *  firmware build folder. Empty when none exists (`tried` lists the candidates). */
std::string find_image(const std::string& file, const std::string& config_dir,
                       std::vector<std::string>* tried = nullptr);

/** The 160 bytes of trvp_boot for `b` (images placed). */
std::vector<uint8_t> boot_block_bytes(const boot_config& b);

} // namespace trvp::platform
