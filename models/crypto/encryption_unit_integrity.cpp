// The encryption unit's integrity glue: the engine of integrity.mode, its timed link to the
// "meta" socket, the refusal of a line that fails its check, and the integrity statistics
// (registered only when integrity is on, so that mode none publishes what it did before).
#include "eu_integrity.h"
#include "integrity/mac_engine.h"

#include <cryptopp/sha.h>

#include <cstring>

namespace trvp {

using sc_core::sc_time;

bool eu_meta_link::transact(tlm::tlm_command cmd, uint64_t addr, uint8_t* line, uint64_t at,
                            uint64_t& done) {
    m_trans.set_command(cmd);
    m_trans.set_address(addr);
    m_trans.set_data_ptr(line);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time d = m_eu.delay_until(at);
    m_eu.meta->b_transport(m_trans, d);
    done = m_eu.m_now + d.value();
    if (m_trans.get_response_status() == tlm::TLM_OK_RESPONSE) return true;
    SC_REPORT_ERROR("trvp/eu", (std::string(m_eu.name()) + ": metadata " +
                                (cmd == tlm::TLM_READ_COMMAND ? "read" : "write") +
                                " failed (is the metadata memory large enough?)")
                                   .c_str());
    return false;
}

encryption_unit::~encryption_unit() = default;

void encryption_unit::make_integrity() {
    const std::string prefix = stat_name("integrity.");
    m_integ = std::make_unique<integrity_state>(*this, stats(), prefix);
    // The stamp authenticator's key: an on-chip secret of this unit like the tree's below.
    const std::string stamp_seed = std::string("trvp-stamp-key:") + name();
    uint8_t stamp_key[CryptoPP::SHA256::DIGESTSIZE];
    CryptoPP::SHA256().CalculateDigest(
        stamp_key, reinterpret_cast<const uint8_t*>(stamp_seed.data()), stamp_seed.size());
    m_integ->engine =
        std::make_unique<mac_engine>(m_params.integrity, m_params.line_size, m_keys, m_integ->link,
                                     m_period.value(), stats(), prefix, stamp_key);
    if (m_integrity_mode == integrity_mode::tree) {
        // The tree's MAC key: an on-chip secret of this unit, fixed at reset (the tree starts
        // from zero at every reset, so a fresh random key per boot would do as well).
        const std::string seed = std::string("trvp-tree-key:") + name();
        uint8_t digest[CryptoPP::SHA256::DIGESTSIZE];
        CryptoPP::SHA256().CalculateDigest(digest, reinterpret_cast<const uint8_t*>(seed.data()),
                                           seed.size());
        m_integ->tree = std::make_unique<eu_tree_state>(
            m_params.integrity, m_params.line_size, m_period.value(), digest, m_integ->link,
            stats(), prefix, std::string(name()) + ": integrity");
        m_tree = m_integ->tree.get();
    }
    if (env().trace) m_integ->sig_violation = env().trace->add(name(), "violation", 1);
}

line_ref encryption_unit::ref_of(uint16_t key, uint64_t pa, uint64_t line) const {
    line_ref r;
    r.key = key;
    r.generation = m_keys.generation(key);
    r.pa = pa;
    r.line = line;
    return r;
}

integrity_check encryption_unit::verify_line(uint16_t key, uint64_t pa, uint64_t line,
                                             uint64_t version, uint64_t start,
                                             uint64_t data_ready) {
    return m_integ->engine->verify(ref_of(key, pa, line), version, m_buf.data(), start, data_ready);
}

uint64_t encryption_unit::update_line(uint16_t key, uint64_t pa, uint64_t line, uint64_t version,
                                      uint64_t start, uint64_t ct_ready) {
    return m_integ->engine->update(ref_of(key, pa, line), version, m_buf.data(), start, ct_ready);
}

void encryption_unit::debug_update(uint16_t key, uint64_t pa, uint64_t line, uint64_t version,
                                   const uint8_t* ct) {
    m_integ->engine->debug_update(ref_of(key, pa, line), version, ct);
}

uint64_t encryption_unit::integrity_wait(uint64_t done, uint64_t ready) {
    const uint64_t w = ready > done ? ready - done : 0;
    m_integ->wait.sample(cycles(w));
    return w;
}

void encryption_unit::refuse_line(tlm::tlm_generic_payload& t, mem_ext* ext, uint8_t* user,
                                  const integrity_check& c, sc_time& delay) {
    std::memset(user, 0, m_params.line_size); // never the ciphertext, never plaintext
    t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    if (ext) ext->fault = mem_fault::integrity;
    ++m_integ->violations;
    ++*m_integ->by_kind[static_cast<size_t>(c.violation) - 1];
    delay = delay_until(c.ready);
    m_last_done = std::max(m_last_done, c.ready);
    if (env().trace)
        env().trace->pulse(m_integ->sig_violation, sc_time::from_value(c.ready), m_period);
}

} // namespace trvp
