// Data accesses beyond the inline fast path, grants, and the Sv32 MMU.
#include "hart.h"

namespace trvp::core {

namespace {
constexpr exception page_fault[] = {exception::insn_page_fault, exception::load_page_fault,
                                    exception::store_page_fault, exception::load_page_fault};
constexpr exception access_fault[] = {exception::insn_access_fault, exception::load_access_fault,
                                      exception::store_access_fault, exception::load_access_fault};
} // namespace

// ---- bus accesses ----

// The refill: asks the bus for a grant covering `a` and holds it in the slot of `a`'s kind (a
// walk's grant in both walk slots it is usable for). False if there is none to use.
bool hart::acquire_grant(const mem_access& a, bool write) {
    mem_grant g;
    if (!m_params.fast_path || !m_bus.grant(a, g)) return false;
    if (g.host == nullptr || (g.base & 3) || (g.size & 3) || a.pa - g.base >= g.size ||
        g.size - (a.pa - g.base) < a.len)
        return false;
    auto usable = [&](bool w) {
        return w ? g.writable && g.write.valid() : g.readable && g.read.valid();
    };
    if (!usable(write)) return false;
    auto hold = [&](bool w) {
        if (usable(w))
            m_grant[slot_of(a.type, w)] = {g.host, g.base, g.size, a.key_id, w ? g.write : g.read};
    };
    hold(write);
    if (a.type == access_type::walk) hold(!write);
    ++m_stats.grants;
    return true;
}

// A timed access of any kind: through the held grant if fast() takes it, else the slow path.
bool hart::timed(const mem_access& a, void* data, bool write) {
    uint8_t* p;
    if (!fast(slot_of(a.type, write), a.pa, a.len, a.key_id, p)) return slow(a, data, write);
    if (write)
        std::memcpy(p, data, a.len);
    else
        std::memcpy(data, p, a.len);
    return true;
}

// After fast() declined: a new grant (then the access goes through it), else the bus. Both
// charge the same cycles and counters by contract.
bool hart::slow(const mem_access& a, void* data, bool write) {
    if (acquire_grant(a, write)) return timed(a, data, write);
    ++m_stats.slow_accesses;
    return write ? m_bus.write(a, data, m_cycles) : m_bus.read(a, data, m_cycles);
}

void hart::mem_fault(access_type t, exception e, uint32_t va) {
    if (t == access_type::fetch)
        take_trap(uint32_t(e), va); // fetch faults come before the instruction counts
    else
        raise(e, va);
}

bool hart::access_slow(access_type t, uint32_t va, uint32_t pa, uint16_t key, void* data,
                       uint32_t len) {
    mem_access a{pa, va, len, t, m_data_priv, m_access_context, key};
    if (slow(a, data, t == access_type::store)) return true;
    raise(access_fault[unsigned(t)], va);
    return false;
}

bool hart::data_access(access_type t, uint32_t va, uint32_t pa, uint16_t key, void* data,
                       uint32_t len) {
    const bool w = t == access_type::store;
    uint8_t* p;
    if (fast(w ? slot_store : slot_load, pa, len, key, p)) {
        if (w)
            std::memcpy(p, data, len);
        else
            std::memcpy(data, p, len);
    } else if (!access_slow(t, va, pa, key, data, len)) {
        return false;
    }
    if (w) after_store(pa, len);
    return true;
}

// The first part runs up to the next naturally aligned boundary, the second is the rest:
// each lies inside one aligned word (so inside one line and one page). Both are translated
// first, so a page fault on either (tval = that part's address) leaves memory unchanged.
bool hart::split_access(access_type t, uint32_t va, void* data, uint32_t len) {
    const uint32_t len1 = len - (va & (len - 1)), va2 = va + len1;
    uint32_t pa1 = va, pa2 = va2;
    uint16_t k1 = 0, k2 = 0;
    if (m_data_xlate && (!translate(va, t, pa1, k1) || !translate(va2, t, pa2, k2))) return false;
    ++m_stats.misaligned_splits;
    auto* p = static_cast<uint8_t*>(data);
    return data_access(t, va, pa1, k1, p, len1) &&
           data_access(t, va2, pa2, k2, p + len1, len - len1);
}

void hart::revoke_grants(uint32_t base, uint32_t size) {
    for (auto& g : m_grant) {
        uint64_t gb = g.base, ge = gb + g.size, b = base, e = b + size;
        if (g.size && gb < e && b < ge) g = held_grant{};
    }
}

bool hart::read_mem(uint32_t va, void* data, uint32_t len) {
    auto* p = static_cast<uint8_t*>(data);
    for (uint32_t i = 0; i < len; ++i)
        if (!load<uint8_t>(va + i, p[i])) return false;
    return true;
}

bool hart::write_mem(uint32_t va, const void* data, uint32_t len) {
    auto* p = static_cast<const uint8_t*>(data);
    for (uint32_t i = 0; i < len; ++i)
        if (!store<uint8_t>(va + i, p[i])) return false;
    return true;
}

// ---- Sv32 ----

namespace {
// Permission check of a leaf (or cached) PTE for an access at effective privilege p.
bool allowed(uint32_t f, access_type t, privilege p, uint32_t status) {
    if (p == privilege::user && !(f & pte::u)) return false;
    if (p == privilege::supervisor && (f & pte::u) &&
        (t == access_type::fetch || !(status & mstatus::sum)))
        return false;
    switch (t) {
    case access_type::fetch:
        return f & pte::x;
    case access_type::store:
        return f & pte::w;
    default:
        return (f & pte::r) || ((status & mstatus::mxr) && (f & pte::x));
    }
}
} // namespace

// Loads, stores and page-table fetches: Sv32 (when on for the effective privilege), then the
// PMP (when it applies to it). Instruction fetches are PMP-checked per line in fetch_line.
bool hart::translate(uint32_t va, access_type t, uint32_t& pa, uint16_t& key) {
    privilege p = t == access_type::fetch ? m_priv : m_data_priv;
    if (m_trig_data && t != access_type::fetch &&
        trigger_hit(va, t == access_type::store ? 2u : 1u)) {
        raise(exception::breakpoint, va); // before the access: memory is untouched
        return false;
    }
    if ((m_satp >> 31) && p != privilege::machine) {
        if (!translate_page(va, t, p, pa, key)) return false;
    } else {
        pa = va;
        key = 0;
    }
    if (t == access_type::fetch || !m_pmp.applies(p) ||
        m_pmp.allows(pa & ~3u, 4, t == access_type::store ? pmp_unit::w : pmp_unit::r, p))
        return true;
    mem_fault(t, access_fault[unsigned(t)], va);
    return false;
}

void hart::pmp_changed() {
    update_modes();
    m_fetch_line_va = 1; // the next instruction fetch checks its line again
}

bool hart::translate_page(uint32_t va, access_type t, privilege p, uint32_t& pa, uint16_t& key) {
    uint16_t asid = uint16_t((m_satp >> 22) & 0x1ff);
    if (tlb::entry* e = m_tlb.lookup(va >> 12, asid)) {
        ++m_stats.tlb_hits;
        if (!allowed(e->flags, t, p, m_mstatus)) {
            mem_fault(t, page_fault[unsigned(t)], va);
            return false;
        }
        if (!((e->deny >> unsigned(t)) & 1) && (t != access_type::store || (e->flags & pte::d))) {
            pa = (e->ppn << 12) | (va & 0xfff);
            key = e->key;
            return true;
        }
        // A store to a clean page: walk again so the walker sets D. An access the translation
        // hook refused here: walk again so the hook decides it (and faults it) afresh.
    } else {
        ++m_stats.tlb_misses;
    }
    return walk(va, t, p, pa, key);
}

bool hart::walk(uint32_t va, access_type t, privilege p, uint32_t& pa, uint16_t& key) {
    ++m_stats.page_walks;
    // The walker's own accesses are PMP-checked as S-mode accesses (privileged spec).
    auto pte_allowed = [&](uint32_t pa, uint8_t perm) {
        return !m_pmp.applies(privilege::supervisor) ||
               m_pmp.allows(pa, 4, perm, privilege::supervisor);
    };
    auto fault = [&](exception e) {
        mem_fault(t, e, va);
        return false;
    };
    uint64_t table = uint64_t(m_satp & 0x3fffff) << 12;
    uint32_t pte_val = 0;
    uint64_t pte_addr = 0;
    int level = 1;
    for (;; --level) {
        uint32_t vpn = level ? (va >> 22) : ((va >> 12) & 0x3ff);
        pte_addr = table + vpn * 4;
        if (pte_addr >> 32) return fault(access_fault[unsigned(t)]);
        mem_access a{uint32_t(pte_addr), va, 4, access_type::walk, p, m_access_context};
        if (!pte_allowed(uint32_t(pte_addr), pmp_unit::r) || !timed(a, &pte_val, false))
            return fault(access_fault[unsigned(t)]);
        if (!(pte_val & pte::v) || (!(pte_val & pte::r) && (pte_val & pte::w)))
            return fault(page_fault[unsigned(t)]);
        if (pte_val & (pte::r | pte::x)) break; // leaf
        if (level == 0) return fault(page_fault[unsigned(t)]);
        table = uint64_t(pte_val >> 10) << 12;
    }
    uint64_t ppn = pte_val >> 10;
    if (level == 1 && (ppn & 0x3ff)) return fault(page_fault[unsigned(t)]); // misaligned megapage
    if (!allowed(pte_val, t, p, m_mstatus)) return fault(page_fault[unsigned(t)]);
    uint64_t frame = level ? (ppn | ((va >> 12) & 0x3ff)) : ppn;
    if (frame >> 20) return fault(access_fault[unsigned(t)]); // beyond the 32-bit physical bus
    pa = uint32_t(frame << 12) | (va & 0xfff);
    key = 0;
    uint8_t deny = 0;
    if (m_xlate_hook && !m_xlate_hook->on_translate(*this, va, pa, t, key, deny))
        return fault(page_fault[unsigned(t)]); // before A/D: a refused access marks nothing
    // Hardware-managed A/D: the walker writes the PTE back through the bus.
    uint32_t want = pte::a | (t == access_type::store ? pte::d : 0);
    if ((pte_val & want) != want) {
        pte_val |= want;
        mem_access a{uint32_t(pte_addr), va, 4, access_type::walk, p, m_access_context};
        if (!pte_allowed(uint32_t(pte_addr), pmp_unit::w) || !timed(a, &pte_val, true))
            return fault(access_fault[unsigned(t)]);
        after_store(a.pa, 4);
    }
    m_tlb.insert({va >> 12, uint32_t(frame), uint16_t((m_satp >> 22) & 0x1ff), key,
                  uint8_t(pte_val & 0xff), level == 1, true, deny});
    return true;
}

} // namespace trvp::core
