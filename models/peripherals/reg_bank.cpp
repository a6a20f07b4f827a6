#include "reg_bank.h"

#include "common/errors.h"

namespace trvp {

reg_bank::reg::reg(std::string name, uint64_t offset, unsigned size, uint64_t reset)
    : m_name(std::move(name)), m_offset(offset), m_size(size), m_reset(reset & mask()),
      m_value(m_reset) {}

void reg_bank::reg::write(uint64_t v) {
    if (!m_writable) return;
    v &= mask();
    if (m_write)
        m_write(v);
    else
        m_value = v;
}

reg_bank::reg& reg_bank::add(const std::string& name, uint64_t offset, unsigned size,
                             uint64_t reset) {
    if (size != 1 && size != 2 && size != 4 && size != 8)
        TRVP_PANIC("trvp/reg_bank",
                   m_owner + ": register " + name + " has size " + std::to_string(size));
    for (const auto& [off, r] : m_regs)
        if (offset < off + r.size() && off < offset + size)
            TRVP_PANIC("trvp/reg_bank", m_owner + ": register " + name + " overlaps " + r.name());
    return m_regs.emplace(offset, reg(name, offset, size, reset)).first->second;
}

reg_bank::reg& reg_bank::operator[](const std::string& name) {
    for (auto& [off, r] : m_regs)
        if (r.name() == name) return r;
    TRVP_PANIC("trvp/reg_bank", m_owner + ": no register " + name);
    return m_regs.begin()->second; // not reached: the panic throws or aborts
}

void reg_bank::reset() {
    for (auto& [off, r] : m_regs) r.reset();
}

void reg_bank::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    if (trans.get_byte_enable_ptr() && trans.get_byte_enable_length()) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (trans.get_streaming_width() != 0 && trans.get_streaming_width() < len) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    auto it = m_regs.upper_bound(addr);
    if (it == m_regs.begin() || len == 0) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    reg& r = std::prev(it)->second;
    const uint64_t at = addr - r.offset();
    if (at >= r.size() || len > r.size() - at) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    m_now = sc_core::sc_time_stamp() + delay;
    uint8_t* data = trans.get_data_ptr();
    const unsigned shift = static_cast<unsigned>(8 * at);
    switch (trans.get_command()) {
    case tlm::TLM_READ_COMMAND: {
        const uint64_t v = r.read() >> shift;
        for (unsigned i = 0; i < len; ++i) data[i] = static_cast<uint8_t>(v >> (8 * i));
        break;
    }
    case tlm::TLM_WRITE_COMMAND: {
        uint64_t v = 0;
        for (unsigned i = 0; i < len; ++i) v |= uint64_t(data[i]) << (8 * i);
        if (len < r.size()) {
            // Merge into the register's current (read) value.
            const uint64_t field = (len >= 8 ? ~0ull : (1ull << (8 * len)) - 1) << shift;
            v = (r.read() & ~field) | ((v << shift) & field);
        }
        r.write(v);
        break;
    }
    default:
        break;
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace trvp
