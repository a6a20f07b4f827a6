#include "cache.h"

#include "common/errors.h"
#include "common/tracer.h"

#include <string>

namespace trvp {

using namespace sc_core;
using tlm::tlm_generic_payload;
using tlm::tlm_response_status;

namespace {

// key_stats' range is declared by the factory (cache_factory.cpp); here it is a precondition.
unsigned checked_key_slots(const cache_params& p) {
    if (p.key_stats == 0 || p.key_stats > 65536)
        TRVP_PANIC("trvp/cache", "key_stats out of range: " + std::to_string(p.key_stats));
    return p.key_stats;
}

/** Clears a stack payload's extensions before it dies (it would delete them otherwise). */
struct ext_guard {
    tlm_generic_payload& p;
    tlm::tlm_extension_base* e;
    ~ext_guard() { p.clear_extension(static_cast<mem_ext*>(e)); }
};

} // namespace

cache::cache(const sc_module_name& nm, sim_env& env, const cache_params& p)
    : component(nm, env), cpu("cpu"), mem("mem"), m_params(p),
      m_hit_time(env.clock_period * double(p.hit_latency)), m_hit_cycles(p.hit_latency), m_tags(p),
      m_key_hits(stat_group(), checked_key_slots(p), "hits", "count", "hits"),
      m_key_misses(stat_group(), p.key_stats, "misses", "count", "misses"),
      m_ownership(*this, p.ownership, p.owners) {
    if (auto pf = make_prefetcher(p.prefetch, p.line_size, p.prefetch_degree))
        m_prefetch = std::make_unique<prefetch_lines>(stats(), stat_name("prefetch"), m_tags.sets(),
                                                      m_tags.ways(), std::move(pf));
    if (env.trace) {
        m_sig_hit = env.trace->add(name(), "hit", 1);
        m_sig_miss = env.trace->add(name(), "miss", 1);
        m_sig_addr = env.trace->add(name(), "addr", 32);
    }
    m_memo_allowed = !m_prefetch && !(m_ownership.enabled() && p.ownership.reads);
    m_memo.cycles = uint32_t(m_hit_cycles);
    m_memo.accesses = &m_accesses;
    m_memo.hits = &m_hits;
    m_memo.read_hits = &m_read_hits;
    m_memo.write_hits = &m_write_hits;
    cpu.register_b_transport(this, &cache::b_transport);
    cpu.register_transport_dbg(this, &cache::transport_dbg);
    cpu.register_get_direct_mem_ptr(this, &cache::get_direct_mem_ptr);
    expose_target("cpu", cpu);
    expose_initiator("mem", mem);
}

// ---- direct path: hits only, through the same hit routine as b_transport ----

bool cache::fast_read(uint64_t addr, void* data, unsigned len, uint16_t key_id, uint64_t& cycles) {
    return direct(false, addr, static_cast<uint8_t*>(data), len, key_id, cycles);
}

bool cache::fast_write(uint64_t addr, const void* data, unsigned len, uint16_t key_id,
                       uint64_t& cycles) {
    return direct(true, addr, static_cast<uint8_t*>(const_cast<void*>(data)), len, key_id, cycles);
}

bool cache::direct(bool write, uint64_t addr, uint8_t* data, unsigned len, uint16_t key_id,
                   uint64_t& cycles) {
    // What only b_transport can do is refused here: a write-through, a line with a
    // prefetch still in flight (the hit waits for its data), an access across lines.
    if ((write && !m_params.write_back) || len == 0 || m_tags.crosses_line(addr, len)) return false;
    if (m_ownership.refuses_fast(addr, write, key_id)) return false; // b_transport refuses it
    const unsigned set = m_tags.set_of(addr);
    const int way = m_tags.find(set, m_tags.line_addr(addr), key_id);
    if (way < 0 || (m_prefetch && !m_prefetch->fast_hit(set, unsigned(way)))) return false;
    replay_memo();
    hit(set, unsigned(way), write, key_id);
    if (write)
        m_tags.write(set, unsigned(way), m_tags.offset(addr), data, len);
    else
        m_tags.read(set, unsigned(way), m_tags.offset(addr), data, len);
    cycles += m_hit_cycles;
    if (m_memo_used) grant_memo(set, unsigned(way), addr, key_id);
    return true;
}

void cache::grant_memo(unsigned set, unsigned way, uint64_t addr, uint16_t key_id) {
    // Its touch was just applied and no use is pending (replay_memo came first): the line
    // takes its own entry if it has one, else a free one, else the least recently used. A
    // write through it must change nothing either: only a dirty line in a write-back cache,
    // and only without an ownership check (a frame's owners change without this cache
    // knowing; writes are checked).
    const uint64_t line = m_tags.line_addr(addr);
    line_memo::entry* slot = &m_memo.e[0];
    for (line_memo::entry& x : m_memo.e) {
        if (x.size && x.base == line) {
            slot = &x;
            break;
        }
        if (slot->size && (!x.size || x.last < slot->last)) slot = &x;
    }
    slot->host = m_tags.data(set, way);
    slot->base = line;
    slot->last = m_memo.uses;
    slot->size = m_tags.line_size();
    slot->set = set;
    slot->way = way;
    slot->key_id = key_id;
    slot->writable = m_params.write_back && m_tags.dirty(set, way) && !m_ownership.enabled();
    slot->key_hits = &m_key_hits[key_id];
}

void cache::replay_memo_uses() {
    // Only the memo was used since the last replay, so its lines' last uses come after every
    // other touch: touching them now, oldest use first, gives every set the order it would
    // have had (a victim depends on the order of the stamps within a set, not their values).
    line_memo::entry* used[line_memo::entries];
    unsigned n = 0;
    for (line_memo::entry& x : m_memo.e) {
        if (!x.size || x.last <= m_memo.replayed) continue;
        unsigned i = n++;
        for (; i > 0 && used[i - 1]->last > x.last; --i) used[i] = used[i - 1];
        used[i] = &x;
    }
    for (unsigned i = 0; i < n; ++i) m_tags.touch(used[i]->set, used[i]->way);
    m_memo.replayed = m_memo.uses;
}

void cache::hit(unsigned set, unsigned way, bool write, uint16_t key_id) {
    ++m_accesses;
    ++m_hits;
    ++(write ? m_write_hits : m_read_hits);
    ++m_key_hits[key_id];
    m_tags.touch(set, way);
}

bool cache::get_direct_mem_ptr(int, tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
    // Plain DMI would hand out DRAM and skip this cache: refused for the whole range.
    dmi.set_start_address(0);
    dmi.set_end_address(~sc_dt::uint64(0));
    if (auto* f = t.get_extension<fast_path_ext>()) f->provider = this;
    return false;
}

// ---- b_transport ----

void cache::b_transport(int, tlm_generic_payload& t, sc_time& delay) {
    replay_memo();   // the memo's deferred touches first,
    m_memo.revoke(); // then whatever follows may change its lines' state
    mem_ext* ext = t.get_extension<mem_ext>();
    const tlm::tlm_command cmd = t.get_command();
    if (cmd == tlm::TLM_IGNORE_COMMAND) {
        if (auto* op = t.get_extension<cache_op_ext>()) {
            if (!maintain(t, *op, ext, delay)) return;
        }
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        mem->b_transport(t, delay); // every level below applies the op too
        return;
    }
    const unsigned len = t.get_data_length();
    if (len == 0 || m_tags.crosses_line(t.get_address(), len)) {
        t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    if (t.get_streaming_width() < len) {
        t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    // Before the lookup: a refused store must not hit a line the kernel's alias holds.
    if (m_ownership.refuse(t, delay)) return;
    access(t, ext, delay);
}

void cache::access(tlm_generic_payload& t, mem_ext* ext, sc_time& delay) {
    const bool write = t.get_command() == tlm::TLM_WRITE_COMMAND;
    const uint64_t addr = t.get_address();
    const uint16_t key_id = ext ? ext->key_id : 0;
    const sc_time start = delay;
    delay += m_hit_time;
    if (ext) ext->latency.add(stage::cache, m_hit_time);

    const tag_store::probe pr = m_tags.lookup(addr, key_id);
    if (tracer* tr = env().trace) { // a one-cycle pulse at the request's local time
        const sc_time at = sc_time_stamp() + start;
        tr->change(m_sig_addr, at, addr);
        tr->pulse(pr.result == tag_store::outcome::hit ? m_sig_hit : m_sig_miss, at,
                  env().clock_period);
    }
    if (pr.result == tag_store::outcome::hit) {
        hit(pr.set, pr.way, write, key_id);
        if (m_prefetch) { // a prefetch still in flight delays the hit until its data arrives
            const sc_time wait = m_prefetch->demand_hit(pr.set, pr.way, sc_time_stamp() + delay);
            delay += wait;
            if (ext) ext->latency.add(stage::queue, wait);
        }
        if (write && !m_params.write_back) {
            ++m_write_throughs;
            mem->b_transport(t, delay);
            if (t.is_response_error()) return;
        }
        serve(t, pr.set, pr.way);
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        if (m_memo_used) grant_memo(pr.set, pr.way, addr, key_id);
        return;
    }

    ++m_accesses;
    ++m_misses;
    ++(write ? m_write_misses : m_read_misses);
    ++m_key_misses[key_id];
    const uint64_t line = m_tags.line_addr(addr);
    if (write && !m_params.write_allocate) {
        // No fill; a resident line of this address under another key id still has to go.
        if (pr.result == tag_store::outcome::key_mismatch &&
            !evict(pr.set, pr.way, key_id, line, ext, delay, t))
            return;
        ++m_write_throughs;
        mem->b_transport(t, delay);
        if (!t.is_response_error())
            m_miss_latency.sample(uint64_t((delay - start) / env().clock_period + 0.5));
        return;
    }
    const unsigned way = m_tags.victim(pr);
    if (!evict(pr.set, way, key_id, line, ext, delay, t)) return;
    // Refill straight into the (now invalid) way; it becomes valid only on success.
    const tlm_response_status st = downstream(tlm::TLM_READ_COMMAND, line, m_tags.data(pr.set, way),
                                              access_kind::refill, key_id, ext, delay);
    if (st != tlm::TLM_OK_RESPONSE) {
        t.set_response_status(st);
        return;
    }
    m_tags.fill(pr.set, way, line, key_id);
    ++m_fills;
    if (write && !m_params.write_back) {
        ++m_write_throughs;
        mem->b_transport(t, delay);
        if (t.is_response_error()) return;
    }
    serve(t, pr.set, way);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    m_miss_latency.sample(uint64_t((delay - start) / env().clock_period + 0.5));
    if (m_prefetch)
        issue_prefetches(line, key_id, ext, delay);
    else if (m_memo_used) // the filled line is its set's most recent: the next hit is inline
        grant_memo(pr.set, way, addr, key_id);
}

void cache::issue_prefetches(uint64_t line, uint16_t key_id, const mem_ext* req,
                             const sc_time& done) {
    m_prefetch_addrs.clear();
    m_prefetch->policy().on_miss(line, m_prefetch_addrs);
    for (const uint64_t a : m_prefetch_addrs) {
        const tag_store::probe pr = m_tags.lookup(a, key_id);
        if (pr.result != tag_store::outcome::miss) continue; // resident, under any key id
        // Issued when the demand completes, with its own delay: it occupies the resources
        // below but is not on the demand's critical path.
        sc_time d = done;
        tlm_generic_payload status;
        const unsigned way = m_tags.victim(pr);
        if (!evict(pr.set, way, key_id, a, nullptr, d, status)) continue;
        mem_ext who; // the requester's identity; its latency record stays out of req's
        if (req) {
            who.context = req->context;
            who.privilege = req->privilege;
        }
        if (downstream(tlm::TLM_READ_COMMAND, a, m_tags.data(pr.set, way), access_kind::refill,
                       key_id, &who, d) != tlm::TLM_OK_RESPONSE)
            continue; // the way stays invalid
        m_tags.fill(pr.set, way, a, key_id);
        ++m_fills;
        m_prefetch->filled(pr.set, way, sc_time_stamp() + d);
    }
}

void cache::serve(tlm_generic_payload& t, unsigned set, unsigned way) {
    const unsigned off = m_tags.offset(t.get_address());
    const unsigned len = t.get_data_length();
    uint8_t* data = t.get_data_ptr();
    const uint8_t* be = t.get_byte_enable_ptr();
    const unsigned be_len = t.get_byte_enable_length();
    if (t.get_command() == tlm::TLM_WRITE_COMMAND) {
        if (be && be_len)
            m_tags.write_masked(set, way, off, data, len, be, be_len);
        else
            m_tags.write(set, way, off, data, len);
    } else if (be && be_len) {
        const uint8_t* src = m_tags.data(set, way) + off;
        for (unsigned i = 0; i < len; ++i)
            if (be[i % be_len] == 0xff) data[i] = src[i];
    } else {
        m_tags.read(set, way, off, data, len);
    }
}

bool cache::evict(unsigned set, unsigned way, uint16_t key_id, uint64_t line_addr, mem_ext* req,
                  sc_time& delay, tlm_generic_payload& t) {
    const tag_store::line_info li = m_tags.line(set, way);
    if (!li.valid) return true;
    if (li.dirty) {
        const tlm_response_status st = write_back(set, way, req, delay);
        if (st != tlm::TLM_OK_RESPONSE) {
            t.set_response_status(st); // the line stays resident and dirty
            return false;
        }
    }
    if (m_prefetch) m_prefetch->dropped(set, way);
    m_tags.invalidate(set, way);
    ++m_evictions;
    if (li.addr == line_addr && li.key_id != key_id) ++m_key_mismatch_evictions;
    return true;
}

tlm_response_status cache::write_back(unsigned set, unsigned way, mem_ext* req, sc_time& delay) {
    const tag_store::line_info li = m_tags.line(set, way);
    // Under the line's OWN key id: the next level encrypts it with that key.
    const tlm_response_status st =
        downstream(tlm::TLM_WRITE_COMMAND, li.addr, m_tags.data(set, way), access_kind::writeback,
                   li.key_id, req, delay);
    if (st == tlm::TLM_OK_RESPONSE) {
        m_tags.clean(set, way);
        ++m_writebacks;
    }
    return st;
}

tlm_response_status cache::downstream(tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                                      access_kind kind, uint16_t key_id, mem_ext* req,
                                      sc_time& delay) {
    mem_ext e;
    e.kind = kind;
    e.key_id = key_id;
    if (req && kind != access_kind::writeback) { // a victim's owner is not known
        e.context = req->context;
        e.privilege = req->privilege;
    }
    tlm_generic_payload& p = m_down; // not a new one: building one costs two heap calls
    p.set_command(cmd);
    p.set_address(addr);
    p.set_data_ptr(data);
    p.set_data_length(m_tags.line_size());
    p.set_streaming_width(m_tags.line_size());
    p.set_byte_enable_ptr(nullptr);
    p.set_dmi_allowed(false);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    p.set_gp_option(tlm::TLM_MIN_PAYLOAD);
    p.set_extension(&e);
    {
        ext_guard g{p, &e};
        mem->b_transport(p, delay);
    }
    if (req) {
        for (size_t s = 0; s < stage_count; ++s) req->latency.t[s] += e.latency.t[s];
        if (e.fault != mem_fault::none) req->fault = e.fault; // why the level below refused
    }
    return p.get_response_status();
}

} // namespace trvp
