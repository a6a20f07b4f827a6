#include "encryption_unit.h"
#include "eu_integrity.h"

#include "common/errors.h"
#include "common/mem_ext.h"
#include "common/tracer.h"

#include <algorithm>
#include <cstring>

namespace trvp {

using sc_core::sc_time;

void eu_params::validate(const std::string& who) const {
    const cipher_mode m = parse_cipher_mode(mode);
    auto fail = [&](const std::string& what) { throw user_error(who + ": " + what); };
    if (line_size == 0 || line_size % 16 != 0)
        fail("line_size " + std::to_string(line_size) + " is not a multiple of 16");
    if (pa_base % line_size != 0) fail("pa_base is not line aligned");
    if (timing.engines == 0) fail("engines must be at least 1");
    if (timing.blocks_per_cycle == 0) fail("blocks_per_cycle must be at least 1");
    if (m == cipher_mode::ctr) {
        const auto& c = counter_cache;
        if (c.ways == 0 || c.entries == 0 || c.entries % c.ways != 0)
            fail("counter_cache_entries must be a positive multiple of counter_cache_ways");
        if (counter_base % line_size != 0) fail("counter_base is not line aligned");
    }
    integrity.validate(who, line_size);
    if (parse_integrity_mode(integrity.mode) != integrity_mode::none && m == cipher_mode::none)
        fail("integrity.mode " + integrity.mode +
             " needs a cipher: mode none passes every line through unchecked");
}

namespace {
const eu_params& validated(const eu_params& p, const std::string& who) {
    p.validate(who);
    return p;
}
} // namespace

encryption_unit::encryption_unit(const sc_core::sc_module_name& nm, sim_env& env,
                                 const eu_params& p, key_table& keys)
    : component(nm, env), cpu("cpu"), mem("mem"), counters("counters"), meta("meta"),
      m_params(validated(p, name())), m_mode(parse_cipher_mode(p.mode)),
      m_integrity_mode(parse_integrity_mode(p.integrity.mode)), m_period(env.clock_period),
      m_time_stamp(&sc_core::sc_get_curr_simcontext()->time_stamp()), m_line_div(p.line_size),
      m_cycle_div(env.clock_period.value()), m_keys(keys), m_cipher(m_mode, p.line_size, keys),
      m_timing(p.timing, p.line_size, env.clock_period.value()),
      m_occupancy_cycles(m_cycle_div(m_timing.occupancy())), m_buf(p.line_size),
      m_ctr_buf(p.line_size), m_victim_buf(p.line_size),
      m_reads(stats(), stat_name("reads"), "lines", "encrypted lines read (decrypted)"),
      m_writes(stats(), stat_name("writes"), "lines", "encrypted lines written (encrypted)"),
      m_passthrough(stats(), stat_name("passthrough"), "accesses",
                    "reads and writes passed through unencrypted (key id 0 or mode none)"),
      m_refused(stats(), stat_name("refused"), "accesses",
                "encrypted requests refused: not one whole aligned line, or a key id with no key"),
      m_bytes_encrypted(stats(), stat_name("bytes_encrypted"), "bytes",
                        "plaintext bytes encrypted on their way to memory"),
      m_bytes_decrypted(stats(), stat_name("bytes_decrypted"), "bytes",
                        "ciphertext bytes decrypted on their way from memory"),
      m_key_switches(stats(), stat_name("key_switches"), "switches",
                     "lines that made an engine load another key id's schedule"),
      m_busy_cycles(stats(), stat_name("engine_busy_cycles"), "cycles",
                    "cycles the AES engines were occupied (key switches + line occupancy)"),
      m_utilisation(stats(), stat_name("engine_utilisation"), "ratio",
                    "engine_busy_cycles / (engines * elapsed cycles)",
                    [this] {
                        // The run's end as the initiators report it (like the DRAM's
                        // utilisation): sc_time_stamp() alone lags it by up to a quantum.
                        const uint64_t end =
                            std::max({ticks_now(), uint64_t(this->env().control.end_time().value()),
                                      m_last_done});
                        const double total = double(cycles(end)) * m_params.timing.engines;
                        return total > 0 ? double(m_busy_cycles.value()) / total : 0.0;
                    }),
      m_key_lines(stat_group(), m_params.key_stats, "lines", "lines", "line accesses"),
      m_lat_dram(stats(), stat_name("latency.dram"), "cycles",
                 "memory access time of encrypted requests (data or write)"),
      m_lat_aes(stats(), stat_name("latency.aes"), "cycles",
                "exposed AES time of encrypted requests: key switch + pipeline (+ ctr xor)"),
      m_lat_counter(stats(), stat_name("latency.counter"), "cycles",
                    "exposed ctr counter-fetch time of encrypted requests"),
      m_lat_queue(stats(), stat_name("latency.queue"), "cycles",
                  "exposed wait for a free AES engine of encrypted requests"),
      m_ctr_hits(stats(), stat_name("counter_cache.hits"), "lookups",
                 "ctr counter lookups that hit the counter cache"),
      m_ctr_misses(stats(), stat_name("counter_cache.misses"), "lookups",
                   "ctr counter lookups that fetched the counter line"),
      m_ctr_writebacks(stats(), stat_name("counter_cache.writebacks"), "lines",
                       "dirty counter lines written back to the counter store"),
      m_ctr_hit_rate(stats(), stat_name("counter_cache.hit_rate"), "ratio",
                     "counter_cache.hits / (hits + misses)", [this] {
                         const uint64_t n = m_ctr_hits.value() + m_ctr_misses.value();
                         return n ? double(m_ctr_hits.value()) / double(n) : 0.0;
                     }) {
    if (m_mode == cipher_mode::ctr) {
        m_counters = std::make_unique<counter_cache>(p.counter_cache, p.line_size);
        m_ctr_trans.set_data_length(p.line_size);
        m_ctr_trans.set_streaming_width(p.line_size);
        m_ctr_trans.set_data_ptr(m_ctr_buf.data());
    }
    if (env.trace) {
        m_sig_busy = env.trace->add(name(), "busy", 8);   // engines busy
        m_sig_queue = env.trace->add(name(), "queue", 8); // requests waiting for an engine
        m_sig_key = env.trace->add(name(), "key_id", 16); // key id of the latest engine grant
    }
    if (m_integrity_mode != integrity_mode::none) make_integrity();
    cpu.bind(*this);
    expose_target("cpu", cpu);
    expose_initiator("mem", mem);
    expose_initiator("counters", counters);
    expose_initiator("meta", meta);
}

void encryption_unit::end_of_elaboration() {
    if (m_mode == cipher_mode::ctr && !m_tree && counters.size() == 0)
        throw user_error(std::string(name()) +
                         ": mode aes-128-ctr needs its 'counters' socket bound to the counter "
                         "memory (or integrity tree, whose versions are its counters)");
    if (m_integ && meta.size() == 0)
        throw user_error(std::string(name()) + ": integrity." + m_params.integrity.mode +
                         " needs its 'meta' socket bound to the metadata memory");
}

// Inline into the line paths (once per line): no call, no register spills.
[[gnu::always_inline]] inline void encryption_unit::account(mem_ext* ext, uint64_t dram,
                                                            uint64_t queue, uint64_t aes,
                                                            uint64_t counter) {
    m_lat_dram.sample(m_cycles_dram(dram, m_cycle_div));
    m_lat_aes.sample(m_cycles_aes(aes, m_cycle_div));
    m_lat_queue.sample(m_cycles_queue(queue, m_cycle_div));
    if (m_mode == cipher_mode::ctr) m_lat_counter.sample(m_cycles_counter(counter, m_cycle_div));
    if (!ext) return;
    // Zero stages are skipped (adding zero changes nothing).
    if (queue) ext->latency.add(stage::queue, m_stage_queue(queue));
    if (aes) ext->latency.add(stage::aes, m_stage_aes(aes));
    if (counter) ext->latency.add(stage::counter, m_stage_counter(counter));
}

// read_line and write_line: inline into b_transport, their only caller.
[[gnu::always_inline]] inline void encryption_unit::read_line(tlm::tlm_generic_payload& t,
                                                              sc_time& delay, uint16_t key,
                                                              mem_ext* ext) {
    const uint64_t pa = m_params.pa_base + t.get_address();
    const uint64_t line = m_line_div(t.get_address());
    const uint64_t t0 = m_now + delay.value();

    counter_fetch cf;
    uint64_t version = 0; // ctr: the counter; tree: the line's version (also under xts/ecb)
    if (m_tree) {
        tree_access va;
        if (!tree_version(t, ext, delay, line, t0, false, va)) return;
        version = va.version;
        cf.ready = va.ready;
        cf.ticks = va.ready - t0;
    } else if (m_mode == cipher_mode::ctr) {
        cf = fetch_counter(line, t0);
        if (!cf.ok) {
            t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        version = m_counters->get(line);
    }

    // The data read starts at arrival in every mode (ctr computes its pad meanwhile).
    uint8_t* user = t.get_data_ptr();
    t.set_data_ptr(m_buf.data());
    sc_time d = delay;
    mem->b_transport(t, d);
    t.set_data_ptr(user);
    if (t.get_response_status() != tlm::TLM_OK_RESPONSE) {
        delay = d;
        return;
    }
    const uint64_t t1 = m_now + d.value();
    integrity_check chk;
    if (m_integ) {
        // Under tree the tag binds the version: checked once both are on chip.
        chk = verify_line(key, pa, line, version, t0, m_tree ? std::max(t1, cf.ready) : t1);
        if (chk.violation != violation_kind::none) {
            refuse_line(t, ext, user, chk, delay);
            return;
        }
    }
    ++m_reads;
    m_bytes_decrypted += m_params.line_size;

    if (m_mode == cipher_mode::ctr) {
        const engine_grant g = m_timing.reserve(cf.ready, key);
        engine_used(g, key);
        uint64_t done = std::max(t1, g.done) + m_timing.xor_time();
        const exposed_split s = split_exposed(g.done > t1 ? g.done - t1 : 0, cf.ticks, g.queue,
                                              g.key_switch + m_timing.aes());
        uint64_t meta_wait = 0;
        if (m_integ) done += meta_wait = integrity_wait(done, chk.ready);
        if (chk.unwritten)
            std::memset(user, 0, m_params.line_size);
        else
            m_cipher.decrypt(key, pa, version, m_buf.data(), user);
        account(ext, t1 - t0, s.queue, s.aes + m_timing.xor_time(), s.counter + meta_wait);
        delay += m_to_done(done - t0); // = done - m_now (modulo 2^64, like sc_time)
        m_last_done = std::max(m_last_done, done);
        return;
    }
    const engine_grant g = m_timing.reserve(t1, key);
    engine_used(g, key);
    uint64_t done = g.done, meta_wait = 0;
    if (m_integ) done += meta_wait = integrity_wait(done, chk.ready);
    if (chk.unwritten)
        std::memset(user, 0, m_params.line_size);
    else
        m_cipher.decrypt(key, pa, 0, m_buf.data(), user);
    account(ext, t1 - t0, g.queue, g.key_switch + m_timing.aes(), meta_wait);
    delay += m_to_done(done - t0);
    m_last_done = std::max(m_last_done, done);
}

[[gnu::always_inline]] inline void encryption_unit::write_line(tlm::tlm_generic_payload& t,
                                                               sc_time& delay, uint16_t key,
                                                               mem_ext* ext) {
    const uint64_t pa = m_params.pa_base + t.get_address();
    const uint64_t line = m_line_div(t.get_address());
    const uint64_t t0 = m_now + delay.value();
    uint8_t* user = t.get_data_ptr();

    uint64_t ready = t0, counter_ticks = 0, extra = 0, counter = 0; // counter: the version
    tree_access va;
    if (m_tree) {
        if (!tree_version(t, ext, delay, line, t0, true, va)) return;
        counter = va.version;
        if (m_mode == cipher_mode::ctr) { // the pad needs the version; xts/ecb do not wait
            ready = va.ready;
            counter_ticks = va.ready - t0;
            extra = m_timing.xor_time();
        }
    } else if (m_mode == cipher_mode::ctr) {
        const counter_fetch cf = fetch_counter(line, t0);
        if (!cf.ok) {
            t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        counter = m_counters->increment(line);
        ready = cf.ready;
        counter_ticks = cf.ticks;
        extra = m_timing.xor_time();
    }
    const engine_grant g = m_timing.reserve(ready, key);
    engine_used(g, key);
    m_cipher.encrypt(key, pa, counter, user, m_buf.data());
    const uint64_t t1 = g.done + extra; // the ciphertext leaves for memory

    t.set_data_ptr(m_buf.data());
    sc_time d = delay;
    d += m_to_mem(t1 - t0); // = t1 - m_now
    mem->b_transport(t, d);
    t.set_data_ptr(user);
    uint64_t done = m_now + d.value();
    delay = d;
    if (t.get_response_status() != tlm::TLM_OK_RESPONSE) return;
    ++m_writes;
    m_bytes_encrypted += m_params.line_size;
    const uint64_t dram = done - t1;
    uint64_t meta_wait = 0;
    if (m_integ) { // the new tag is on chip (from the ciphertext) before the write completes
        uint64_t meta =
            update_line(key, pa, line, counter, t0, m_tree ? std::max(t1, va.ready) : t1);
        if (m_tree && va.overflow) meta = std::max(meta, renew_page(key, line, va, va.ready));
        done += meta_wait = integrity_wait(done, meta);
        delay = delay_until(done);
    }
    account(ext, dram, g.queue, g.key_switch + m_timing.aes() + extra, counter_ticks + meta_wait);
    m_last_done = std::max(m_last_done, done);
}

void encryption_unit::b_transport(tlm::tlm_generic_payload& t, sc_time& delay) {
    auto* ext = t.get_extension<mem_ext>();
    const uint16_t key = ext ? ext->key_id : 0;
    const tlm::tlm_command cmd = t.get_command();
    if (cmd == tlm::TLM_IGNORE_COMMAND) { // cache maintenance and probes: not ours
        mem->b_transport(t, delay);
        t.set_dmi_allowed(false);
        return;
    }
    if (key == 0 || m_mode == cipher_mode::none) {
        ++m_passthrough;
        if (key != 0) ++m_key_lines[key];
        mem->b_transport(t, delay);
        t.set_dmi_allowed(false);
        return;
    }
    const unsigned len = t.get_data_length();
    const unsigned width = t.get_streaming_width();
    if (t.get_byte_enable_ptr() && t.get_byte_enable_length()) {
        ++m_refused;
        t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (len != m_params.line_size || (width != 0 && width != len) ||
        m_line_div.rem(t.get_address()) != 0) {
        ++m_refused;
        t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (!m_keys.key_for_eu(key)) {
        // Only a misconfigured initiator (a traffic generator naming a key id nobody loaded)
        // gets here: the caches write back under a draining id while it still holds its key.
        ++m_refused;
        t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    ++m_key_lines[key];
    m_now = ticks_now(); // constant during this call: nothing here waits
    if (cmd == tlm::TLM_READ_COMMAND)
        read_line(t, delay, key, ext);
    else
        write_line(t, delay, key, ext);
    t.set_dmi_allowed(false);
}

encryption_unit::counter_fetch encryption_unit::fetch_counter_line(uint64_t line, uint64_t at) {
    counter_fetch cf;
    cf.ready = at;
    ++m_ctr_misses;
    const uint64_t index = m_counters->line_of(line);
    m_ctr_trans.set_command(tlm::TLM_READ_COMMAND);
    m_ctr_trans.set_address(m_params.counter_base + index * m_params.line_size);
    m_ctr_trans.set_data_ptr(m_ctr_buf.data());
    m_ctr_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time d = delay_until(at);
    counters->b_transport(m_ctr_trans, d);
    if (m_ctr_trans.get_response_status() != tlm::TLM_OK_RESPONSE) {
        SC_REPORT_ERROR("trvp/eu", (std::string(name()) + ": counter store read failed (is the "
                                                          "counter memory large enough?)")
                                       .c_str());
        cf.ok = false;
        return cf;
    }
    cf.ready = m_now + d.value() + m_params.counter_miss_penalty * m_period.value();
    cf.ticks = cf.ready - at;

    // The victim goes to a write buffer: written back when the new line arrives, off the
    // critical path (its latency is not charged to this request).
    const counter_cache::victim v = m_counters->fill(index, m_ctr_buf.data(), m_victim_buf.data());
    if (v.valid) {
        ++m_ctr_writebacks;
        m_ctr_trans.set_command(tlm::TLM_WRITE_COMMAND);
        m_ctr_trans.set_address(m_params.counter_base + v.index * m_params.line_size);
        m_ctr_trans.set_data_ptr(m_victim_buf.data());
        m_ctr_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time wd = delay_until(cf.ready);
        counters->b_transport(m_ctr_trans, wd);
        m_ctr_trans.set_data_ptr(m_ctr_buf.data());
        if (m_ctr_trans.get_response_status() != tlm::TLM_OK_RESPONSE)
            SC_REPORT_ERROR("trvp/eu",
                            (std::string(name()) + ": counter write-back failed").c_str());
    }
    return cf;
}

void encryption_unit::trace_grant(const engine_grant& g, uint16_t key) {
    tracer* tr = env().trace;
    tr->change(m_sig_key, sc_time::from_value(g.start), key);
    m_busy_steps.push_back({g.start, +1});
    m_busy_steps.push_back({g.start + g.key_switch + m_timing.occupancy(), -1});
    if (g.queue) {
        m_queue_steps.push_back({g.start - g.queue, +1});
        m_queue_steps.push_back({g.start, -1});
    }
}

void encryption_unit::end_of_run() {
    tracer* tr = env().trace;
    if (!tr) return;
    auto sweep = [tr](std::vector<std::pair<uint64_t, int>>& steps, tracer::signal sig) {
        std::sort(steps.begin(), steps.end());
        int64_t level = 0;
        for (size_t i = 0; i < steps.size();) {
            const uint64_t t = steps[i].first;
            for (; i < steps.size() && steps[i].first == t; ++i) level += steps[i].second;
            tr->change(sig, sc_time::from_value(t), uint64_t(std::max<int64_t>(level, 0)));
        }
        steps.clear();
    };
    sweep(m_busy_steps, m_sig_busy);
    sweep(m_queue_steps, m_sig_queue);
}

} // namespace trvp
