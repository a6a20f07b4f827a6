// RV32A: LR.W/SC.W with a one-word reservation set, and the AMOs (docs/core.md, "Atomics").
// An AMO is a timed load and a timed store of the same physical word with nothing in between:
// the hart does not yield inside an instruction, so no other initiator's access can fall
// between the two (they go through the caches and the encryption unit as any other access).
#include "hart.h"
#include "isa.h"

namespace trvp::core {

// ---- the hart's side ----

bool hart::load_reserved(uint32_t va, uint32_t& out) {
    if (va & 3) {
        raise(exception::load_misaligned, va);
        return false;
    }
    uint32_t pa = va;
    uint16_t key = 0;
    if (m_data_xlate && !translate(va, access_type::load, pa, key)) return false;
    if (!data_access(access_type::load, va, pa, key, &out, 4)) return false;
    m_resv_pa = pa;
    m_resv_key = key;
    return true;
}

bool hart::store_conditional(uint32_t va, uint32_t v, bool& stored) {
    stored = false;
    if (va & 3) {
        raise(exception::store_misaligned, va);
        return false;
    }
    uint32_t pa = va;
    uint16_t key = 0;
    // Translated (and permission-checked) whether or not the reservation holds, so that a
    // fault does not depend on it.
    if (m_data_xlate && !translate(va, access_type::store, pa, key)) return false;
    const bool held = m_resv_pa == pa && m_resv_key == key;
    m_resv_pa = no_reservation; // an SC ends the reservation, whether it succeeds or not
    if (!held) {
        ++m_stats.sc_failures;
        return true;
    }
    if (!data_access(access_type::store, va, pa, key, &v, 4)) return false;
    stored = true;
    return true;
}

bool hart::amo(uint32_t va, uint32_t src, amo_op op, uint32_t& old) {
    if (va & 3) {
        raise(exception::store_misaligned, va);
        return false;
    }
    uint32_t pa = va;
    uint16_t key = 0;
    if (m_data_xlate && !translate(va, access_type::store, pa, key)) return false;
    uint8_t* p;
    if (fast(slot_load, pa, 4, key, p)) {
        std::memcpy(&old, p, 4);
    } else {
        mem_access a{pa, va, 4, access_type::load, m_data_priv, m_access_context, key};
        if (!slow(a, &old, false)) {
            raise(exception::store_access_fault, va); // AMO faults are store/AMO faults
            return false;
        }
    }
    uint32_t v = op(old, src);
    return data_access(access_type::store, va, pa, key, &v, 4);
}

void hart::snoop_write(uint32_t pa, uint32_t len) {
    if (m_resv_pa != no_reservation && uint64_t(pa) + len > m_resv_pa && pa < m_resv_pa + 4)
        m_resv_pa = no_reservation;
}

// ---- the instructions ----

namespace {
using D = const decoded_insn&;

void lr_w(hart& h, D d) {
    uint32_t v;
    if (h.load_reserved(h.x(d.rs1), v)) h.x(d.rd) = v;
}
void sc_w(hart& h, D d) {
    bool stored;
    if (h.store_conditional(h.x(d.rs1), h.x(d.rs2), stored)) h.x(d.rd) = stored ? 0 : 1;
}

template <uint32_t (*Op)(uint32_t, uint32_t)>
void amo(hart& h, D d) {
    uint32_t old;
    if (h.amo(h.x(d.rs1), h.x(d.rs2), Op, old)) h.x(d.rd) = old;
}
uint32_t op_swap(uint32_t, uint32_t b) {
    return b;
}
uint32_t op_add(uint32_t a, uint32_t b) {
    return a + b;
}
uint32_t op_xor(uint32_t a, uint32_t b) {
    return a ^ b;
}
uint32_t op_and(uint32_t a, uint32_t b) {
    return a & b;
}
uint32_t op_or(uint32_t a, uint32_t b) {
    return a | b;
}
uint32_t op_min(uint32_t a, uint32_t b) {
    return int32_t(a) < int32_t(b) ? a : b;
}
uint32_t op_max(uint32_t a, uint32_t b) {
    return int32_t(a) > int32_t(b) ? a : b;
}
uint32_t op_minu(uint32_t a, uint32_t b) {
    return a < b ? a : b;
}
uint32_t op_maxu(uint32_t a, uint32_t b) {
    return a > b ? a : b;
}

// funct5 in bits 31:27; aq/rl (26:25) are accepted and have no effect (one in-order hart).
constexpr uint32_t amo_enc(uint32_t funct5) {
    return 0x2f | (2u << 12) | (funct5 << 27);
}
constexpr uint32_t mask_amo = 0xf800707f;
constexpr uint32_t mask_lr = 0xf9f0707f; // rs2 must be 0

using F = insn_format;
using C = timing_class;
const insn_desc rows[] = {
    {"lr.w", amo_enc(0x02), mask_lr, F::r, C::load, lr_w},
    {"sc.w", amo_enc(0x03), mask_amo, F::r, C::store, sc_w},
    {"amoswap.w", amo_enc(0x01), mask_amo, F::r, C::store, amo<op_swap>},
    {"amoadd.w", amo_enc(0x00), mask_amo, F::r, C::store, amo<op_add>},
    {"amoxor.w", amo_enc(0x04), mask_amo, F::r, C::store, amo<op_xor>},
    {"amoand.w", amo_enc(0x0c), mask_amo, F::r, C::store, amo<op_and>},
    {"amoor.w", amo_enc(0x08), mask_amo, F::r, C::store, amo<op_or>},
    {"amomin.w", amo_enc(0x10), mask_amo, F::r, C::store, amo<op_min>},
    {"amomax.w", amo_enc(0x14), mask_amo, F::r, C::store, amo<op_max>},
    {"amominu.w", amo_enc(0x18), mask_amo, F::r, C::store, amo<op_minu>},
    {"amomaxu.w", amo_enc(0x1c), mask_amo, F::r, C::store, amo<op_maxu>},
};
} // namespace

void add_rv32a(isa_table& t) {
    for (auto& r : rows) t.add(r);
}

} // namespace trvp::core
