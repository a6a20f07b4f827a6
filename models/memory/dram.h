#pragma once
// DRAM: a backing store behind a TLM target socket "mem", with a timing model, DMI grants,
// and a probe port that tests, attack scenarios and tools use to read, tamper with and
// dump raw contents. The probe is not reachable from guest software: it is plain C++.

#include "backing_store.h"
#include "common/component.h"
#include "common/tracer.h"
#include "dram_timing.h"

#include <functional>
#include <memory>
#include <set>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace trvp {

/** Capacity, DMI, and the timing model's parameters (dram_timing_params). */
struct dram_params : dram_timing_params {
    uint64_t size = 128ull << 20; // bytes
    bool dmi = true;              // grant DMI pointers (fixed timing only)
};

class dram : public component {
public:
    /** Called after a guest write overlapping a watched range: the written offset, the
     *  memory contents over the written bytes (after the write) and their number. */
    using watch_fn = std::function<void(uint64_t offset, const uint8_t* data, unsigned len)>;
    /** DMI never covers a page holding a watched byte; pages are this large. */
    static constexpr uint64_t watch_page = 4096;

    tlm_utils::simple_target_socket<dram, 32> mem;

    dram(const sc_core::sc_module_name& nm, sim_env& env, const dram_params& p);

    uint64_t size() const { return m_store.size(); }
    const dram_params& params() const { return m_params; }

    // Probe port. Out-of-range offsets are the caller's fault: user_error.
    std::vector<uint8_t> probe_read(uint64_t offset, uint64_t len) const;
    /** Tampers with raw contents; invalidates any DMI grant over the bytes touched. */
    void probe_write(uint64_t offset, const std::vector<uint8_t>& bytes);
    void probe_write(uint64_t offset, const uint8_t* bytes, uint64_t len);
    /** All offsets where `bytes` occur in raw DRAM, ascending. */
    std::vector<uint64_t> probe_find(const std::vector<uint8_t>& bytes) const;
    void probe_dump(const std::string& path) const;

    /** Calls `fn` after every guest write (b_transport) overlapping [offset, offset+len);
     *  revokes DMI over the pages concerned and never grants it there again. */
    void watch_writes(uint64_t offset, uint64_t len, watch_fn fn);

private:
    struct watch {
        uint64_t offset, len;
        watch_fn fn;
    };

    /** A counter that a statistics reset sets to the current time (ps) instead of 0. */
    class window_start : public stats::counter {
    public:
        window_start(stats::registry& r, const std::string& n, std::function<uint64_t()> now)
            : counter(r, n, "ps", "simulated time at which the statistics were last reset"),
              m_now(std::move(now)) {}
        void reset() override { set(m_now()); }

    private:
        std::function<uint64_t()> m_now;
    };

    const dram_params m_params;
    backing_store m_store;
    std::vector<watch> m_watches;
    std::set<uint64_t> m_watched_pages; // page numbers (offset / watch_page)

    stats::counter m_reads;
    stats::counter m_writes;
    stats::counter m_read_bytes;
    stats::counter m_write_bytes;
    window_start m_window_start;
    stats::formula m_bandwidth;
    std::unique_ptr<dram_timing> m_timing; // after the statistics its own refer to

    // Trace: `busy` while the channel transfers (a level signal: merged over back-to-back
    // and overlapping transfers), `bank` of the transfer in progress.
    tracer::signal m_sig_busy = 0, m_sig_bank = 0;
    void trace(const dram_access& a);

    /** The latest simulated time known: sc_time_stamp() or a time reported to run_control. */
    sc_core::sc_time now();
    /** Simulated time since the statistics were last reset (window_start). */
    sc_core::sc_time elapsed();

    void check_probe(uint64_t offset, uint64_t len, const char* what) const;
    // Offsets [lo, hi] around `offset` that hold no watched page; false if its page is watched.
    bool dmi_window(uint64_t offset, uint64_t& lo, uint64_t& hi) const;
    void notify_watches(uint64_t offset, uint64_t len);
    void invalidate(uint64_t lo, uint64_t hi);

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
};

} // namespace trvp
