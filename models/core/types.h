#pragma once
// Basic types shared by the instruction-set simulator and its bus interface.
#include "common/access_account.h"

#include <cstdint>

namespace trvp::core {

enum class privilege : uint8_t { user = 0, supervisor = 1, machine = 3 };

enum class access_type : uint8_t { fetch = 0, load = 1, store = 2, walk = 3 };
constexpr unsigned num_access_types = 4;

/** Synchronous exception causes (mcause values without the interrupt bit). */
enum class exception : uint32_t {
    insn_misaligned = 0,
    insn_access_fault = 1,
    illegal_insn = 2,
    breakpoint = 3,
    load_misaligned = 4,
    load_access_fault = 5,
    store_misaligned = 6,
    store_access_fault = 7,
    ecall_u = 8,
    ecall_s = 9,
    ecall_m = 11,
    insn_page_fault = 12,
    load_page_fault = 13,
    store_page_fault = 15,
};

/** Interrupt numbers (bit positions in mip/mie, mcause codes with bit 31 set). */
namespace irq {
constexpr unsigned ssi = 1, msi = 3, sti = 5, mti = 7, sei = 9, mei = 11;
}
constexpr uint32_t interrupt_flag = 0x80000000u;

/** One memory request of the hart, as seen by the bus. */
struct mem_access {
    uint32_t pa;
    uint32_t va;
    uint32_t len;
    access_type type;
    privilege priv;
    uint16_t context = 0; // TR context id; 0 = none (set with hart::set_access_context)
    uint16_t key_id = 0;  // reserved for the TR extension
};

/**
 * Fast-path grant: the nearest model hands out a host pointer to [base, base + size) and what
 * one read or write through it costs and counts (its own statistics). Every access through
 * the grant charges exactly what read()/write() would. base and size must be multiples of 4;
 * a direction whose account is not valid() is not used. Revoked with hart::revoke_grants().
 */
struct mem_grant {
    uint8_t* host = nullptr; // host address of the byte at `base`
    uint32_t base = 0;
    uint32_t size = 0;
    bool readable = false;
    bool writable = false;
    access_account read;
    access_account write;
};

/** The hart's view of the platform; the SystemC wrapper implements it. */
class hart_bus {
public:
    virtual ~hart_bus() = default;
    /** Timed read. Adds the latency in cycles to `cycles`; false on a bus error. */
    virtual bool read(const mem_access& a, void* data, uint64_t& cycles) = 0;
    /** Timed write. Adds the latency in cycles to `cycles`; false on a bus error. */
    virtual bool write(const mem_access& a, const void* data, uint64_t& cycles) = 0;
    /** Untimed functional read of a.len bytes (instruction decoding); false if nothing there. */
    virtual bool read_functional(const mem_access& a, void* data) = 0;
    /** Optional fast path for the access `a`; fill `g` and return true to grant. */
    virtual bool grant(const mem_access& a, mem_grant& g) {
        (void)a;
        (void)g;
        return false;
    }
    /** Current mtime value as seen at the hart's local time (the wrapper computes it). */
    virtual uint64_t mtime() = 0;
    /** Why the last read() or write() that returned false failed, as a trvp::mem_fault value
     *  (0: a plain bus error); reading it clears it. The hart asks on every trap. */
    virtual uint8_t take_fault() { return 0; }
};

} // namespace trvp::core
