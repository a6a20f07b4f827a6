#include "core/core.h"

#include "common/errors.h"
#include "common/scoped_extension.h"
#include "common/tracer.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace trvp {

namespace {

access_kind kind_of(core::access_type t) {
    switch (t) {
    case core::access_type::fetch:
        return access_kind::fetch;
    case core::access_type::load:
        return access_kind::load;
    case core::access_type::store:
        return access_kind::store;
    case core::access_type::walk:
        return access_kind::walk;
    }
    return access_kind::load;
}

const char* cause_name(uint32_t cause) {
    static const char* const exceptions[16] = {"instruction address misaligned",
                                               "instruction access fault",
                                               "illegal instruction",
                                               "breakpoint",
                                               "load address misaligned",
                                               "load access fault",
                                               "store address misaligned",
                                               "store access fault",
                                               "ecall from U-mode",
                                               "ecall from S-mode",
                                               "reserved",
                                               "ecall from M-mode",
                                               "instruction page fault",
                                               "load page fault",
                                               "reserved",
                                               "store page fault"};
    if (cause >> 31) return "interrupt";
    return cause < 16 ? exceptions[cause] : "reserved";
}

} // namespace

rv32_core::rv32_core(const sc_core::sc_module_name& nm, sim_env& env, const rv32_core_params& p)
    : component(nm, env), m_params(p), m_period(env.clock_period),
      m_tick(sc_core::sc_time(1.0 / p.timebase_hz, sc_core::SC_SEC)), m_trace(env.trace) {
    if (!(p.timebase_hz > 0)) throw user_error(std::string(name()) + ": timebase must be > 0");
    try {
        const stats::group g = stat_group();
        m_hart = std::make_unique<core::hart>(p.hart, static_cast<core::hart_bus&>(*this), &g);
    } catch (const std::invalid_argument& e) {
        throw user_error(std::string(name()) + ": " + e.what());
    }

    for (const extension_factory& make : p.extensions)
        m_extensions.push_back(make(extension_site{env, *m_hart, *this, name()}));
    m_storm_watch.next = m_hart->get_trap_hook();
    m_hart->set_trap_hook(&m_storm_watch);
    if (m_trace) {
        // access: 0 none, 1 fetch, 2 load, 3 store, 4 page walk, 5 extension, 6 cache op
        m_sig_pc = m_trace->add(name(), "pc", 32, p.hart.reset_pc);
        m_sig_priv = m_trace->add(name(), "priv", 2, 3);
        m_sig_access = m_trace->add(name(), "access", 3);
    }
    m_trans.set_extension(&m_ext);
    for (socket_t* s : {&m_fetch, &m_data, &m_mmio})
        s->register_invalidate_direct_mem_ptr(this, &rv32_core::invalidate_dmi);
    expose_initiator("fetch", m_fetch);
    expose_initiator("data", m_data);
    expose_initiator("mmio", m_mmio);
    expose_irq_input("irq", *this);
    env.control.on_exit([this] { m_hart->request_stop(); });
    SC_HAS_PROCESS(rv32_core);
    SC_THREAD(run);
}

rv32_core::~rv32_core() {
    m_trans.clear_extension(&m_ext);
}

uint64_t rv32_core::to_cycles(const sc_core::sc_time& t) const {
    const uint64_t p = m_period.value(), v = t.value();
    return (v + p - 1) / p;
}

sc_core::sc_time rv32_core::offset() const {
    return m_period * double(m_hart->cycles() - m_sync_cycle);
}

sc_core::sc_time rv32_core::local_time() const {
    return sc_core::sc_time_stamp() + offset();
}

void rv32_core::sync() {
    m_qk.set(offset());
    m_qk.sync();
    m_sync_cycle = m_hart->cycles();
}

void rv32_core::run() {
    const uint64_t limit = m_params.max_instructions;
    m_qk.reset();
    for (;;) {
        const uint64_t quantum = std::max<uint64_t>(
            1,
            tlm::tlm_global_quantum::instance().compute_local_quantum().value() / m_period.value());
        core::run_state s;
        if (limit && limit - m_hart->instret() <= quantum) {
            s = m_hart->step(limit - m_hart->instret());
            if (s == core::run_state::until_reached && m_hart->instret() >= limit) {
                env().control.request_limit_stop("instruction limit reached (" +
                                                 std::to_string(limit) + ")");
                break;
            }
        } else {
            s = m_hart->run(m_sync_cycle + quantum);
        }
        if (s == core::run_state::stopped || trap_storm()) break;
        if (s == core::run_state::waiting) {
            // wfi: skip to the timer deadline if there is one, else sleep until a line changes.
            if (m_hart->timer_deadline() != UINT64_MAX) {
                m_hart->skip_to(m_hart->timer_deadline());
            } else {
                sync();
                wait(m_wakeup);
                m_hart->skip_to(to_cycles(sc_core::sc_time_stamp()));
            }
        }
        sync();
    }
    m_stopped = true;
    env().control.report_time(local_time());
}

bool rv32_core::trap_storm() {
    const core::hart_stats& st = m_hart->stats();
    uint64_t traps = 0;
    for (uint64_t n : st.exceptions) traps += n;
    for (uint64_t n : st.interrupts) traps += n;
    // The counts restart when a guest's phase marker resets the statistics.
    const uint64_t taken = traps >= m_seen_traps ? traps - m_seen_traps : traps;
    m_seen_traps = traps;
    if (m_hart->instret() != m_seen_instret) {
        m_seen_instret = m_hart->instret();
        m_storm = 0; // the storm, if any, began after that instruction: counted from now on
        return false;
    }
    m_storm += taken;
    if (!m_params.max_trap_storm || m_storm < m_params.max_trap_storm) return false;
    auto describe = [](const core::trap_info& t) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s (%s %u) at pc 0x%08x, tval 0x%08x", cause_name(t.cause),
                      t.cause >> 31 ? "interrupt" : "cause", t.cause & 0x7fffffffu, t.epc, t.tval);
        return std::string(buf);
    };
    const core::trap_info& last = m_storm_watch.last;
    const bool s_mode = last.to == core::privilege::supervisor;
    uint32_t tvec = 0;
    m_hart->csr_read(s_mode ? 0x105 : 0x305, tvec);
    char handler[48];
    std::snprintf(handler, sizeof handler, ", handler %s 0x%08x", s_mode ? "stvec" : "mtvec", tvec);
    env().control.request_limit_stop(
        "trap storm: " + std::string(name()) + " took " + std::to_string(m_storm) +
        " traps in a row without retiring an instruction (limit max_trap_storm " +
        std::to_string(m_params.max_trap_storm) + "); first: " + describe(m_storm_watch.first) +
        "; last: " + describe(last) + handler);
    return true;
}

void rv32_core::storm_watch::on_trap(core::hart& h, core::trap_info& t) {
    if (h.instret() != first_instret) {
        first = t;
        first_instret = h.instret();
    }
    last = t;
    if (next) next->on_trap(h, t);
}

void rv32_core::set_irq(unsigned line, bool level) {
    m_hart->set_irq(line, level);
    m_wakeup.notify(sc_core::SC_ZERO_TIME);
}

void rv32_core::set_irq_deadline(unsigned line, const sc_core::sc_time& deadline) {
    if (line != core::irq::mti)
        TRVP_PANIC("trvp/core", "deadline interrupts are only supported for line 7 (MTI)");
    m_hart->set_timer_deadline(deadline == sc_core::sc_max_time() ? UINT64_MAX
                                                                  : to_cycles(deadline));
    m_wakeup.notify(sc_core::SC_ZERO_TIME);
}

bool rv32_core::cacheable(uint32_t pa) const {
    for (const pma_range& r : m_params.cacheable)
        if (pa - r.base < r.size) return true;
    return false;
}

rv32_core::socket_t& rv32_core::route(const core::mem_access& a) {
    if (m_mmio.size() > 0 && !cacheable(a.pa)) return m_mmio;
    return a.type == core::access_type::fetch ? m_fetch : m_data;
}

bool rv32_core::transport(const core::mem_access& a, tlm::tlm_command cmd, void* data,
                          uint64_t& cycles) {
    socket_t& s = route(a);
    if (&s != &m_mmio) {
        // The provider is known: with the fast path on, the hart asks for a grant (grant())
        // before every access that comes here.
        fast_path_provider* p =
            m_params.hart.fast_path ? m_direct[&s == &m_fetch ? 0 : 1].provider : nullptr;
        if (p &&
            (cmd == tlm::TLM_READ_COMMAND ? p->fast_read(a.pa, data, a.len, a.key_id, cycles)
                                          : p->fast_write(a.pa, data, a.len, a.key_id, cycles))) {
            ++m_provided;
            return true;
        }
    }
    m_trans.set_command(cmd);
    m_trans.set_address(a.pa);
    m_trans.set_data_ptr(static_cast<unsigned char*>(data));
    m_trans.set_data_length(a.len);
    m_trans.set_streaming_width(a.len);
    m_trans.set_byte_enable_ptr(nullptr);
    m_trans.set_dmi_allowed(false);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    m_ext.kind = kind_of(a.type);
    m_ext.key_id = a.key_id;
    m_ext.context = a.context;
    m_ext.privilege = static_cast<uint8_t>(a.priv);
    m_ext.fault = mem_fault::none;
    m_ext.latency.clear();
    const sc_core::sc_time before = offset();
    sc_core::sc_time delay = before;
    if (m_trace) trace_access(1 + unsigned(a.type), unsigned(a.priv), before);
    s->b_transport(m_trans, delay);
    cycles += to_cycles(delay - before);
    if (m_trans.is_response_error()) {
        ++m_bus_errors;
        m_fault = m_ext.fault; // the hart takes it with the access fault's trap
        return false;
    }
    return true;
}

void rv32_core::trace_access(unsigned kind, unsigned priv, const sc_core::sc_time& delay) {
    // A one-cycle pulse of the access kind; pc and priv hold until the next transaction.
    const sc_core::sc_time t = sc_core::sc_time_stamp() + delay;
    m_trace->change(m_sig_pc, t, m_hart->cur_pc());
    m_trace->change(m_sig_priv, t, priv & 3);
    m_trace->pulse(m_sig_access, t, m_period, kind);
}

bool rv32_core::fetch_allowed(const core::mem_access& a) const {
    if (a.type != core::access_type::fetch) return true;
    for (const auto& e : m_extensions)
        if (!e->fetch_allowed(a.va, a.key_id)) return false;
    return true;
}

bool rv32_core::read(const core::mem_access& a, void* data, uint64_t& cycles) {
    // An extension may refuse a fetch also on a TLB hit (TR: outside a code entry).
    if (!fetch_allowed(a)) return false;
    return transport(a, tlm::TLM_READ_COMMAND, data, cycles);
}

bool rv32_core::write(const core::mem_access& a, const void* data, uint64_t& cycles) {
    return transport(a, tlm::TLM_WRITE_COMMAND, const_cast<void*>(data), cycles);
}

bool rv32_core::read_functional(const core::mem_access& a, void* data) {
    if (!fetch_allowed(a)) return false;
    socket_t& s = route(a);
    tlm::tlm_generic_payload t;
    mem_ext ext;
    ext.kind = kind_of(a.type);
    ext.key_id = a.key_id;
    ext.context = a.context;
    const scoped_extension guard_ext(t, ext);
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_address(a.pa);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(a.len);
    t.set_streaming_width(a.len);
    const unsigned n = s->transport_dbg(t);
    return n == a.len;
}

bool rv32_core::ask_direct(direct_path& side, socket_t& s, const core::mem_access& a,
                           tlm::tlm_dmi& dmi, dmi_ext& accounts) {
    tlm::tlm_generic_payload t;
    fast_path_ext fp;
    t.set_address(a.pa);
    t.set_command(a.type == core::access_type::store ? tlm::TLM_WRITE_COMMAND
                                                     : tlm::TLM_READ_COMMAND);
    const scoped_extension guard_fp(t, fp);
    const scoped_extension guard_accounts(t, accounts);
    const bool granted = s->get_direct_mem_ptr(t, dmi);
    if (fp.provider) {
        side.provider = fp.provider;
        // Its same-line memo serves the hart directly; not for fetches when an extension
        // checks every bus fetch (fetch_allowed), which the memo would skip.
        const bool fetch = &side == &m_direct[0];
        if (!fetch || m_extensions.empty()) m_hart->set_line_memo(fetch, fp.provider->memo());
    }
    if (!granted) {
        side.refused_start = dmi.get_start_address();
        side.refused_end = dmi.get_end_address();
    }
    return granted;
}

bool rv32_core::grant(const core::mem_access& a, core::mem_grant& g) {
    // A refusal names the range it holds for (TLM-2.0): do not ask again inside it until the
    // target invalidates (an L1 cache refuses everywhere; the DRAM refuses watched pages).
    // Checked first: with caches every access that misses the hart's grant comes here.
    direct_path& side = m_direct[a.type == core::access_type::fetch ? 0 : 1];
    if (a.pa >= side.refused_start && a.pa <= side.refused_end) return false;
    socket_t& s = route(a);
    if (&s == &m_mmio) return false;
    tlm::tlm_dmi dmi;
    dmi_ext accounts;
    if (!ask_direct(side, s, a, dmi, accounts)) return false;
    // Keep the grant inside 32-bit space and aligned to 4 bytes, as the hart requires.
    const uint64_t start = (dmi.get_start_address() + 3) & ~uint64_t(3);
    const uint64_t end = std::min<uint64_t>(dmi.get_end_address() + 1, 1ull << 32) & ~uint64_t(3);
    if (start >= end || a.pa < start || a.pa >= end) return false;
    g.host = dmi.get_dmi_ptr() + (start - dmi.get_start_address());
    g.base = static_cast<uint32_t>(start);
    g.size = static_cast<uint32_t>(end - start);
    g.readable = dmi.is_read_allowed();
    g.writable = dmi.is_write_allowed();
    g.read = accounts.read;
    g.read.cycles = static_cast<uint32_t>(to_cycles(dmi.get_read_latency()));
    g.write = accounts.write;
    g.write.cycles = static_cast<uint32_t>(to_cycles(dmi.get_write_latency()));
    return true;
}

void rv32_core::invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end) {
    for (direct_path& d : m_direct) d.refused_start = 1, d.refused_end = 0;
    if (start >= (1ull << 32)) return;
    const uint64_t last = std::min<uint64_t>(end, 0xffffffffull);
    m_hart->revoke_grants(static_cast<uint32_t>(start), static_cast<uint32_t>(last - start + 1));
}

bool rv32_core::ext_access(bool write, uint32_t pa, void* data, uint32_t len, uint16_t key_id,
                           uint16_t context) {
    if (m_mmio.size() > 0 && !cacheable(pa)) return false; // never MMIO
    tlm::tlm_generic_payload t;
    mem_ext ext;
    ext.kind = access_kind::secure;
    ext.key_id = key_id;
    ext.context = context;
    ext.privilege = 3;
    const scoped_extension guard_ext(t, ext);
    t.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    t.set_address(pa);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    t.set_byte_enable_ptr(nullptr);
    t.set_dmi_allowed(false);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_core::sc_time before = offset();
    sc_core::sc_time delay = before;
    if (m_trace) trace_access(5, 3, before);
    m_data->b_transport(t, delay);
    m_hart->add_cycles(to_cycles(delay - before));
    if (t.is_response_error()) {
        ++m_bus_errors;
        m_ext_fault = ext.fault;
        return false;
    }
    if (write) m_hart->revoke_grants(pa, len);
    return true;
}

void rv32_core::cache_maintain(cache_op_ext::op what, cache_op_ext::scope which, uint16_t key_id,
                               uint32_t base, uint32_t size, bool fetch_path, bool data_path) {
    // The address only routes the operation to memory: a range's base, else the first
    // cacheable range (every cache forwards the operation down to the memory).
    const uint64_t addr = which == cache_op_ext::scope::range || m_params.cacheable.empty()
                              ? base
                              : m_params.cacheable.front().base;
    for (socket_t* s : {fetch_path ? &m_fetch : nullptr, data_path ? &m_data : nullptr}) {
        if (!s || s->size() == 0) continue;
        tlm::tlm_generic_payload t;
        cache_op_ext op;
        mem_ext ext;
        op.what = what;
        op.which = which;
        op.key_id = key_id;
        op.base = base;
        op.size = size;
        ext.kind = access_kind::secure;
        ext.key_id = key_id;
        const scoped_extension guard_op(t, op);
        const scoped_extension guard_ext(t, ext);
        t.set_command(tlm::TLM_IGNORE_COMMAND);
        t.set_address(addr);
        t.set_data_ptr(nullptr);
        t.set_data_length(0);
        t.set_streaming_width(0);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        const sc_core::sc_time before = offset();
        sc_core::sc_time delay = before;
        if (m_trace) trace_access(6, unsigned(m_hart->priv()), before);
        (*s)->b_transport(t, delay);
        m_hart->add_cycles(to_cycles(delay - before));
        if (t.is_response_error()) ++m_bus_errors;
    }
}

uint64_t rv32_core::mtime() {
    return local_time().value() / m_tick.value();
}

void rv32_core::end_of_run() {
    if (!m_stopped) env().control.report_time(local_time());
}

} // namespace trvp
