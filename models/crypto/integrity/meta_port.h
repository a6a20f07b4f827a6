#pragma once
// Timed access to the encryption unit's metadata memory (tags, and tree nodes), as seen by an
// integrity engine. The unit implements it with real transactions on its "meta" socket, so
// every metadata fetch and write-back takes simulated time (docs/crypto.md, Integrity).

#include <cstdint>

namespace trvp {

class meta_port {
public:
    virtual ~meta_port() = default;
    /** Reads one metadata line (the unit's line size) at byte address `addr` of the metadata
     *  memory, starting at tick `at`; `done` = the tick the line is on chip. False on a bus
     *  error (a model or configuration bug: the unit reports it). */
    virtual bool read(uint64_t addr, uint8_t* line, uint64_t at, uint64_t& done) = 0;
    /** Writes one metadata line; `done` = the tick the write completes. */
    virtual bool write(uint64_t addr, const uint8_t* line, uint64_t at, uint64_t& done) = 0;
    /** Untimed access for debug transactions (no statistics); false if out of range. */
    virtual bool debug(bool write, uint64_t addr, uint8_t* line) = 0;
};

} // namespace trvp
