#include "dram.h"

#include "common/dmi_ext.h"
#include "common/errors.h"
#include "common/mem_ext.h"

#include <cstring>
#include <limits>

namespace trvp {

namespace {
constexpr uint64_t max_addr = std::numeric_limits<uint64_t>::max();

uint64_t to_ps(const sc_core::sc_time& t) {
    return static_cast<uint64_t>(t.to_seconds() * 1e12 + 0.5);
}
} // namespace

dram::dram(const sc_core::sc_module_name& nm, sim_env& env, const dram_params& p)
    : component(nm, env), mem("mem"), m_params(p), m_store(p.size),
      m_reads(stats(), stat_name("reads"), "count", "read requests served"),
      m_writes(stats(), stat_name("writes"), "count", "write requests served"),
      m_read_bytes(stats(), stat_name("read_bytes"), "bytes", "bytes read by requests"),
      m_write_bytes(stats(), stat_name("write_bytes"), "bytes", "bytes written by requests"),
      m_window_start(stats(), stat_name("window_start"), [this] { return to_ps(now()); }),
      m_bandwidth(stats(), stat_name("bandwidth"), "bytes/s",
                  "(read_bytes + write_bytes) / simulated time of the statistics window", [this] {
                      const double s = elapsed().to_seconds();
                      return s > 0 ? double(m_read_bytes.value() + m_write_bytes.value()) / s : 0.0;
                  }) {
    // The factory (dram_factory.cpp) refuses a zero size against the configuration.
    if (p.size == 0)
        TRVP_PANIC("trvp/dram", std::string(name()) + ": size must be greater than zero");
    m_timing = make_dram_timing(
        name(), p,
        {stats(), std::string(name()) + ".", env.clock_period, [this] { return elapsed(); }});
    if (env.trace) {
        m_sig_busy = env.trace->add_level(name(), "busy", 1);
        m_sig_bank = env.trace->add(name(), "bank", 16);
    }
    mem.register_b_transport(this, &dram::b_transport);
    mem.register_transport_dbg(this, &dram::transport_dbg);
    mem.register_get_direct_mem_ptr(this, &dram::get_direct_mem_ptr);
    expose_target("mem", mem);
}

void dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    // A streaming width of 0 is taken as "no streaming" (many initiators leave it unset).
    unsigned width = trans.get_streaming_width();
    if (width == 0 || width > len) width = len;
    if (!m_store.contains(addr, width)) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const tlm::tlm_command cmd = trans.get_command();
    if (cmd == tlm::TLM_IGNORE_COMMAND) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const bool is_write = cmd == tlm::TLM_WRITE_COMMAND;
    uint8_t* data = trans.get_data_ptr();
    uint8_t* cells = m_store.data() + addr;
    const uint8_t* be = trans.get_byte_enable_ptr();
    const unsigned be_len = trans.get_byte_enable_length();
    if (be && be_len == 0) be = nullptr;

    if (!be && width == len) {
        if (is_write)
            std::memcpy(cells, data, len);
        else
            std::memcpy(data, cells, len);
    } else {
        // Byte enables and streaming: byte i of the data goes to cell i % width, if enabled.
        for (unsigned i = 0; i < len; ++i) {
            if (be && be[i % be_len] != TLM_BYTE_ENABLED) continue;
            if (is_write)
                cells[i % width] = data[i];
            else
                data[i] = cells[i % width];
        }
    }

    if (is_write) {
        ++m_writes;
        m_write_bytes += len;
    } else {
        ++m_reads;
        m_read_bytes += len;
    }
    // The channel moves all `len` bytes (a streaming burst too).
    const dram_access a = m_timing->access(addr, len, is_write, sc_core::sc_time_stamp() + delay);
    delay += a.total();
    if (auto* ext = trans.get_extension<mem_ext>()) {
        if (a.queue != sc_core::SC_ZERO_TIME) ext->latency.add(stage::queue, a.queue);
        ext->latency.add(stage::dram, a.service);
    }
    if (env().trace) trace(a);

    uint64_t lo, hi;
    trans.set_dmi_allowed(m_params.dmi && m_timing->is_fixed() && dmi_window(addr, lo, hi));
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (is_write && !m_watches.empty()) notify_watches(addr, width);
}

sc_core::sc_time dram::now() {
    return std::max(sc_core::sc_time_stamp(), env().control.end_time());
}

sc_core::sc_time dram::elapsed() {
    const sc_core::sc_time start(double(m_window_start.value()), sc_core::SC_PS);
    const sc_core::sc_time end = now();
    return end > start ? end - start : sc_core::SC_ZERO_TIME;
}

void dram::trace(const dram_access& a) {
    tracer& tr = *env().trace;
    tr.step(m_sig_busy, a.transfer_start, +1);
    tr.step(m_sig_busy, a.transfer_end, -1);
    tr.change(m_sig_bank, a.transfer_start, a.bank);
}

unsigned dram::transport_dbg(tlm::tlm_generic_payload& trans) {
    const uint64_t addr = trans.get_address();
    if (addr >= m_store.size()) return 0;
    const uint64_t n = std::min<uint64_t>(trans.get_data_length(), m_store.size() - addr);
    if (trans.get_command() == tlm::TLM_WRITE_COMMAND)
        m_store.write(addr, trans.get_data_ptr(), n);
    else if (trans.get_command() == tlm::TLM_READ_COMMAND)
        m_store.read(addr, trans.get_data_ptr(), n);
    return static_cast<unsigned>(n);
}

bool dram::dmi_window(uint64_t offset, uint64_t& lo, uint64_t& hi) const {
    const uint64_t page = offset / watch_page;
    if (m_watched_pages.count(page)) {
        lo = page * watch_page;
        hi = std::min(lo + watch_page, m_store.size()) - 1;
        return false;
    }
    auto next = m_watched_pages.upper_bound(page);
    hi = next == m_watched_pages.end() ? m_store.size() - 1 : *next * watch_page - 1;
    lo = next == m_watched_pages.begin() ? 0 : (*std::prev(next) + 1) * watch_page;
    return true;
}

bool dram::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const uint64_t addr = trans.get_address();
    dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
    if (addr >= m_store.size()) {
        dmi.set_start_address(m_store.size());
        dmi.set_end_address(max_addr);
        return false;
    }
    if (!m_params.dmi || !m_timing->is_fixed()) {
        dmi.set_start_address(0);
        dmi.set_end_address(max_addr);
        return false;
    }
    uint64_t lo, hi;
    const bool ok = dmi_window(addr, lo, hi);
    dmi.set_start_address(lo);
    dmi.set_end_address(hi);
    if (!ok) return false;

    const sc_core::sc_time t = m_timing->fixed_latency();
    dmi.set_dmi_ptr(m_store.data() + lo);
    dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ_WRITE);
    dmi.set_read_latency(t);
    dmi.set_write_latency(t);
    if (auto* ext = trans.get_extension<dmi_ext>()) {
        ext->read.requests = &m_reads;
        ext->read.bytes = &m_read_bytes;
        ext->write.requests = &m_writes;
        ext->write.bytes = &m_write_bytes;
    }
    return true;
}

void dram::invalidate(uint64_t lo, uint64_t hi) {
    // Before the end of elaboration the socket may be unbound, and nobody holds a grant yet.
    const auto status = sc_core::sc_get_status();
    if (status == sc_core::SC_ELABORATION || status == sc_core::SC_BEFORE_END_OF_ELABORATION)
        return;
    mem->invalidate_direct_mem_ptr(lo, hi);
}

void dram::check_probe(uint64_t offset, uint64_t len, const char* what) const {
    if (!m_store.contains(offset, len))
        throw user_error(std::string(name()) + ": " + what + " of " + std::to_string(len) +
                         " bytes at offset " + std::to_string(offset) + " is outside its " +
                         std::to_string(m_store.size()) + " bytes");
}

std::vector<uint8_t> dram::probe_read(uint64_t offset, uint64_t len) const {
    check_probe(offset, len, "probe read");
    std::vector<uint8_t> v(len);
    m_store.read(offset, v.data(), len);
    return v;
}

void dram::probe_write(uint64_t offset, const std::vector<uint8_t>& bytes) {
    probe_write(offset, bytes.data(), bytes.size());
}

void dram::probe_write(uint64_t offset, const uint8_t* bytes, uint64_t len) {
    check_probe(offset, len, "probe write");
    if (len == 0) return;
    m_store.write(offset, bytes, len);
    invalidate(offset, offset + len - 1);
}

std::vector<uint64_t> dram::probe_find(const std::vector<uint8_t>& bytes) const {
    return m_store.find(bytes.data(), bytes.size());
}

void dram::probe_dump(const std::string& path) const {
    m_store.dump(path);
}

void dram::watch_writes(uint64_t offset, uint64_t len, watch_fn fn) {
    if (len == 0 || !m_store.contains(offset, len))
        throw user_error(std::string(name()) + ": cannot watch " + std::to_string(len) +
                         " bytes at offset " + std::to_string(offset) + " (size " +
                         std::to_string(m_store.size()) + ")");
    m_watches.push_back({offset, len, std::move(fn)});
    const uint64_t first = offset / watch_page, last = (offset + len - 1) / watch_page;
    for (uint64_t p = first; p <= last; ++p) m_watched_pages.insert(p);
    invalidate(first * watch_page, std::min((last + 1) * watch_page, m_store.size()) - 1);
}

void dram::notify_watches(uint64_t offset, uint64_t len) {
    for (const watch& w : m_watches)
        if (offset < w.offset + w.len && w.offset < offset + len)
            w.fn(offset, m_store.data() + offset, static_cast<unsigned>(len));
}

} // namespace trvp
