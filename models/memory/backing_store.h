#pragma once
// Plain byte storage of a memory: no time, no TLM. The whole size is reserved at once with
// an anonymous mapping, so pages cost nothing until first touched and a 1 GiB DRAM starts
// as fast as a 1 MiB one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trvp {

class backing_store {
public:
    /** Reserves `size` zeroed bytes; throws user_error if the host refuses. */
    explicit backing_store(uint64_t size);
    ~backing_store();
    backing_store(const backing_store&) = delete;
    backing_store& operator=(const backing_store&) = delete;

    uint64_t size() const { return m_size; }
    bool contains(uint64_t offset, uint64_t len) const {
        return offset <= m_size && len <= m_size - offset;
    }

    /** Copies out / in; false (and nothing copied) if the range is out of bounds. */
    bool read(uint64_t offset, uint8_t* dst, uint64_t len) const;
    bool write(uint64_t offset, const uint8_t* src, uint64_t len);
    bool fill(uint64_t offset, uint64_t len, uint8_t value);
    /** Every offset at which `pattern` starts (overlapping matches included), ascending. */
    std::vector<uint64_t> find(const uint8_t* pattern, size_t len) const;
    /** Writes the raw contents to `path`; throws user_error on failure. */
    void dump(const std::string& path) const;

    /** The storage itself, for DMI grants (valid for the lifetime of the store). */
    uint8_t* data() { return m_data; }
    const uint8_t* data() const { return m_data; }

private:
    uint64_t m_size;
    uint8_t* m_data;
};

} // namespace trvp
