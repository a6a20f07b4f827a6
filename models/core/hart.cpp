#include "hart.h"

#include "csr.h"

#include <stdexcept>
#include <string>

namespace trvp::core {

namespace {
bool is_pow2(uint32_t v) {
    return v && !(v & (v - 1));
}

const hart_params& validated(const hart_params& p) {
    auto fail = [](const std::string& what) { throw std::invalid_argument("hart: " + what); };
    if (!is_pow2(p.fetch_line) || p.fetch_line < 4 || p.fetch_line > 4096)
        fail("fetch_line must be a power of two in [4, 4096]");
    if (!is_pow2(p.tlb_entries) || !is_pow2(p.tlb_ways) || p.tlb_ways > p.tlb_entries)
        fail("tlb_entries and tlb_ways must be powers of two, tlb_ways <= tlb_entries");
    if (p.reset_pc & 3) fail("reset_pc must be 4-byte aligned");
    return p;
}
} // namespace

line_memo hart::no_memo{};

hart::hart(const hart_params& p, hart_bus& bus, const stats::group* stats)
    : m_own_stats(stats ? nullptr : std::make_unique<stats::registry>()),
      m_stats(stats ? *stats : stats::group(*m_own_stats, ""), m_instret, m_cycles),
      m_code_bitmap(1u << 20, 0), m_params(validated(p)), m_line_mask(p.fetch_line - 1), m_bus(bus),
      m_isa(isa_table::standard(p.ext_a, p.ext_c)), m_tlb(p.tlb_entries, p.tlb_ways), m_pmp(p.pmp) {
    m_ialign_mask = p.ext_c ? 1u : 3u;
    install_csrs(m_csrs);
    reset(p.reset_pc);
}

hart::~hart() = default;

void hart::reset(uint32_t pc) {
    m_x.fill(0);
    m_pc = m_npc = pc & ~3u;
    m_priv = privilege::machine;
    m_mstatus = m_medeleg = m_mideleg = m_mie = m_mip_sw = 0;
    m_mtvec = m_stvec = m_mepc = m_sepc = m_mcause = m_scause = m_mtval = m_stval = 0;
    m_mscratch = m_sscratch = m_satp = m_mcounteren = m_scounteren = 0;
    m_waiting = m_stop_req = false;
    m_tlb.flush_all();
    m_pmp.reset();
    m_tselect = 0;
    m_tdata1.fill(6u << 28); // mcontrol6, nothing enabled
    m_tdata2.fill(0);
    triggers_changed();
    flush_decode_cache();
    m_fetch_line_pa = 1;
    update_modes();
    force_event();
}

void hart::set_pc(uint32_t pc) {
    m_pc = m_npc = pc & ~(m_params.ext_c ? 1u : 3u);
    m_waiting = false;
}

// ---- run loop ----
//
// Per instruction: one compare against m_next_event (min of until, timer deadline; 0 forces
// handle_event), one compare of the pc against the current fetch line, then the decoded
// slot's handler. Time: a line fetch adds its latency when execution enters another line;
// the instruction adds its class's cycles before it executes; its data accesses add theirs.

run_state hart::run(uint64_t until_cycle) {
    m_until = until_cycle;
    force_event();
    run_state s;
    for (;;) {
        if (m_cycles >= m_next_event && handle_event(s)) return s;
        uint32_t pc = m_pc;
        if ((pc & ~m_line_mask) != m_fetch_line_va && !fetch_line(pc)) {
            ++m_cycles; // a fetch fault costs a cycle: a trap loop still advances time
            continue;
        }
        decoded_insn& d = m_fetch_page->slot[(pc >> 1) & 2047];
        m_npc = pc + 4; // compressed entries run through compressed_insn, which sets pc + 2
        ++m_instret;
        ++m_stats.class_count[d.cls];
        m_cycles += d.cost;
        d.fn(*this, d);
        m_pc = m_npc;
    }
}

run_state hart::step(uint64_t n) {
    m_stepping = true;
    m_steps = n;
    run_state s = run(UINT64_MAX);
    m_stepping = false;
    return s;
}

bool hart::handle_event(run_state& s) {
    if (m_stop_req) {
        m_stop_req = false;
        s = run_state::stopped;
        return true;
    }
    if (m_waiting) {
        if (!(mip() & m_mie)) {
            s = run_state::waiting;
            return true;
        }
        m_waiting = false; // wake up; the interrupt is taken below if globally enabled
    }
    if (m_cycles >= m_until) {
        s = run_state::until_reached;
        return true;
    }
    check_interrupts();
    if (m_trig_exec && trigger_hit(m_pc, 4)) // before the instruction: it does not retire
        take_trap(uint32_t(exception::breakpoint), m_pc);
    if (m_stepping) {
        if (m_steps == 0) {
            s = run_state::until_reached;
            return true;
        }
        --m_steps;
        m_next_event = 0; // come back before the next instruction
        return false;
    }
    m_next_event = m_until;
    if (m_deadline > m_cycles && m_deadline < m_next_event) m_next_event = m_deadline;
    if (m_trig_exec) m_next_event = 0; // come back before the next instruction
    return false;
}

// ---- debug triggers (docs/core.md#debug-triggers) ----

uint32_t hart::tdata1_warl(uint32_t v) {
    if ((v >> 28) != 6) return 15u << 28; // only mcontrol6; anything else: disabled
    uint32_t match = (v >> 7) & 15;
    if (match != 0 && match != 2 && match != 3) match = 0; // equal, >=, <
    // Kept: type, hit0, match, m, s, u, execute, store, load. action 0 (breakpoint), size
    // 0 (any), select 0 (address), no chain, dmode 0.
    return (6u << 28) | (v & ((1u << 22) | 0x5fu)) | (match << 7);
}

void hart::triggers_changed() {
    m_trig_exec = m_trig_data = false;
    for (unsigned i = 0; i < num_triggers; ++i) {
        uint32_t t = m_tdata1[i];
        if ((t >> 28) != 6 || !(t & 0x58)) continue; // no mode enabled
        m_trig_exec |= (t & 4) != 0;
        m_trig_data |= (t & 3) != 0;
    }
    update_modes();
    force_event();
}

bool hart::trigger_hit(uint32_t addr, uint32_t bit) {
    // In M-mode with MIE clear a trigger does not fire (no tcontrol: this keeps a handler
    // from re-triggering itself).
    if (m_priv == privilege::machine && !(m_mstatus & mstatus::mie)) return false;
    const uint32_t mode_bit = m_priv == privilege::machine      ? 0x40u
                              : m_priv == privilege::supervisor ? 0x10u
                                                                : 0x08u;
    for (unsigned i = 0; i < num_triggers; ++i) {
        uint32_t& t = m_tdata1[i];
        if ((t >> 28) != 6 || !(t & bit) || !(t & mode_bit)) continue;
        uint32_t match = (t >> 7) & 15;
        uint32_t v = m_tdata2[i];
        bool hit = match == 0 ? addr == v : match == 2 ? addr >= v : addr < v;
        if (hit) {
            t |= 1u << 22; // hit0
            return true;
        }
    }
    return false;
}

void hart::request_stop() {
    m_stop_req = true;
    force_event();
}

void hart::set_timer_deadline(uint64_t cycle) {
    m_deadline = cycle;
    force_event();
}

void hart::set_irq(unsigned bit, bool level) {
    uint32_t m = 1u << bit;
    m_irq_lines = level ? (m_irq_lines | m) : (m_irq_lines & ~m);
    force_event();
}

void hart::skip_to(uint64_t cycle) {
    if (cycle > m_cycles) {
        m_stats.idle_cycles += cycle - m_cycles;
        m_cycles = cycle;
    }
    force_event();
}

// ---- instruction fetch and the decode cache ----

// The PMP check is compiled only into fetch_line_impl<true>: without it the refill path is
// the same code as a hart without PMP (one test of m_fetch_pmp per call, docs/core.md#pmp).
bool hart::fetch_line(uint32_t pc) {
    return m_fetch_pmp ? fetch_line_impl<true>(pc) : fetch_line_impl<false>(pc);
}

template <bool checked>
bool hart::fetch_line_impl(uint32_t pc) {
    uint32_t vpage = pc & ~0xfffu;
    if (vpage != m_fetch_vpage) {
        uint32_t pa = pc;
        uint16_t key = 0;
        if (m_fetch_xlate && !translate(pc, access_type::fetch, pa, key)) return false;
        m_fetch_ppage = pa & ~0xfffu;
        m_fetch_key = key;
        m_fetch_page = code_page_for(m_fetch_ppage, key);
        m_fetch_vpage = vpage;
    }
    uint32_t line_pa = m_fetch_ppage | (pc & 0xfffu & ~m_line_mask);
    bool per_insn = false; // PMP: this line is checked per instruction (docs/core.md#pmp)
    if (checked && !m_pmp.allows(line_pa, m_params.fetch_line, pmp_unit::x, m_priv)) {
        if (!m_pmp.allows(m_fetch_ppage | (pc & 0xfffu), 2, pmp_unit::x, m_priv)) {
            take_trap(uint32_t(exception::insn_access_fault), pc);
            return false;
        }
        per_insn = true;
    }
    if (line_pa != m_fetch_line_pa || m_fetch_key != m_fetch_line_key) {
        uint32_t len = m_params.fetch_line;
        mem_access a{line_pa, pc & ~m_line_mask, len,        access_type::fetch,
                     m_priv,  m_access_context,  m_fetch_key};
        uint8_t* host;
        bool ok = fast(slot_fetch, line_pa, len, m_fetch_key, host) ||
                  memo(0, line_pa, len, m_fetch_key, false);
        if (!ok) {
            uint8_t buf[4096];
            ok = slow(a, buf, false);
        }
        if (!ok) {
            m_fetch_line_pa = 1;
            take_trap(uint32_t(exception::insn_access_fault), pc);
            return false;
        }
        m_fetch_line_pa = line_pa;
        m_fetch_line_key = m_fetch_key;
        ++m_stats.fetch_lines;
    }
    // A line not executable as a whole: the next instruction comes back here to be checked.
    m_fetch_line_va = per_insn ? 1 : pc & ~m_line_mask;
    return true;
}

// A slot that is not decoded yet: reads the instruction (functionally: its line was fetched
// with timing already), decodes it into the slot and runs it. With RV32C an instruction may
// start at any halfword: a 4-byte one whose upper half lies in the next line first fetches
// that line (straddle_line, cached); one whose upper half lies in the next page is decoded
// afresh at every execution and never cached (straddle_page), since that page's translation
// may change without touching this one.
void hart::decode_stub(hart& h, const decoded_insn& cd) {
    auto& d = const_cast<decoded_insn&>(cd);
    uint32_t raw = 0;
    const uint32_t pa = h.m_fetch_ppage | (h.m_pc & 0xfffu);
    const bool c = h.m_isa.compressed();
    if (!h.read_code(pa, h.m_pc, &raw, c ? 2 : 4)) return;
    if (c && insn_length(raw) == 4) {
        if ((h.m_pc & 0xfffu) == 0xffe) {
            straddle_page(h, raw);
            return;
        }
        uint32_t hi = 0;
        if (!h.read_code(pa + 2, h.m_pc + 2, &hi, 2)) return;
        raw |= hi << 16;
    }
    h.m_isa.decode(raw, d);
    d.cost = h.m_params.class_cycles[d.cls];
    h.m_npc = h.m_pc + d.len;
    if (d.len == 2)
        d.fn = compressed_insn;
    else if (((h.m_pc + 2) & h.m_line_mask) == 0)
        d.fn = straddle_line;
    ++h.m_stats.decode_fills;
    ++h.m_stats.class_count[d.cls];
    h.m_cycles += d.cost;
    d.fn(h, d);
}

bool hart::read_code(uint32_t pa, uint32_t va, void* out, uint32_t len) {
    mem_access a{pa, va, len, access_type::fetch, m_priv, m_access_context, m_fetch_key};
    if (m_bus.read_functional(a, out)) return true;
    raise(exception::insn_access_fault, va);
    return false;
}

void hart::compressed_insn(hart& h, const decoded_insn& d) {
    h.m_npc = h.m_pc + 2;
    d.desc->fn(h, d);
}

void hart::straddle_line(hart& h, const decoded_insn& d) {
    if (!h.fetch_line(h.m_pc + 2)) { // trapped (tval = the upper half's address)
        --h.m_instret;
        return;
    }
    d.desc->fn(h, d);
}

void hart::straddle_page(hart& h, uint32_t lo) {
    const uint32_t va2 = h.m_pc + 2;
    if (!h.fetch_line(va2)) { // translates and fetches the next page's first line
        --h.m_instret;
        return;
    }
    uint32_t hi = 0;
    if (!h.read_code(h.m_fetch_ppage, va2, &hi, 2)) return;
    decoded_insn d{};
    h.m_isa.decode(lo | (hi << 16), d);
    d.cost = h.m_params.class_cycles[d.cls];
    h.m_npc = h.m_pc + 4;
    ++h.m_stats.decode_fills;
    ++h.m_stats.class_count[d.cls];
    h.m_cycles += d.cost;
    d.fn(h, d);
}

void hart::reset_slot(decoded_insn& d) {
    // Only fn/cost/cls change: a handler that is running on this slot keeps its operands.
    d.fn = decode_stub;
    d.cost = 0;
    d.len = 4; // the stub sets the next pc itself
    d.cls = num_timing_classes;
}

code_page* hart::code_page_for(uint32_t ppage, uint16_t key) {
    auto& pages = m_code_pages[ppage >> 12];
    for (auto& p : pages)
        if (p->key == key) return p.get();
    auto p = std::make_unique<code_page>();
    p->key = key;
    for (auto& d : p->slot) {
        d = decoded_insn{};
        d.desc = &isa_table::illegal;
        d.rd = 32;
        reset_slot(d);
    }
    m_code_bitmap[ppage >> 12] = 1;
    pages.push_back(std::move(p));
    return pages.back().get();
}

void hart::invalidate_code(uint32_t pa, uint32_t len) {
    if (len == 0) return;
    uint64_t end = uint64_t(pa) + len;
    bool hit = false;
    // One slot per halfword; the slot 2 bytes before `pa` may hold a 4-byte instruction whose
    // upper half is written (one at a page's last halfword is never cached).
    uint64_t a = pa & ~1u;
    if (a & 0xfff) a -= 2;
    for (; a < end; a += 2) {
        if (!m_code_bitmap[a >> 12]) {
            a = ((a >> 12) + 1) << 12;
            a -= 2;
            continue;
        }
        auto it = m_code_pages.find(uint32_t(a >> 12));
        if (it == m_code_pages.end()) continue;
        for (auto& p : it->second) reset_slot(p->slot[(a >> 1) & 2047]); // under every key
        hit = true;
    }
    if (hit) ++m_stats.decode_invalidations;
}

void hart::flush_decode_cache() {
    for (auto& [ppn, pages] : m_code_pages) m_code_bitmap[ppn] = 0;
    m_code_pages.clear();
    m_fetch_page = nullptr;
    flush_fetch_translation();
}

void hart::do_fence_i() {
    ++m_stats.decode_invalidations;
    flush_decode_cache(); // the running handler does not touch its slot afterwards
}

void hart::add_instruction(const insn_desc& d) {
    m_isa.add(d);
    flush_decode_cache();
}

} // namespace trvp::core
