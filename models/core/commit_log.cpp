#include "commit_log.h"

#include "disasm.h"

#include <cstdio>

namespace trvp::core {

namespace {

const char* exception_name(uint32_t code) {
    static const char* const names[16] = {"trap_instruction_address_misaligned",
                                          "trap_instruction_access_fault",
                                          "trap_illegal_instruction",
                                          "trap_breakpoint",
                                          "trap_load_address_misaligned",
                                          "trap_load_access_fault",
                                          "trap_store_address_misaligned",
                                          "trap_store_access_fault",
                                          "trap_user_ecall",
                                          "trap_supervisor_ecall",
                                          nullptr,
                                          "trap_machine_ecall",
                                          "trap_instruction_page_fault",
                                          "trap_load_page_fault",
                                          nullptr,
                                          "trap_store_page_fault"};
    return code < 16 ? names[code] : nullptr;
}

// fmt takes one or two unsigned long long (%llu, %llx).
void append(std::string& s, const char* fmt, uint64_t a, uint64_t b = 0) {
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, fmt, static_cast<unsigned long long>(a),
                                static_cast<unsigned long long>(b));
    if (n > 0) s.append(buf, size_t(n) < sizeof buf ? size_t(n) : sizeof buf - 1);
}

} // namespace

commit_log::commit_log(commit_trace& out, uint32_t core_id, std::function<sc_core::sc_time()> now)
    : m_out(out), m_id(core_id), m_now(std::move(now)) {}

void commit_log::trapped(hart&, uint32_t cause, uint32_t epc, uint32_t tval) {
    m_traps.push_back({cause, epc, tval});
}

void commit_log::boundary(hart& h) {
    if (m_p.valid && h.instret() == m_p.instret && m_traps.empty() && h.pc() == m_p.pc)
        return; // the same boundary again (the hart returned to its caller in between)
    complete(h);
    m_p.valid = true;
    m_p.pc = h.pc();
    m_p.priv = unsigned(h.priv());
    m_p.instret = h.instret();
    m_p.protect = h.access_context() != 0 && !m_out.options().protected_full;
    m_p.wanted = m_out.wanted(m_p.instret, m_now());
    if (m_p.wanted && !m_p.protect)
        for (unsigned i = 0; i < 32; ++i) m_p.x[i] = h.reg(i);
}

void commit_log::finish(hart& h) {
    complete(h);
    m_p.valid = false;
}

void commit_log::complete(hart& h) {
    if (m_p.valid && m_p.wanted) {
        if (h.instret() != m_p.instret) write_commit(h);
        for (const trap_rec& t : m_traps) write_trap(t, m_p.protect);
    }
    m_traps.clear();
}

void commit_log::write_commit(hart& h) {
    // Spike: "core   0: 3 0x80000000 (0x00000297) x5  0x80000000 mem 0x80001000 0x00000001"
    m_line.clear();
    append(m_line, "core%4llu: ", m_id);
    append(m_line, "%llu ", m_p.priv);
    append(m_line, "0x%08llx ", m_p.pc);
    if (m_p.protect) {
        m_line += "(protected)";
        m_out.line(m_line);
        return;
    }
    const uint32_t raw = h.executed_raw(m_p.pc);
    const insn_info i = decode_insn(raw, m_p.pc);
    if (i.len == 2)
        append(m_line, "(0x%04llx)", raw & 0xffff);
    else
        append(m_line, "(0x%08llx)", raw);
    // Register writes: the destination (even when the value is unchanged), then any other
    // register the instruction changed (extension instructions).
    if (i.rd) append(m_line, " x%-2llu 0x%08llx", i.rd, h.reg(i.rd));
    for (unsigned r = 1; r < 32; ++r)
        if (r != i.rd && h.reg(r) != m_p.x[r]) append(m_line, " x%-2llu 0x%08llx", r, h.reg(r));
    if (i.csr >= 0) {
        uint32_t v = 0;
        if (h.csr_read(uint16_t(i.csr), v)) {
            const char* n = csr_name(unsigned(i.csr));
            append(m_line, " c%llu_", unsigned(i.csr));
            m_line += n ? n : "csr";
            append(m_line, " 0x%08llx", v);
        }
    }
    const uint32_t addr = m_p.x[i.base] + uint32_t(i.offset);
    const uint32_t data = m_p.x[i.data];
    auto store = [&](uint32_t value) {
        const uint32_t bits = i.size * 8u;
        value = bits >= 32 ? value : value & ((1u << bits) - 1);
        append(m_line, " mem 0x%08llx ", addr);
        char fmt[16];
        std::snprintf(fmt, sizeof fmt, "0x%%0%ullx", i.size * 2u);
        append(m_line, fmt, value);
    };
    switch (i.mem) {
    case insn_info::mem_kind::load:
    case insn_info::mem_kind::lr:
        append(m_line, " mem 0x%08llx", addr);
        break;
    case insn_info::mem_kind::store:
        store(data);
        break;
    case insn_info::mem_kind::sc:
        if (i.rd == 0 || h.reg(i.rd) == 0) store(data); // succeeded (rd 0) or result unseen
        break;
    case insn_info::mem_kind::amo:
        append(m_line, " mem 0x%08llx", addr);
        if (i.rd) store(amo_result(i.amo_op, h.reg(i.rd), data)); // x0: the loaded value is lost
        break;
    case insn_info::mem_kind::none:
        break;
    }
    if (m_out.options().disasm) {
        m_line += "  ; ";
        if (i.known) {
            m_line += disassemble(i);
        } else { // an extension's instruction (custom opcodes): the hart's table names it
            decoded_insn d{};
            h.isa().decode(raw, d);
            m_line += d.desc ? d.desc->name : "unknown";
        }
    }
    m_out.line(m_line);
}

void commit_log::write_trap(const trap_rec& t, bool hide) {
    // Spike (-l): "core   0: exception trap_illegal_instruction, epc 0x80000004" and a tval line.
    m_line.clear();
    append(m_line, "core%4llu: ", m_id);
    const uint32_t code = t.cause & 0x7fffffffu;
    if (t.cause & 0x80000000u) {
        append(m_line, "interrupt #%llu, epc ", code);
        append(m_line, "0x%08llx", t.epc);
        m_out.line(m_line);
        return;
    }
    const char* n = exception_name(code);
    m_line += "exception ";
    if (n)
        m_line += n;
    else
        append(m_line, "trap_cause_%llu", code);
    append(m_line, ", epc 0x%08llx", t.epc);
    m_out.line(m_line);
    if (hide) return;
    m_line.clear();
    append(m_line, "core%4llu:           tval ", m_id);
    append(m_line, "0x%08llx", t.tval);
    m_out.line(m_line);
}

} // namespace trvp::core
