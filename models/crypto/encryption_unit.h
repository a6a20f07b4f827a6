#pragma once
// The encryption unit (EU): between the last cache level and DRAM, so DRAM holds ciphertext.
//
// Sockets: target "cpu" (from the last cache), initiator "mem" (to DRAM or the router) and
// initiator "counters" (ctr mode only, required there): the memory holding the per-line
// counters, outside the guest address map so that only the EU reaches it; initiator "meta"
// (integrity mac or tree only, required there): the metadata memory holding the tags (and
// tree nodes), likewise outside the guest map.
//
// Integrity (docs/crypto.md, Integrity): with integrity on, every encrypted line read is
// checked by an integrity_engine before any data is returned; a failed check answers
// TLM_GENERIC_ERROR_RESPONSE with mem_ext::fault = integrity and a zeroed data buffer. Every
// encrypted write updates the line's metadata. Integrity none keeps the path of before.
//
// A request's key id comes from its trvp::mem_ext (absent = 0). Key id 0, mode "none" and
// TLM_IGNORE_COMMAND (cache maintenance) pass through unchanged. Otherwise the request must
// be one whole, aligned line without byte enables: a cache only moves whole lines, and a
// partial encrypted write would need a read-modify-write that no model issues; anything else
// gets TLM_BURST_ERROR_RESPONSE (TLM_BYTE_ENABLE_ERROR_RESPONSE for byte enables).
// transport_dbg encrypts and decrypts any range (per-line read-modify-write, no timing, no
// counter increment: a ctr debug write encrypts under the line's current counter). DMI is
// always refused: a pointer would skip the encryption. Timing: docs/crypto.md.
//
// "cpu" is a plain tlm_target_socket bound to the unit itself (it implements the forward
// interface): the per-line call goes straight to b_transport, without the callback
// dispatch of a simple_target_socket (docs/crypto.md, Host cost).

#include "common/component.h"
#include "common/divider.h"
#include "common/mem_ext.h"
#include "counter_cache.h"
#include "eu_timing.h"
#include "integrity/integrity_engine.h"
#include "line_cipher.h"
#include "tr/key_table.h"

#include <memory>
#include <string>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace trvp {

struct eu_tree_state;
struct tree_access;

struct eu_params {
    std::string mode = "aes-128-xts"; // aes-128-xts, aes-128-ctr, aes-128-ecb or none
    unsigned line_size = 64;          // bytes, a multiple of 16 (the caches' line size)
    uint64_t pa_base = 0;             // physical address of request address 0 (the router
                                      // forwards offsets): tweaks and ctr pads use base + addr
    eu_timing_params timing;
    counter_cache_params counter_cache;
    uint64_t counter_base = 0;         // ctr: address of counter line 0 in the counter memory
    unsigned counter_miss_penalty = 0; // ctr: cycles added to each counter fetch's read
    unsigned key_stats = 16;           // key ids 0..key_stats-1 get eu.key<N>.lines
    integrity_params integrity;        // none: no checks, no "meta" socket needed

    /** Throws user_error naming `who` for an unknown mode or an impossible value. */
    void validate(const std::string& who) const;
};

class encryption_unit : public component, public tlm::tlm_fw_transport_if<> {
public:
    tlm::tlm_target_socket<32> cpu;
    tlm_utils::simple_initiator_socket<encryption_unit, 32> mem;
    tlm_utils::simple_initiator_socket_optional<encryption_unit, 32> counters;
    tlm_utils::simple_initiator_socket_optional<encryption_unit, 32> meta;

    encryption_unit(const sc_core::sc_module_name& nm, sim_env& env, const eu_params& p,
                    key_table& keys);
    ~encryption_unit() override;

    const eu_params& params() const { return m_params; }
    cipher_mode mode() const { return m_mode; }
    integrity_mode integrity() const { return m_integrity_mode; }

    // The forward interface of "cpu".
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) override;
    unsigned transport_dbg(tlm::tlm_generic_payload& t) override;
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) override;
    /** Loosely timed only: BEGIN_REQ is served at once by b_transport (TLM_COMPLETED). */
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;

private:
    struct counter_fetch {
        bool ok = true;
        uint64_t ready = 0; // tick the counter is on chip
        uint64_t ticks = 0; // fetch time (0 on a counter-cache hit)
    };

    // Ticks -> cycles of the last value of one latency stage (account(): lines repeat them).
    struct cycles_memo {
        uint64_t ticks = 0, cycles = 0;
        uint64_t operator()(uint64_t v, const divider& to_cycles) {
            if (v != ticks) {
                ticks = v;
                cycles = to_cycles(v);
            }
            return cycles;
        }
    };

    // sc_time::from_value is a library call; the per-line latencies repeat, so each use
    // site keeps its last conversion (same sc_time, fewer calls).
    struct time_memo {
        uint64_t ticks = 0;
        sc_core::sc_time time; // from_value(ticks)
        const sc_core::sc_time& operator()(uint64_t v) {
            if (v != ticks) {
                ticks = v;
                time = sc_core::sc_time::from_value(v);
            }
            return time;
        }
    };

    const eu_params m_params;
    const cipher_mode m_mode;
    const integrity_mode m_integrity_mode;
    const sc_core::sc_time m_period;
    const sc_core::sc_time* const m_time_stamp; // the simulation kernel's current time
    const divider m_line_div;                   // bytes -> lines
    const divider m_cycle_div;                  // ticks -> cycles
    key_table& m_keys;
    line_cipher m_cipher;
    eu_timing m_timing;
    const uint64_t m_occupancy_cycles;         // cycles(m_timing.occupancy())
    std::unique_ptr<counter_cache> m_counters; // ctr only
    std::vector<uint8_t> m_buf;                // one line of ciphertext
    std::vector<uint8_t> m_ctr_buf;            // one counter line
    std::vector<uint8_t> m_victim_buf;         // a counter line being written back
    tlm::tlm_generic_payload m_ctr_trans;
    uint64_t m_last_done = 0; // latest completion (ticks), for the utilisation
    uint64_t m_now = 0;       // sc_time_stamp() of the request being served (ticks)
    // Latencies from a request's arrival: the data write's start (write), the response
    // (read); and the stage times added to the request's mem_ext.
    time_memo m_to_mem, m_to_done, m_stage_queue, m_stage_aes, m_stage_counter;
    cycles_memo m_cycles_dram, m_cycles_aes, m_cycles_queue, m_cycles_counter;

    stats::counter m_reads;
    stats::counter m_writes;
    stats::counter m_passthrough;
    stats::counter m_refused;
    stats::counter m_bytes_encrypted;
    stats::counter m_bytes_decrypted;
    stats::counter m_key_switches;
    stats::counter m_busy_cycles;
    stats::formula m_utilisation;
    stats::per_key m_key_lines; // key<N>.lines, key_other.lines
    stats::histogram m_lat_dram;
    stats::histogram m_lat_aes;
    stats::histogram m_lat_counter;
    stats::histogram m_lat_queue;
    stats::counter m_ctr_hits;
    stats::counter m_ctr_misses;
    stats::counter m_ctr_writebacks;
    stats::formula m_ctr_hit_rate;

    // VCD (tracing on): busy engines and waiting requests as +1/-1 steps, swept at the end
    // because reservations arrive out of time order under temporal decoupling.
    uint32_t m_sig_busy = 0, m_sig_queue = 0, m_sig_key = 0;
    std::vector<std::pair<uint64_t, int>> m_busy_steps, m_queue_steps;

    // Integrity (encryption_unit_integrity.cpp): the engine, its link to "meta", statistics.
    struct integrity_state;
    friend class eu_meta_link;
    std::unique_ptr<integrity_state> m_integ; // null: integrity none
    void make_integrity();
    line_ref ref_of(uint16_t key, uint64_t pa, uint64_t line) const;
    integrity_check verify_line(uint16_t key, uint64_t pa, uint64_t line, uint64_t version,
                                uint64_t start, uint64_t data_ready);
    uint64_t update_line(uint16_t key, uint64_t pa, uint64_t line, uint64_t version, uint64_t start,
                         uint64_t ct_ready);
    // Exposed metadata time: max(done, check.ready) - done, sampled in the statistics.
    uint64_t integrity_wait(uint64_t done, uint64_t ready);
    // A failed check: zeroed data, error response, fault reason, statistics, VCD pulse.
    void refuse_line(tlm::tlm_generic_payload& t, mem_ext* ext, uint8_t* user,
                     const integrity_check& c, sc_core::sc_time& delay);
    void debug_update(uint16_t key, uint64_t pa, uint64_t line, uint64_t version,
                      const uint8_t* ct);
    // integrity tree (encryption_unit_tree.cpp). m_tree: the tree's state, null otherwise.
    eu_tree_state* m_tree = nullptr;
    // The version of `line` from the counter tree at t0 (incremented first for a write);
    // false when the tree refuses it (a node failed its check, or the line is outside the
    // protected range): the request is then refused like a failed tag check.
    bool tree_version(tlm::tlm_generic_payload& t, mem_ext* ext, sc_core::sc_time& delay,
                      uint64_t line, uint64_t t0, bool bump, tree_access& va);
    // After a split minor overflow: the page's other lines re-encrypted (ctr) or re-tagged
    // (xts, ecb) under their new version from `at`; returns the tick that is done.
    uint64_t renew_page(uint16_t key, uint64_t line, const tree_access& va, uint64_t at);
    uint64_t debug_version(uint64_t line); // untimed, no side effects

    void end_of_elaboration() override;

    void read_line(tlm::tlm_generic_payload& t, sc_core::sc_time& delay, uint16_t key,
                   mem_ext* ext);
    void write_line(tlm::tlm_generic_payload& t, sc_core::sc_time& delay, uint16_t key,
                    mem_ext* ext);
    // Makes data line `line`'s counter resident; real transactions on "counters" at `at`.
    // Inline: a hit (most lines) is one lookup.
    [[gnu::always_inline]] counter_fetch fetch_counter(uint64_t line, uint64_t at) {
        if (m_counters->lookup(line)) {
            ++m_ctr_hits;
            counter_fetch cf;
            cf.ready = at;
            return cf;
        }
        return fetch_counter_line(line, at);
    }
    counter_fetch fetch_counter_line(uint64_t line, uint64_t at); // a counter-cache miss
    // The current counter of `line` without side effects (debug accesses).
    uint64_t debug_counter(uint64_t line);
    [[gnu::always_inline]] void engine_used(const engine_grant& g, uint16_t key) {
        if (g.key_switch) {
            ++m_key_switches;
            m_busy_cycles += cycles(g.key_switch + m_timing.occupancy());
        } else {
            m_busy_cycles += m_occupancy_cycles;
        }
        if (env().trace) trace_grant(g, key);
    }
    void trace_grant(const engine_grant& g, uint16_t key); // VCD steps of one grant
    void end_of_run() override; // writes the busy and queue steps to the trace
    void account(mem_ext* ext, uint64_t dram, uint64_t queue, uint64_t aes, uint64_t counter);
    // sc_time_stamp() is a library call; the kernel's current time is read in place.
    uint64_t ticks_now() const { return m_time_stamp->value(); }
    sc_core::sc_time delay_until(uint64_t tick) const {
        return sc_core::sc_time::from_value(tick - m_now);
    }
    uint64_t cycles(uint64_t ticks) const { return m_cycle_div(ticks); }
};

} // namespace trvp
