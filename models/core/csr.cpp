#include "csr.h"

#include "hart.h"

#include <vector>

namespace trvp::core {

namespace {
constexpr uint32_t mstatus_mask = mstatus::sie | mstatus::mie | mstatus::spie | mstatus::mpie |
                                  mstatus::spp | mstatus::mpp | mstatus::mprv | mstatus::sum |
                                  mstatus::mxr | mstatus::tvm | mstatus::tw | mstatus::tsr;
constexpr uint32_t sstatus_mask =
    mstatus::sie | mstatus::spie | mstatus::spp | mstatus::sum | mstatus::mxr;
constexpr uint32_t all_irqs = 0xaaa;      // SSI MSI STI MTI SEI MEI
constexpr uint32_t s_irqs = 0x222;        // SSI STI SEI
constexpr uint32_t medeleg_mask = 0xb3ff; // not ecall-from-M (11), reserved 10 and 14

bool read_zero(hart&, uint16_t, uint32_t& v) {
    v = 0;
    return true;
}
bool write_ignore(hart&, uint16_t, uint32_t) {
    return true;
}
bool no_write(hart&, uint16_t, uint32_t) {
    return false;
} // read-only by address anyway
} // namespace

struct csr_impl {
    static uint64_t mcycle(hart& h) { return h.m_cycles + h.m_mcycle_offset; }
    // During execution m_instret already counts the CSR instruction itself.
    static uint64_t minstret(hart& h) { return h.m_instret - 1 + h.m_minstret_offset; }

    static void set_mcycle(hart& h, uint64_t v) { h.m_mcycle_offset = v - h.m_cycles; }
    // The write wins over the writing instruction's own increment.
    static void set_minstret(hart& h, uint64_t v) { h.m_minstret_offset = v - h.m_instret; }

    // cycle/time/instret/hpmcounter from S or U need mcounteren (and scounteren for U).
    static bool counter_allowed(hart& h, uint16_t addr) {
        uint32_t bit = 1u << (addr & 31);
        if (h.m_priv == privilege::machine) return true;
        if (!(h.m_mcounteren & bit)) return false;
        return h.m_priv == privilege::supervisor || (h.m_scounteren & bit);
    }
    static bool user_counter(hart& h, uint16_t addr, uint32_t& v) {
        if (!counter_allowed(h, addr)) return false;
        uint64_t c = 0;
        switch (addr & 0x1f) {
        case 0:
            c = mcycle(h);
            break;
        case 1:
            c = h.m_bus.mtime();
            break;
        case 2:
            c = minstret(h);
            break;
        default:
            break; // hpmcounters read zero
        }
        v = uint32_t((addr & 0x80) ? c >> 32 : c);
        return true;
    }
    static bool machine_counter(hart& h, uint16_t addr, uint32_t& v) {
        uint64_t c = (addr & 0x1f) == 0 ? mcycle(h) : (addr & 0x1f) == 2 ? minstret(h) : 0;
        v = uint32_t((addr & 0x80) ? c >> 32 : c);
        return true;
    }
    static bool write_machine_counter(hart& h, uint16_t addr, uint32_t v) {
        unsigned idx = addr & 0x1f;
        if (idx != 0 && idx != 2) return true; // hpmcounters: WARL zero
        uint64_t c = idx == 0 ? mcycle(h) : minstret(h);
        c = (addr & 0x80) ? ((uint64_t(v) << 32) | (c & 0xffffffffu))
                          : ((c & ~uint64_t(0xffffffffu)) | v);
        if (idx == 0)
            set_mcycle(h, c);
        else
            set_minstret(h, c);
        return true;
    }

    static void status_changed(hart& h) {
        h.update_modes();
        h.force_event();
    }
    static bool tvm_trapped(hart& h) {
        return h.m_priv == privilege::supervisor && (h.m_mstatus & mstatus::tvm);
    }

    static std::vector<csr_desc> table();
};

#define RD [](hart & h, uint16_t, uint32_t & v) -> bool
#define WR [](hart & h, uint16_t, uint32_t v) -> bool

std::vector<csr_desc> csr_impl::table() {
    std::vector<csr_desc> t = {// ---- supervisor ----
                               {0x100, "sstatus", RD{v = h.m_mstatus & sstatus_mask;
    return true;
}
, WR {
    h.m_mstatus = (h.m_mstatus & ~sstatus_mask) | (v & sstatus_mask);
    status_changed(h);
    return true;
}
} // namespace trvp::core
, {0x104, "sie", RD{v = h.m_mie & h.m_mideleg;
return true;
}
, WR {
    uint32_t m = h.m_mideleg & s_irqs;
    h.m_mie = (h.m_mie & ~m) | (v & m);
    h.force_event();
    return true;
}
}
, {0x105, "stvec", RD{v = h.m_stvec;
return true;
}
, WR {
    h.m_stvec = v & ~2u;
    return true;
}
}
, {0x106, "scounteren", RD{v = h.m_scounteren;
return true;
}
, WR {
    h.m_scounteren = v;
    return true;
}
}
, {0x10a, "senvcfg", read_zero, write_ignore}, {0x140, "sscratch", RD{v = h.m_sscratch;
return true;
}
, WR {
    h.m_sscratch = v;
    return true;
}
}
, {0x141, "sepc", RD{v = h.m_sepc;
return true;
}
, WR {
    h.m_sepc = v & ~h.ialign_mask();
    return true;
}
}
, {0x142, "scause", RD{v = h.m_scause;
return true;
}
, WR {
    h.m_scause = v;
    return true;
}
}
, {0x143, "stval", RD{v = h.m_stval;
return true;
}
, WR {
    h.m_stval = v;
    return true;
}
}
, {0x144, "sip", RD{v = h.mip() & h.m_mideleg;
return true;
}
, WR {
    uint32_t m = h.m_mideleg & (1u << irq::ssi);
    h.m_mip_sw = (h.m_mip_sw & ~m) | (v & m);
    h.force_event();
    return true;
}
}
, {0x180, "satp", RD{if (tvm_trapped(h)) return false;
v = h.m_satp;
return true;
}
, WR {
    if (tvm_trapped(h)) return false;
    if (v != h.m_satp) ++h.m_stats.satp_switches;
    h.m_satp = v;
    h.m_tlb.flush_all();
    h.flush_fetch_translation();
    h.update_modes();
    return true;
}
}
,
    // ---- machine ----
    {0x300, "mstatus", RD{v = h.m_mstatus;
return true;
}
, WR {
    uint32_t n = (h.m_mstatus & ~mstatus_mask) | (v & mstatus_mask);
    if (((n & mstatus::mpp) >> mstatus::mpp_shift) == 2) // no H mode: keep old MPP
        n = (n & ~mstatus::mpp) | (h.m_mstatus & mstatus::mpp);
    h.m_mstatus = n;
    status_changed(h);
    return true;
}
}
, {0x301, "misa",
   RD{v = misa_value | (h.params().ext_a ? misa_a : 0) | (h.params().ext_c ? misa_c : 0);
return true;
}
, write_ignore
}
, {0x302, "medeleg", RD{v = h.m_medeleg;
return true;
}
, WR {
    h.m_medeleg = v & medeleg_mask;
    return true;
}
}
, {0x303, "mideleg", RD{v = h.m_mideleg;
return true;
}
, WR {
    h.m_mideleg = v & s_irqs;
    h.force_event();
    return true;
}
}
, {0x304, "mie", RD{v = h.m_mie;
return true;
}
, WR {
    h.m_mie = v & all_irqs;
    h.force_event();
    return true;
}
}
, {0x305, "mtvec", RD{v = h.m_mtvec;
return true;
}
, WR {
    h.m_mtvec = v & ~2u;
    return true;
}
}
, {0x306, "mcounteren", RD{v = h.m_mcounteren;
return true;
}
, WR {
    h.m_mcounteren = v;
    return true;
}
}
, {0x30a, "menvcfg", read_zero, write_ignore}, {0x310, "mstatush", read_zero, write_ignore},
    {0x31a, "menvcfgh", read_zero, write_ignore}, {0x320, "mcountinhibit", read_zero, write_ignore},
    {0x340, "mscratch", RD{v = h.m_mscratch;
return true;
}
, WR {
    h.m_mscratch = v;
    return true;
}
}
, {0x341, "mepc", RD{v = h.m_mepc;
return true;
}
, WR {
    h.m_mepc = v & ~h.ialign_mask();
    return true;
}
}
, {0x342, "mcause", RD{v = h.m_mcause;
return true;
}
, WR {
    h.m_mcause = v;
    return true;
}
}
, {0x343, "mtval", RD{v = h.m_mtval;
return true;
}
, WR {
    h.m_mtval = v;
    return true;
}
}
, {0x344, "mip", RD{v = h.mip();
return true;
}
, WR {
    h.m_mip_sw = (h.m_mip_sw & ~s_irqs) | (v & s_irqs);
    h.force_event();
    return true;
}
}
, {0xf11, "mvendorid", read_zero, no_write}, {0xf12, "marchid", read_zero, no_write},
    {0xf13, "mimpid", read_zero, no_write}, {0xf14, "mhartid", RD{v = h.m_params.hart_id;
return true;
}
, no_write
}
, {0xf15, "mconfigptr", read_zero, no_write},
}
;
for (uint16_t i = 0; i < 4; ++i)
    t.push_back({uint16_t(0x3a0 + i), "pmpcfg",
                 [](hart& h, uint16_t a, uint32_t& v) {
                     v = h.m_pmp.read_cfg(a & 3u);
                     return true;
                 },
                 [](hart& h, uint16_t a, uint32_t v) {
                     h.m_pmp.write_cfg(a & 3u, v);
                     h.pmp_changed();
                     return true;
                 }});
for (uint16_t i = 0; i < 16; ++i)
    t.push_back({uint16_t(0x3b0 + i), "pmpaddr",
                 [](hart& h, uint16_t a, uint32_t& v) {
                     v = h.m_pmp.read_addr(a & 15u);
                     return true;
                 },
                 [](hart& h, uint16_t a, uint32_t v) {
                     h.m_pmp.write_addr(a & 15u, v);
                     h.pmp_changed();
                     return true;
                 }});
for (uint16_t i = 3; i < 32; ++i)
    t.push_back({uint16_t(0x320 + i), "mhpmevent", read_zero, write_ignore});
// Debug triggers (docs/core.md#debug-triggers).
t.push_back({0x7a0, "tselect",
             [](hart& h, uint16_t, uint32_t& v) {
                 v = h.m_tselect;
                 return true;
             },
             [](hart& h, uint16_t, uint32_t v) {
                 if (v < hart::num_triggers) h.m_tselect = v; // WARL: others keep the old one
                 return true;
             }});
t.push_back({0x7a1, "tdata1",
             [](hart& h, uint16_t, uint32_t& v) {
                 v = h.m_tdata1[h.m_tselect];
                 return true;
             },
             [](hart& h, uint16_t, uint32_t v) {
                 h.m_tdata1[h.m_tselect] = hart::tdata1_warl(v);
                 h.triggers_changed();
                 return true;
             }});
t.push_back({0x7a2, "tdata2",
             [](hart& h, uint16_t, uint32_t& v) {
                 v = h.m_tdata2[h.m_tselect];
                 return true;
             },
             [](hart& h, uint16_t, uint32_t v) {
                 h.m_tdata2[h.m_tselect] = v;
                 return true;
             }});
t.push_back({0x7a3, "tdata3", read_zero, write_ignore});
t.push_back({0x7a4, "tinfo",
             [](hart&, uint16_t, uint32_t& v) {
                 v = (1u << 24) | (1u << 15) | (1u << 6); // version 1; mcontrol6, disabled
                 return true;
             },
             write_ignore});
for (uint16_t i = 0; i < 32; ++i) {
    if (i == 1) continue; // no mtime CSR
    t.push_back({uint16_t(0xb00 + i), "mcounter", machine_counter, write_machine_counter});
    t.push_back({uint16_t(0xb80 + i), "mcounterh", machine_counter, write_machine_counter});
}
for (uint16_t i = 0; i < 32; ++i) {
    t.push_back({uint16_t(0xc00 + i), "counter", user_counter, no_write});
    t.push_back({uint16_t(0xc80 + i), "counterh", user_counter, no_write});
}
return t;
}

#undef RD
#undef WR

void install_csrs(std::array<const csr_desc*, 4096>& table) {
    static const std::vector<csr_desc> rows = csr_impl::table();
    table.fill(nullptr);
    for (auto& r : rows) table[r.addr] = &r;
}

// ---- CSR instructions and debugger access ----

void hart::do_csr(const decoded_insn& d, int op, uint32_t operand) {
    auto addr = uint16_t(d.imm & 0xfff);
    const csr_desc* c = m_csrs[addr];
    bool write = op == 0 || d.rs1 != 0; // csrrs/csrrc with x0 (or uimm 0) do not write
    uint32_t old = 0;
    if (!c || unsigned(m_priv) < ((addr >> 8) & 3u) || (write && (addr >> 10) == 3) ||
        !c->read(*this, addr, old)) {
        raise(exception::illegal_insn, d.raw);
        return;
    }
    if (write) {
        uint32_t v = op == 0 ? operand : op == 1 ? (old | operand) : (old & ~operand);
        if (!c->write(*this, addr, v)) {
            raise(exception::illegal_insn, d.raw);
            return;
        }
    }
    m_x[d.rd] = old;
}

bool hart::csr_read(uint16_t addr, uint32_t& value) {
    const csr_desc* c = m_csrs[addr & 0xfff];
    ++m_instret; // look like an executing instruction (see csr_impl::minstret)
    bool ok = c && c->read(*this, addr, value);
    --m_instret;
    return ok;
}

bool hart::csr_write(uint16_t addr, uint32_t value) {
    const csr_desc* c = m_csrs[addr & 0xfff];
    return c && c->write(*this, addr, value);
}

} // namespace trvp::core
