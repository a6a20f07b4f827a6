#include "backing_store.h"

#include "common/errors.h"
#include "common/output_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace trvp {

backing_store::backing_store(uint64_t size) : m_size(size), m_data(nullptr) {
    if (size == 0) return;
    // MAP_NORESERVE: untouched pages are neither allocated nor charged against swap.
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        throw user_error("cannot reserve " + std::to_string(size) +
                         " bytes of host memory for a backing store: " + std::strerror(errno));
    m_data = static_cast<uint8_t*>(p);
}

backing_store::~backing_store() {
    if (m_data) munmap(m_data, m_size);
}

bool backing_store::read(uint64_t offset, uint8_t* dst, uint64_t len) const {
    if (!contains(offset, len)) return false;
    if (len) std::memcpy(dst, m_data + offset, len);
    return true;
}

bool backing_store::write(uint64_t offset, const uint8_t* src, uint64_t len) {
    if (!contains(offset, len)) return false;
    if (len) std::memcpy(m_data + offset, src, len);
    return true;
}

bool backing_store::fill(uint64_t offset, uint64_t len, uint8_t value) {
    if (!contains(offset, len)) return false;
    if (len) std::memset(m_data + offset, value, len);
    return true;
}

std::vector<uint64_t> backing_store::find(const uint8_t* pattern, size_t len) const {
    std::vector<uint64_t> hits;
    if (!pattern || len == 0 || len > m_size) return hits;
    const uint8_t* p = m_data;
    const uint8_t* end = m_data + m_size;
    while (p + len <= end) {
        const void* hit = memmem(p, static_cast<size_t>(end - p), pattern, len);
        if (!hit) break;
        const auto* h = static_cast<const uint8_t*>(hit);
        hits.push_back(static_cast<uint64_t>(h - m_data));
        p = h + 1;
    }
    return hits;
}

void backing_store::dump(const std::string& path) const {
    // Written sparse: all-zero chunks become holes (most of a guest's DRAM is never touched),
    // so a 128 MiB dump costs the disk only what the guest wrote. It reads back the same.
    output_file f(path);
    constexpr uint64_t chunk = 64 * 1024;
    static const uint8_t zeros[chunk] = {};
    for (uint64_t off = 0; off < m_size && f.error().empty(); off += chunk) {
        const uint64_t n = std::min(chunk, m_size - off);
        if (std::memcmp(m_data + off, zeros, n) != 0) f.write_at(m_data + off, n, off);
    }
    f.resize(m_size);
    f.commit();
}

} // namespace trvp
