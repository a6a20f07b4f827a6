#include "platform/analysis/identity.h"

#include "models/common/user_error.h"

#include <cryptopp/filters.h>
#include <cryptopp/hex.h>
#include <cryptopp/sha.h>

#include <cstring>
#include <elf.h>
#include <fstream>
#include <link.h>
#include <sstream>

#ifndef TRVP_VERSION
#error "TRVP_VERSION is set by platform/analysis/CMakeLists.txt"
#endif

namespace trvp::platform {
namespace {

std::string to_hex(const unsigned char* p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(2 * n);
    for (size_t i = 0; i < n; ++i) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

// Walks the main executable's PT_NOTE segments for NT_GNU_BUILD_ID. The first object
// dl_iterate_phdr reports is the executable itself.
int find_build_id(dl_phdr_info* info, size_t, void* out) {
    auto& id = *static_cast<std::string*>(out);
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const auto& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_NOTE) continue;
        auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
        const unsigned char* end = p + ph.p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) nh;
            std::memcpy(&nh, p, sizeof nh);
            const unsigned char* name = p + sizeof nh;
            const unsigned char* desc = name + ((nh.n_namesz + 3) & ~3u);
            const unsigned char* next = desc + ((nh.n_descsz + 3) & ~3u);
            if (next > end) break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0) {
                id = to_hex(desc, nh.n_descsz);
                return 1;
            }
            p = next;
        }
    }
    return 1; // only the executable matters
}

} // namespace

std::string sha256_hex(const std::string& bytes) {
    CryptoPP::SHA256 h;
    unsigned char d[CryptoPP::SHA256::DIGESTSIZE];
    h.CalculateDigest(d, reinterpret_cast<const CryptoPP::byte*>(bytes.data()), bytes.size());
    return to_hex(d, sizeof d);
}

std::string sha256_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    if (!in || !(ss << in.rdbuf())) throw user_error(path + ": cannot read it to hash it");
    return sha256_hex(ss.str());
}

const std::string& build_id() {
    static const std::string id = [] {
        std::string s;
        dl_iterate_phdr(find_build_id, &s);
        if (s.empty()) s = "sha256:" + sha256_file("/proc/self/exe");
        return s;
    }();
    return id;
}

std::string simulator_version() {
    return std::string("trvp ") + TRVP_VERSION;
}

} // namespace trvp::platform
