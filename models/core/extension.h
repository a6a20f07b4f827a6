#pragma once
// Instruction-set extensions of rv32_core, in the manner of Spike's `extension` objects: an
// extension registers its instructions on the hart (hart::add_instruction) and may install the
// hart's trap and translation hooks; the core never names it. What an extension needs from
// the SystemC side (timed memory accesses, cache maintenance, the local time) it reaches
// through an extension_port, which rv32_core implements. The platform decides which
// extensions a core gets (rv32_core_params::extensions) and the core builds them.

#include "common/cache_op.h"
#include "common/mem_fault.h"
#include "core/hart.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <systemc>

namespace trvp {

struct sim_env;

/** The core's side of an extension: timed accesses and cache maintenance (kind `secure`). */
class extension_port {
public:
    virtual ~extension_port() = default;
    /** A timed access of len bytes inside one line through the data path; the latency is added
     *  to the hart's cycles. False on a bus error or a non-cacheable pa. */
    virtual bool ext_access(bool write, uint32_t pa, void* data, uint32_t len, uint16_t key_id,
                            uint16_t context) = 0;
    /** Cache maintenance on the fetch and/or data path (cache_op_ext), timed. */
    virtual void cache_maintain(cache_op_ext::op what, cache_op_ext::scope which, uint16_t key_id,
                                uint32_t base, uint32_t size, bool fetch_path, bool data_path) = 0;
    /** The hart's local time (for trace stamps). */
    virtual sc_core::sc_time ext_time() const = 0;
    /** Why the last ext_access that returned false failed (none: a plain bus error). */
    virtual mem_fault ext_fault() const { return mem_fault::none; }
};

/** An extension attached to a core; it lives as long as the core and dies before the hart. */
class core_extension {
public:
    virtual ~core_extension() = default;
    /** Checked on every bus fetch (also on a TLB hit): false faults the fetch. */
    virtual bool fetch_allowed(uint32_t va, uint16_t key_id) const {
        (void)va;
        (void)key_id;
        return true;
    }
};

/** What a core gives an extension it builds. */
struct extension_site {
    sim_env& env;
    core::hart& hart;
    extension_port& port;
    std::string core_name; // the core's hierarchical name (statistics: "<core_name>.<leaf>")
};

/** Builds one extension for a core (called once, from the core's constructor). */
using extension_factory = std::function<std::unique_ptr<core_extension>(const extension_site&)>;

} // namespace trvp
