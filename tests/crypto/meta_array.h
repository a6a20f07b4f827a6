#pragma once
// A metadata memory for the counter tree's unit tests: a byte array behind trvp::meta_port
// with a fixed latency and, optionally, a channel that takes one request per `transfer`
// ticks (start = max(at, busy until); done = start + latency). It counts reads and writes.

#include "crypto/integrity/counter_tree.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace trvp::test {

class meta_array : public meta_port {
public:
    std::vector<uint8_t> bytes;
    uint64_t base, latency, transfer;
    unsigned reads = 0, writes = 0;
    std::vector<uint64_t> read_addrs;

    meta_array(uint64_t base_, size_t size, uint64_t latency_, uint64_t transfer_ = 0)
        : bytes(size, 0), base(base_), latency(latency_), transfer(transfer_) {}

    bool read(uint64_t addr, uint8_t* line, uint64_t at, uint64_t& done) override {
        if (!in(addr)) return false;
        std::memcpy(line, &bytes[addr - base], 64);
        ++reads;
        read_addrs.push_back(addr);
        done = timed(at);
        return true;
    }
    bool write(uint64_t addr, const uint8_t* line, uint64_t at, uint64_t& done) override {
        if (!in(addr)) return false;
        std::memcpy(&bytes[addr - base], line, 64);
        ++writes;
        done = timed(at);
        return true;
    }
    bool debug(bool write, uint64_t addr, uint8_t* line) override {
        if (!in(addr)) return false;
        if (write)
            std::memcpy(&bytes[addr - base], line, 64);
        else
            std::memcpy(line, &bytes[addr - base], 64);
        return true;
    }

private:
    bool in(uint64_t addr) const { return addr >= base && addr - base + 64 <= bytes.size(); }
    uint64_t timed(uint64_t at) {
        const uint64_t start = transfer ? std::max(at, m_busy) : at;
        m_busy = start + transfer;
        return start + latency;
    }
    uint64_t m_busy = 0;
};

} // namespace trvp::test
