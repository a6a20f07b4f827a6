// The encryption unit's counter-tree glue (integrity tree; docs/crypto.md, Counter tree): a
// line's version from the tree, the refusal when the tree refuses, and the renewal of a page
// after a split minor overflow, with real timed data transactions and real cryptography.
#include "eu_integrity.h"

#include <algorithm>
#include <cstring>

namespace trvp {

using sc_core::sc_time;

bool encryption_unit::tree_version(tlm::tlm_generic_payload& t, mem_ext* ext, sc_time& delay,
                                   uint64_t line, uint64_t t0, bool bump, tree_access& va) {
    eu_tree_state& ts = *m_tree;
    const uint64_t rel = line - ts.first_line;
    if (line >= ts.first_line && rel < ts.tree.layout().data_lines()) {
        va = bump ? ts.tree.bump_version(rel, t0) : ts.tree.read_version(rel, t0);
        if (va.status == tree_status::ok) return true;
    } else {
        // No version covers the line: fail closed rather than leave it unchecked.
        ++ts.outside;
        va.ready = t0;
    }
    integrity_check c;
    c.violation = violation_kind::version;
    c.ready = va.ready;
    // A refused write leaves the writer's buffer alone (m_buf is scratch).
    refuse_line(t, ext, bump ? m_buf.data() : t.get_data_ptr(), c, delay);
    return false;
}

uint64_t encryption_unit::renew_page(uint16_t key, uint64_t line, const tree_access& va,
                                     uint64_t at) {
    eu_tree_state& ts = *m_tree;
    tlm::tlm_generic_payload& p = ts.page;
    uint64_t done = at;
    for (unsigned i = 0; i < va.page_lines; ++i) {
        const uint64_t n = ts.first_line + va.page_first + i;
        if (n == line) continue; // written under its new version already
        const uint64_t addr = n * m_params.line_size, pa = m_params.pa_base + addr;
        const uint64_t old = (*va.old_versions)[i];
        p.set_command(tlm::TLM_READ_COMMAND);
        p.set_address(addr);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        ts.page_ext->key_id = key;
        ts.page_ext->kind = access_kind::refill;
        ts.page_ext->fault = mem_fault::none;
        sc_time d = delay_until(at);
        mem->b_transport(p, d);
        if (p.get_response_status() != tlm::TLM_OK_RESPONSE) continue;
        const uint64_t r = m_now + uint64_t(d.value());
        const line_ref ref = ref_of(key, pa, n);
        const integrity_check c = m_integ->engine->verify(ref, old, ts.buf.data(), at, r);
        done = std::max(done, c.ready);
        if (c.unwritten) {
            // Another key's line (or none's): nothing to carry over but its stamp, whose
            // authenticator binds the version.
            done = std::max(done, m_integ->engine->restamp(ref, old, va.version, c.ready));
            continue;
        }
        if (c.violation != violation_kind::none) {
            // Tampered already: left as it is, so its next read is refused too.
            ++m_integ->violations;
            ++*m_integ->by_kind[static_cast<size_t>(c.violation) - 1];
            continue;
        }
        uint64_t ct_ready = std::max(r, c.ready);
        if (m_mode == cipher_mode::ctr) {
            // Two pads (old and new version) from the engines, then the new ciphertext out.
            const engine_grant a = m_timing.reserve(at, key);
            engine_used(a, key);
            const engine_grant b = m_timing.reserve(at, key);
            engine_used(b, key);
            m_cipher.decrypt(key, pa, old, ts.buf.data(), ts.plain.data());
            m_cipher.encrypt(key, pa, va.version, ts.plain.data(), ts.buf.data());
            std::memset(ts.plain.data(), 0, ts.plain.size());
            ct_ready = std::max(ct_ready, std::max(a.done, b.done)) + m_timing.xor_time();
            p.set_command(tlm::TLM_WRITE_COMMAND);
            p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            ts.page_ext->kind = access_kind::writeback;
            d = delay_until(ct_ready);
            mem->b_transport(p, d);
            done = std::max<uint64_t>(done, m_now + d.value());
            ++ts.reencrypted;
        } else {
            ++ts.retagged; // xts/ecb ciphertext does not depend on the version
        }
        done =
            std::max(done, m_integ->engine->update(ref, va.version, ts.buf.data(), at, ct_ready));
    }
    return done;
}

uint64_t encryption_unit::debug_version(uint64_t line) {
    const uint64_t rel = line - m_tree->first_line;
    if (line < m_tree->first_line || rel >= m_tree->tree.layout().data_lines()) return 0;
    return m_tree->tree.peek_version(rel);
}

} // namespace trvp
