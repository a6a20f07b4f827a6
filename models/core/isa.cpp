#include "isa.h"

#include "hart.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace trvp::core {

namespace {
void sem_illegal(hart& h, const decoded_insn& d) {
    h.raise(exception::illegal_insn, d.raw);
}
} // namespace

const insn_desc isa_table::illegal = {
    "illegal", 0, 0, insn_format::none, timing_class::system, sem_illegal, nullptr};

isa_table isa_table::standard(bool a, bool c) {
    isa_table t;
    add_rv32i(t);
    add_rv32m(t);
    add_zicsr(t);
    add_system(t);
    if (a) add_rv32a(t);
    t.m_compressed = c;
    return t;
}

void isa_table::add(const insn_desc& d) {
    assert((d.match & ~d.mask) == 0 && d.fn != nullptr);
    // Rows must fix the major opcode so that they land in exactly one bucket.
    assert((d.mask & 0x7f) == 0x7f);
    m_rows.push_back(d);
    auto idx = uint32_t(m_rows.size() - 1);
    auto& b = m_buckets[(d.match >> 2) & 31];
    auto bits = __builtin_popcount(d.mask);
    auto pos = std::find_if(b.begin(), b.end(),
                            [&](uint32_t o) { return __builtin_popcount(m_rows[o].mask) <= bits; });
    b.insert(pos, idx);
}

bool isa_table::decode(uint32_t raw, decoded_insn& out) const {
    const insn_desc* row = &illegal;
    const bool wide = (raw & 3) == 3 || !m_compressed;
    const uint32_t original = wide ? raw : raw & 0xffff;
    bool known = (raw & 3) == 3;
    if (!known && m_compressed) known = expand_compressed(uint16_t(raw), raw);
    if (known) {
        for (uint32_t idx : m_buckets[(raw >> 2) & 31]) {
            if ((raw & m_rows[idx].mask) == m_rows[idx].match) {
                row = &m_rows[idx];
                break;
            }
        }
    }
    out.fn = row->fn;
    out.desc = row;
    out.raw = original;
    out.len = wide ? 4 : 2;
    out.cls = uint8_t(row->cls);
    out.cost = 0;
    out.rd = uint8_t((raw >> 7) & 31);
    out.rs1 = uint8_t((raw >> 15) & 31);
    out.rs2 = uint8_t((raw >> 20) & 31);
    if (out.rd == 0) out.rd = 32;
    switch (row->format) {
    case insn_format::i:
        out.imm = imm::i(raw);
        break;
    case insn_format::s:
        out.imm = imm::s(raw);
        break;
    case insn_format::b:
        out.imm = imm::b(raw);
        break;
    case insn_format::u:
        out.imm = imm::u(raw);
        break;
    case insn_format::j:
        out.imm = imm::j(raw);
        break;
    case insn_format::csr:
        out.imm = int32_t(raw >> 20);
        break;
    default:
        out.imm = 0;
        break;
    }
    return row != &illegal;
}

const insn_desc* isa_table::find(const char* name) const {
    for (auto& r : m_rows)
        if (std::strcmp(r.name, name) == 0) return &r;
    return nullptr;
}

} // namespace trvp::core
