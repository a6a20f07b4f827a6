#pragma once
// One cache level as a TLM-2.0 component: the tag store (tag_store.h) plus sockets, loosely
// timed latency, statistics and the fast path it grants the core. Timing equation and
// statistic names: docs/memory.md.

#include "common/cache_op.h"
#include "common/component.h"
#include "common/fast_path.h"
#include "common/mem_ext.h"
#include "common/ownership.h"
#include "params.h"
#include "prefetch/prefetch_lines.h"
#include "tag_store.h"

#include <memory>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace trvp {

/**
 * A set-associative cache level. Target socket "cpu" (several upstream caches or cores may
 * bind to it), initiator socket "mem" (the next level). An access costs hit_latency cycles;
 * a miss adds the victim's write-back and then the refill, both real transactions
 * downstream. Downstream models must not wait() inside b_transport (docs/design.md#timing).
 */
class cache : public component, public fast_path_provider {
public:
    cache(const sc_core::sc_module_name& nm, sim_env& env, const cache_params& p);

    tlm_utils::multi_passthrough_target_socket<cache> cpu;
    tlm_utils::simple_initiator_socket<cache> mem;

    /** Serves a hit exactly as b_transport would; false, with no side effect, otherwise. */
    bool fast_read(uint64_t addr, void* data, unsigned len, uint16_t key_id,
                   uint64_t& cycles) override;
    /** As fast_read; write-through caches always return false (a write goes downstream). */
    bool fast_write(uint64_t addr, const void* data, unsigned len, uint16_t key_id,
                    uint64_t& cycles) override;

    /** The lines this cache served last (docs/memory.md#same-line-memo); never granted with a
     *  prefetcher or an ownership check on reads. */
    line_memo* memo() override {
        m_memo_used = m_memo_allowed; // from now on worth granting (an L2 never is asked)
        return &m_memo;
    }

    const cache_params& params() const { return m_params; }
    /** The state, for tests and debug dumps. */
    const tag_store& tags() const { return m_tags; }
    /** Prefetched lines still resident and not yet used (0 without a prefetcher). */
    uint64_t prefetch_unused() const { return m_prefetch ? m_prefetch->unused_resident() : 0; }

private:
    void b_transport(int port, tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
    unsigned transport_dbg(int port, tlm::tlm_generic_payload& t);
    bool get_direct_mem_ptr(int port, tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi);

    void access(tlm::tlm_generic_payload& t, mem_ext* ext, sc_core::sc_time& delay);
    /** The direct path of fast_read/fast_write: a hit only, counted by hit(), as b_transport counts
     * it. */
    bool direct(bool write, uint64_t addr, uint8_t* data, unsigned len, uint16_t key_id,
                uint64_t& cycles);
    /** The hit routine of both paths: counts the hit and updates the replacement state. */
    void hit(unsigned set, unsigned way, bool write, uint16_t key_id);
    /** Publishes (set, way), just hit or filled (its touch applied), in the same-line memo. */
    void grant_memo(unsigned set, unsigned way, uint64_t addr, uint16_t key_id);
    /** Applies the replacement touches the memo's uses deferred, in the order of last use. */
    void replay_memo() {
        if (m_memo.uses != m_memo.replayed) replay_memo_uses();
    }
    void replay_memo_uses();
    /** Copies between the payload and a resident line (byte enables honoured). */
    void serve(tlm::tlm_generic_payload& t, unsigned set, unsigned way);
    /** Writes (set, way) back if dirty and invalidates it; false on a downstream error. */
    bool evict(unsigned set, unsigned way, uint16_t key_id, uint64_t line_addr, mem_ext* req,
               sc_core::sc_time& delay, tlm::tlm_generic_payload& t);
    /** Writes a dirty line back (it stays valid and becomes clean). */
    tlm::tlm_response_status write_back(unsigned set, unsigned way, mem_ext* req,
                                        sc_core::sc_time& delay);
    /** A whole-line transaction downstream with its own mem_ext; returns its status. */
    tlm::tlm_response_status downstream(tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                                        access_kind kind, uint16_t key_id, mem_ext* req,
                                        sc_core::sc_time& delay);
    /** Applies a maintenance op here; false (status set) if a write-back failed. */
    bool maintain(tlm::tlm_generic_payload& t, cache_op_ext& op, mem_ext* ext,
                  sc_core::sc_time& delay);
    /** Prefetches after a demand miss on `line` that completed at local offset `done`. */
    void issue_prefetches(uint64_t line, uint16_t key_id, const mem_ext* req,
                          const sc_core::sc_time& done);
    unsigned debug_chunk(tlm::tlm_generic_payload& t, uint64_t addr, uint8_t* data, unsigned len,
                         uint16_t key_id);

    const cache_params m_params;
    const sc_core::sc_time m_hit_time;
    const uint64_t m_hit_cycles;
    tag_store m_tags;

    // statistics of the lines and accesses above
    stats::counter m_accesses{stats(), stat_name("accesses"), "count", "accesses (reads + writes)"};
    stats::counter m_hits{stats(), stat_name("hits"), "count", "accesses that hit"};
    stats::counter m_misses{stats(), stat_name("misses"), "count",
                            "accesses that missed (key mismatches included)"};
    stats::counter m_read_hits{stats(), stat_name("read_hits"), "count", "reads that hit"};
    stats::counter m_read_misses{stats(), stat_name("read_misses"), "count", "reads that missed"};
    stats::counter m_write_hits{stats(), stat_name("write_hits"), "count", "writes that hit"};
    stats::counter m_write_misses{stats(), stat_name("write_misses"), "count",
                                  "writes that missed"};
    stats::counter m_writebacks{stats(), stat_name("writebacks"), "count",
                                "dirty lines written downstream (evictions and cache ops)"};
    stats::counter m_evictions{stats(), stat_name("evictions"), "count",
                               "valid lines replaced by a fill (key mismatches included)"};
    stats::counter m_key_mismatch_evictions{
        stats(), stat_name("key_mismatch_evictions"), "count",
        "lines evicted because the same address was accessed under another key id"};
    stats::counter m_fills{stats(), stat_name("fills"), "count", "lines refilled from downstream"};
    stats::counter m_invalidations{stats(), stat_name("invalidations"), "count",
                                   "valid lines dropped by cache maintenance operations"};
    stats::counter m_write_throughs{stats(), stat_name("write_throughs"), "count",
                                    "writes forwarded downstream (write-through, no-allocate)"};
    stats::formula m_hit_rate{stats(), stat_name("hit_rate"), "ratio", "hits / accesses", [this] {
                                  return m_accesses.value()
                                             ? double(m_hits.value()) / double(m_accesses.value())
                                             : 0.0;
                              }};
    stats::histogram m_miss_latency{stats(),  stat_name("miss_latency"),
                                    "cycles", "latency of accesses that missed, lookup included",
                                    1,        2048};
    // per key id: key0..key<N-1>, then key_other for larger ids (N = key_stats)
    stats::per_key m_key_hits, m_key_misses;
    // null unless params().prefetch names a policy
    std::unique_ptr<prefetch_lines> m_prefetch;
    std::vector<uint64_t> m_prefetch_addrs;                 // scratch, reused
    uint32_t m_sig_hit = 0, m_sig_miss = 0, m_sig_addr = 0; // VCD signals (tracing on)
    ownership_check m_ownership;     // of requests arriving at "cpu" (off by default)
    line_memo m_memo;                // replayed first and revoked by every b_transport
    tlm::tlm_generic_payload m_down; // downstream()'s, reused (no re-entry: nothing waits)
    bool m_memo_allowed = false;     // no prefetcher, reads never refused by ownership
    bool m_memo_used = false;        // allowed, and an initiator holds the memo: grant lines
};

} // namespace trvp
