// The encryption unit's debug transport (any range, line by line, untimed), its loosely
// timed nb_transport_fw and its DMI refusal (the line path: encryption_unit.cpp).
#include "encryption_unit.h"
#include "eu_integrity.h"

#include <algorithm>
#include <cstring>

namespace trvp {

using sc_core::sc_time;

uint64_t encryption_unit::debug_counter(uint64_t line) {
    uint64_t value = 0;
    if (m_counters->peek(line, value)) return value;
    uint8_t bytes[8] = {};
    tlm::tlm_generic_payload p;
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_address(m_params.counter_base + line * 8);
    p.set_data_ptr(bytes);
    p.set_data_length(8);
    p.set_streaming_width(8);
    if (counters.size() && counters->transport_dbg(p) == 8)
        for (unsigned b = 0; b < 8; ++b) value |= uint64_t(bytes[b]) << (8 * b);
    return value;
}

unsigned encryption_unit::transport_dbg(tlm::tlm_generic_payload& t) {
    const auto* ext = t.get_extension<mem_ext>();
    const uint16_t key = ext ? ext->key_id : 0;
    const tlm::tlm_command cmd = t.get_command();
    if (key == 0 || m_mode == cipher_mode::none || cmd == tlm::TLM_IGNORE_COMMAND)
        return mem->transport_dbg(t);
    if (!m_keys.key_for_eu(key)) return 0;

    // Line by line: read the ciphertext, decrypt, copy out or merge and re-encrypt.
    const unsigned ls = m_params.line_size;
    const uint64_t addr = t.get_address();
    const unsigned len = t.get_data_length();
    uint8_t* data = t.get_data_ptr();
    std::vector<uint8_t> cipher(ls), plain(ls);
    tlm::tlm_generic_payload p;
    p.set_data_ptr(cipher.data());
    p.set_data_length(ls);
    p.set_streaming_width(ls);
    unsigned done = 0;
    while (done < len) {
        const uint64_t a = addr + done;
        const uint64_t base = a - a % ls;
        const unsigned off = static_cast<unsigned>(a - base);
        const unsigned n = std::min(ls - off, len - done);
        const uint64_t line = base / ls;
        const uint64_t counter = m_tree                       ? debug_version(line)
                                 : m_mode == cipher_mode::ctr ? debug_counter(line)
                                                              : 0;
        p.set_command(tlm::TLM_READ_COMMAND);
        p.set_address(base);
        if (mem->transport_dbg(p) != ls) break;
        m_cipher.decrypt(key, m_params.pa_base + base, counter, cipher.data(), plain.data());
        if (cmd == tlm::TLM_READ_COMMAND) {
            std::memcpy(data + done, plain.data() + off, n);
        } else {
            std::memcpy(plain.data() + off, data + done, n);
            m_cipher.encrypt(key, m_params.pa_base + base, counter, plain.data(), cipher.data());
            if (m_integ) debug_update(key, m_params.pa_base + base, line, counter, cipher.data());
            p.set_command(tlm::TLM_WRITE_COMMAND);
            if (mem->transport_dbg(p) != ls) break;
        }
        done += n;
    }
    return done;
}

tlm::tlm_sync_enum encryption_unit::nb_transport_fw(tlm::tlm_generic_payload& t,
                                                    tlm::tlm_phase& phase, sc_time& delay) {
    if (phase != tlm::BEGIN_REQ) {
        SC_REPORT_ERROR("trvp/eu", (std::string(name()) + ": nb_transport_fw phase " +
                                    phase.get_name() + " (only BEGIN_REQ: loosely timed)")
                                       .c_str());
        return tlm::TLM_COMPLETED;
    }
    b_transport(t, delay);
    phase = tlm::BEGIN_RESP;
    return tlm::TLM_COMPLETED;
}

bool encryption_unit::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    // Never: a pointer to DRAM would bypass the encryption (and this model's statistics).
    dmi.allow_none();
    dmi.set_start_address(0);
    dmi.set_end_address(~sc_dt::uint64(0));
    return false;
}

} // namespace trvp
