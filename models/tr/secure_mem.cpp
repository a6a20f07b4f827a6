// The secure unit's own memory accesses: a non-trapping Sv32 walk and operand reads/writes
// split at page and line boundaries, each a timed transaction of kind `secure`. Operands of
// an encrypted context use its EAR key ids and frame bindings exactly as its loads/stores do.
#include "tr/secure_unit.h"

#include "core/tlb.h"

#include <algorithm>

namespace trvp {

using core::privilege;

int32_t secure_unit::walk(uint32_t satp, uint32_t va, walk_result& r) {
    if (!(satp >> 31)) {
        r.pa = va;
        r.flags = core::pte::v | core::pte::r | core::pte::w | core::pte::x | core::pte::u;
        return TR_OK;
    }
    uint64_t table = uint64_t(satp & 0x3fffff) << 12;
    uint32_t pte = 0;
    for (int level = 1;; --level) {
        const uint32_t vpn = level ? (va >> 22) : ((va >> 12) & 0x3ff);
        const uint64_t addr = table + vpn * 4;
        if (addr >> 32 || !m_port.ext_access(false, uint32_t(addr), &pte, 4, 0, 0))
            return TR_EFAULT;
        if (!(pte & core::pte::v) || (!(pte & core::pte::r) && (pte & core::pte::w)))
            return TR_EFAULT;
        if (pte & (core::pte::r | core::pte::x)) {
            uint64_t ppn = pte >> 10;
            if (level == 1) {
                if (ppn & 0x3ff) return TR_EFAULT;
                ppn |= (va >> 12) & 0x3ff;
            }
            if (ppn >> 20) return TR_EFAULT;
            r.pa = uint32_t(ppn << 12) | (va & 0xfff);
            r.flags = pte & 0xff;
            r.pte = pte;
            r.pte_pa = uint32_t(addr);
            return TR_OK;
        }
        if (level == 0) return TR_EFAULT;
        table = uint64_t(pte >> 10) << 12;
    }
}

int32_t secure_unit::touch(walk_result& w, bool write, bool reread) {
    if (!w.pte_pa) return TR_OK; // bare: no page table
    if (reread) {
        uint32_t now = 0;
        if (!m_port.ext_access(false, w.pte_pa, &now, 4, 0, 0)) return TR_EFAULT;
        if (now != w.pte) return TR_EFAULT;
    }
    const uint32_t want = core::pte::a | (write ? core::pte::d : 0);
    if ((w.pte & want) == want) return TR_OK;
    w.pte |= want;
    w.flags = w.pte & 0xff;
    return write_phys(w.pte_pa, &w.pte, 4, 0, 0);
}

int32_t secure_unit::translate(uint32_t va, bool write, uint32_t& pa, uint16_t& key_id) {
    key_id = 0;
    const privilege p = m_h.priv();
    uint32_t satp = 0;
    m_h.csr_read(0x180, satp);
    if (p == privilege::machine || !(satp >> 31)) { // physical
        pa = va;
        return TR_OK;
    }
    walk_result w;
    const int32_t code = walk(satp, va, w);
    if (code != TR_OK) return code;
    uint32_t status = 0;
    m_h.csr_read(0x100, status);
    const bool u_page = w.flags & core::pte::u;
    if (p == privilege::user && !u_page) return TR_EFAULT;
    if (p == privilege::supervisor && u_page && !(status & (1u << 18))) return TR_EFAULT; // SUM
    if (!(w.flags & (write ? core::pte::w : core::pte::r))) return TR_EFAULT;
    pa = w.pa;
    const ear_entry* e = m_current ? m_bank.lookup(m_current, va) : nullptr;
    if (!e) return touch(w, write, false);
    if (!m_bank.frame_matches(pa & ~0xfffu, m_current, va & ~0xfffu)) {
        ++m_binding_faults;
        return TR_EFAULT;
    }
    if (!(e->perms & (write ? ear_w : ear_r))) { // as the context's own load or store
        ++m_perm_faults;
        return TR_EFAULT;
    }
    key_id = e->key_id;
    return touch(w, write, false);
}

int32_t secure_unit::read_phys(uint32_t pa, void* out, uint32_t len, uint16_t key_id) {
    auto* p = static_cast<uint8_t*>(out);
    const uint32_t line = m_params.line_size;
    while (len) {
        const uint32_t n = std::min(len, line - (pa & (line - 1)));
        if (!m_port.ext_access(false, pa, p, n, key_id, m_current)) {
            note_fault(false);
            return TR_EFAULT;
        }
        pa += n;
        p += n;
        len -= n;
    }
    return TR_OK;
}

int32_t secure_unit::write_phys(uint32_t pa, const void* in, uint32_t len, uint16_t key_id,
                                uint16_t ctx) {
    const auto* p = static_cast<const uint8_t*>(in);
    const uint32_t line = m_params.line_size, start = pa, total = len;
    while (len) {
        const uint32_t n = std::min(len, line - (pa & (line - 1)));
        if (!m_port.ext_access(true, pa, const_cast<uint8_t*>(p), n, key_id, ctx)) {
            note_fault(true);
            return TR_EFAULT;
        }
        pa += n;
        p += n;
        len -= n;
    }
    m_h.invalidate_code(start, total); // decoded instructions there are stale now
    return TR_OK;
}

int32_t secure_unit::read_virt(uint32_t va, void* out, uint32_t len) {
    auto* p = static_cast<uint8_t*>(out);
    while (len) {
        const uint32_t n = std::min<uint32_t>(len, 0x1000 - (va & 0xfff));
        uint32_t pa;
        uint16_t key;
        int32_t code = translate(va, false, pa, key);
        if (code == TR_OK && !m_h.pmp_allows(pa, n, false)) code = TR_EFAULT;
        if (code == TR_OK) code = read_phys(pa, p, n, key);
        if (code != TR_OK) return code;
        va += n;
        p += n;
        len -= n;
    }
    return TR_OK;
}

int32_t secure_unit::write_virt(uint32_t va, const void* in, uint32_t len) {
    const auto* p = static_cast<const uint8_t*>(in);
    while (len) {
        const uint32_t n = std::min<uint32_t>(len, 0x1000 - (va & 0xfff));
        uint32_t pa;
        uint16_t key;
        int32_t code = translate(va, true, pa, key);
        if (code == TR_OK && !m_h.pmp_allows(pa, n, true)) code = TR_EFAULT;
        if (code == TR_OK) code = write_phys(pa, p, n, key, m_current);
        if (code != TR_OK) return code;
        va += n;
        p += n;
        len -= n;
    }
    return TR_OK;
}

bool secure_unit::in_hidden(uint32_t va, uint32_t len) const {
    if (!m_current || len == 0) return m_current == 0;
    const uint16_t data_key = m_bank.data_key(m_current);
    const uint64_t end = uint64_t(va) + len;
    for (uint64_t a = va; a < end; a = (a & ~uint64_t(0xfff)) + 0x1000) {
        const ear_entry* e = m_bank.lookup(m_current, uint32_t(a));
        if (!e || e->kind != ear_kind::hidden || e->key_id != data_key) return false;
    }
    return true;
}

} // namespace trvp
