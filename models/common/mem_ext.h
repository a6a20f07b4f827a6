#pragma once
// The extension every memory request carries through the platform: who is asking,
// under which key, and where its time went. Key id 0 means plaintext.

#include "mem_fault.h"

#include <array>
#include <cstdint>
#include <systemc>
#include <tlm>

namespace trvp {

enum class access_kind : uint8_t {
    fetch,     // instruction fetch (a whole line)
    load,      // data read by an instruction
    store,     // data write by an instruction
    walk,      // page-table walk (and A/D update)
    writeback, // a cache evicting a dirty line
    refill,    // a cache filling a line from the next level
    secure,    // the secure unit (launch, zero-fill)
    traffic,   // the traffic generator
};

const char* to_string(access_kind k);

/** The stages a request's latency is split into, for the statistics. */
enum class stage : uint8_t { cache, interconnect, queue, dram, aes, counter, count_ };

constexpr size_t stage_count = static_cast<size_t>(stage::count_);
const char* to_string(stage s);

/** Where a request's time went; each module adds the part it is responsible for. */
struct latency_record {
    std::array<sc_core::sc_time, stage_count> t{};
    void add(stage s, const sc_core::sc_time& d) { t[static_cast<size_t>(s)] += d; }
    const sc_core::sc_time& operator[](stage s) const { return t[static_cast<size_t>(s)]; }
    void clear() { t.fill(sc_core::SC_ZERO_TIME); }
};

/** Carried by every request on the platform's memory path. */
class mem_ext : public tlm::tlm_extension<mem_ext> {
public:
    access_kind kind = access_kind::load;
    uint16_t key_id = 0;               // 0: plaintext
    uint16_t context = 0;              // 0: no protected context
    uint8_t privilege = 3;             // 0 U, 1 S, 3 M
    mem_fault fault = mem_fault::none; // set with an error response by the refusing model
    latency_record latency;

    tlm::tlm_extension_base* clone() const override { return new mem_ext(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const mem_ext&>(other);
    }
};

} // namespace trvp
