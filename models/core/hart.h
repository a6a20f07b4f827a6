#pragma once
// One RV32IM + Zicsr + Zifencei hart with M/S/U modes, Sv32 and a cycle-count timing model.
#include "decoded.h"
#include "isa.h"
#include "params.h"
#include "pmp.h"
#include "stats.h"
#include "tlb.h"
#include "types.h"

#include "common/line_memo.h"
#include "common/mem_fault.h"

#include <array>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

namespace trvp::core {

enum class run_state : uint8_t {
    until_reached, // cycles() >= until_cycle (or the step budget is used up)
    stopped,       // request_stop() was called
    waiting,       // WFI with no enabled interrupt pending; see timer_deadline()
};

/** What a trap hook sees; it may change tval and epc before they are written. */
struct trap_info {
    uint32_t cause; // mcause value (bit 31 = interrupt)
    uint32_t tval;
    uint32_t epc;
    privilege from;
    privilege to;
    /** An access fault only: why memory refused the access (integrity, ownership), as the
     *  bus reported it (hart_bus::take_fault); none for a plain bus error. */
    mem_fault fault = mem_fault::none;
};

/**
 * Called on every TLB fill (after the page walk and its permission checks): may veto the
 * translation (a page fault) and chooses the key id that accesses to the page carry. It may
 * also refuse other access types on the page (`deny`, bit 1 << access_type): the TLB keeps
 * the bits, and an access they refuse walks again, so the hook decides (and faults) it. The
 * result is cached in the TLB; call hart::flush_translations() when the answer changes.
 */
class translation_hook {
public:
    virtual ~translation_hook() = default;
    virtual bool on_translate(hart& h, uint32_t va, uint32_t pa, access_type t, uint16_t& key_id,
                              uint8_t& deny) = 0;
};

/** Observer called by take_trap() before any state changes (the secure unit's hook). */
class trap_hook {
public:
    virtual ~trap_hook() = default;
    virtual void on_trap(hart& h, trap_info& t) = 0;
};

struct code_page; // decode cache page
struct csr_desc;  // CSR table row (csr.cpp)

class hart {
public:
    /** Builds a hart in M-mode at params.reset_pc; `bus` must outlive the hart. Its statistics
     *  register in `stats` (names "<prefix>instret", ...), or in a registry of its own. */
    hart(const hart_params& p, hart_bus& bus, const stats::group* stats = nullptr);
    ~hart();
    hart(const hart&) = delete;
    hart& operator=(const hart&) = delete;

    // ---- control (the SystemC wrapper) ----
    /** Runs until cycles() >= until_cycle, request_stop(), or WFI waiting. */
    run_state run(uint64_t until_cycle);
    /** Executes at most n instructions (interrupt entries are not instructions). */
    run_state step(uint64_t n);
    /** Makes run() return after the current instruction. */
    void request_stop();
    /** Architectural reset to M-mode at `pc` (registers, CSRs, caches; cycles are kept). */
    void reset(uint32_t pc);
    /** MTIP reads as set exactly when cycles() >= cycle; UINT64_MAX = never. */
    void set_timer_deadline(uint64_t cycle);
    uint64_t timer_deadline() const { return m_deadline; }
    /** Level of an interrupt line driven by the platform (irq::msi, irq::mei, irq::sei). */
    void set_irq(unsigned bit, bool level);
    /** Advances time while idle (counted as idle cycles); no-op if cycle <= cycles(). */
    void skip_to(uint64_t cycle);
    bool waiting() const { return m_waiting; }
    /** Drops cached grants overlapping [base, base+size) (DMI invalidation). */
    void revoke_grants(uint32_t base, uint32_t size);
    /** Drops decoded instructions in [pa, pa+len) (writes by other initiators). */
    void invalidate_code(uint32_t pa, uint32_t len);
    /** Adds an instruction (custom-0/1 extensions); flushes the decode cache. */
    void add_instruction(const insn_desc& d);
    /** Installs the trap observer (nullptr to remove). */
    void set_trap_hook(trap_hook* h) { m_trap_hook = h; }
    trap_hook* get_trap_hook() const { return m_trap_hook; }
    /** Installs the translation hook (nullptr to remove); flushes translations. */
    void set_translation_hook(translation_hook* h) {
        m_xlate_hook = h;
        flush_translations();
    }
    /** Drops all cached translations (TLB and the current fetch page). */
    void flush_translations() {
        m_tlb.flush_all();
        flush_fetch_translation();
    }
    /** The same-line memo of the L1 cache behind fetches (`fetch`) or data accesses, nullptr
     *  for none (docs/core.md#run-loop-and-fast-path). The memo must outlive the hart. */
    void set_line_memo(bool fetch, line_memo* m) { m_memo[fetch ? 0 : 1] = m ? m : &no_memo; }
    /** Context id put into every mem_access (TR extension). */
    void set_access_context(uint16_t ctx) { m_access_context = ctx; }

    // ---- state ----
    uint32_t pc() const { return m_pc; }
    void set_pc(uint32_t pc);
    uint32_t reg(unsigned i) const { return m_x[i]; }
    void set_reg(unsigned i, uint32_t v) {
        if (i != 0 && i < 32) m_x[i] = v;
    }
    privilege priv() const { return m_priv; }
    uint64_t cycles() const { return m_cycles; }
    uint64_t instret() const { return m_instret; }
    const hart_stats& stats() const { return m_stats; }
    const hart_params& params() const { return m_params; }
    const isa_table& isa() const { return m_isa; }
    const pmp_unit& pmp() const { return m_pmp; }
    /** Whether the PMP lets the effective data privilege (MPRV) read or write [pa, pa+len)
     *  (the secure unit's operand rule, docs/core.md#pmp). */
    bool pmp_allows(uint32_t pa, uint32_t len, bool write) const {
        return !m_pmp.applies(m_data_priv) ||
               m_pmp.allows(pa, len, write ? pmp_unit::w : pmp_unit::r, m_data_priv);
    }
    /** Debugger CSR access: no privilege checks; false if the CSR does not exist. */
    bool csr_read(uint16_t addr, uint32_t& value);
    bool csr_write(uint16_t addr, uint32_t value);

    // ---- execution interface (semantic functions and ISA extensions) ----
    /** Register file; index 32 is the dump register that decoded x0 writes go to. */
    uint32_t& x(unsigned i) { return m_x[i]; }
    /** pc of the executing instruction, and the pc it continues at. */
    uint32_t cur_pc() const { return m_pc; }
    void set_next_pc(uint32_t npc) { m_npc = npc; }
    uint32_t next_pc() const { return m_npc; }
    /** Bits of a jump target that must be 0: 1 with RV32C (IALIGN 16), else 3. */
    uint32_t ialign_mask() const { return m_ialign_mask; }
    void add_cycles(uint64_t n) { m_cycles += n; }
    /** Switches the privilege mode (e.g. a resume instruction entering U-mode). */
    void switch_mode(privilege p) {
        set_priv(p);
        update_modes();
        force_event();
    }
    /** Raises a synchronous exception for the executing instruction (it does not retire). */
    void raise(exception e, uint32_t tval);
    /** Virtual memory access with the effective privilege; false if a trap was taken. */
    template <typename T>
    bool load(uint32_t va, T& out);
    template <typename T>
    bool store(uint32_t va, T v);
    /** RV32A (rv32a.cpp): LR.W; SC.W (`stored` false when the reservation was lost); an AMO
     *  that writes op(old, src) and returns `old`. False if a trap was taken. */
    bool load_reserved(uint32_t va, uint32_t& out);
    bool store_conditional(uint32_t va, uint32_t v, bool& stored);
    using amo_op = uint32_t (*)(uint32_t old, uint32_t src);
    bool amo(uint32_t va, uint32_t src, amo_op op, uint32_t& old);
    /** Another initiator wrote [pa, pa+len): drops the LR reservation if it overlaps. */
    void snoop_write(uint32_t pa, uint32_t len);
    /** Byte-wise helpers for extensions (any alignment, up to 4096 bytes). */
    bool read_mem(uint32_t va, void* data, uint32_t len);
    bool write_mem(uint32_t va, const void* data, uint32_t len);
    /** The one trap entry point: exceptions and interrupts, delegation, hook. */
    void take_trap(uint32_t cause, uint32_t tval);
    void do_csr(const decoded_insn& d, int op, uint32_t operand); // op: 0 write, 1 set, 2 clear
    void do_ecall();
    void do_mret();
    void do_sret();
    void do_wfi();
    void do_sfence_vma(const decoded_insn& d);
    void do_fence_i();

private:
    friend struct csr_impl;

    // Per-instruction path.
    bool handle_event(run_state& s);
    bool fetch_line(uint32_t pc);
    template <bool checked>
    bool fetch_line_impl(uint32_t pc);
    static void decode_stub(hart& h, const decoded_insn& d);
    static void straddle_line(hart& h, const decoded_insn& d);
    static void compressed_insn(hart& h, const decoded_insn& d);
    static void straddle_page(hart& h, uint32_t lo);
    bool read_code(uint32_t pa, uint32_t va, void* out, uint32_t len);
    code_page* code_page_for(uint32_t ppage, uint16_t key);
    void flush_decode_cache();
    void reset_slot(decoded_insn& d);

    // Memory (mem.cpp). One grant is held per kind of access; fast() is the one decision
    // between the fast and the slow path, for fetches, loads, stores and page walks.
    enum grant_slot : unsigned { slot_fetch, slot_load, slot_store, slot_walk, slot_walk_write };
    static constexpr unsigned num_grant_slots = 5;
    static unsigned slot_of(access_type t, bool write) {
        return write && t == access_type::walk ? slot_walk_write : unsigned(t);
    }
    /** A grant held for one slot: the host window, the key id it was obtained under, and what
     *  one access through it costs and counts. */
    struct held_grant {
        uint8_t* host = nullptr;
        uint32_t base = 0;
        uint32_t size = 0;
        uint16_t key_id = 0;
        access_account account;
    };
    bool fast(unsigned slot, uint32_t pa, uint32_t len, uint16_t key, uint8_t*& host);
    /** An access through the same-line memo of side 0 (fetch) or 1 (data); host or nullptr. */
    uint8_t* memo(unsigned side, uint32_t pa, uint32_t len, uint16_t key, bool write) {
        uint8_t* p = m_memo[side]->access(pa, len, key, write, m_cycles);
        if (p) ++m_stats.memo_accesses;
        return p;
    }
    static line_memo no_memo; // no entries granted: never serves, never changes
    bool slow(const mem_access& a, void* data, bool write);
    bool timed(const mem_access& a, void* data, bool write);
    bool acquire_grant(const mem_access& a, bool write);
    bool translate(uint32_t va, access_type t, uint32_t& pa, uint16_t& key);
    bool walk(uint32_t va, access_type t, privilege p, uint32_t& pa, uint16_t& key);
    bool access_slow(access_type t, uint32_t va, uint32_t pa, uint16_t key, void* data,
                     uint32_t len);
    bool translate_page(uint32_t va, access_type t, privilege p, uint32_t& pa, uint16_t& key);
    /** After a pmpcfg/pmpaddr write: the checks take effect from the next access. */
    void pmp_changed();
    static uint32_t tdata1_warl(uint32_t v);
    void mem_fault(access_type t, exception e, uint32_t va);
    /** A translated data access (load or store) of len <= 4 bytes inside one aligned word. */
    bool data_access(access_type t, uint32_t va, uint32_t pa, uint16_t key, void* data,
                     uint32_t len);
    /** cpu.misaligned = split: two accesses, both translated before either is made. */
    bool split_access(access_type t, uint32_t va, void* data, uint32_t len);
    void after_store(uint32_t pa, uint32_t len) {
        if (m_code_bitmap[pa >> 12]) invalidate_code(pa, len);
    }

    // Traps, interrupts, modes.
    uint32_t mip() const;
    bool check_interrupts();
    void set_priv(privilege p);
    void update_modes();
    void force_event() { m_next_event = 0; }
    void flush_fetch_translation() { m_fetch_vpage = m_fetch_line_va = 1; }

    // Hot state first.
    uint64_t m_cycles = 0;
    uint64_t m_next_event = 0;
    uint64_t m_instret = 0;
    uint32_t m_pc = 0;
    uint32_t m_npc = 0;
    uint32_t m_fetch_line_va = 1; // VA of the current fetch line; 1 = none
    uint32_t m_fetch_vpage = 1;
    uint32_t m_fetch_ppage = 0;
    uint32_t m_fetch_line_pa = 1;
    uint16_t m_fetch_key = 0;      // key id of the current fetch page
    uint16_t m_fetch_line_key = 0; // key id the current line was fetched with
    code_page* m_fetch_page = nullptr;
    uint32_t m_ialign_mask = 1; // ialign_mask(): 1 with C, else 3
    bool m_data_xlate = false;  // loads/stores go through translate() (Sv32 or PMP)
    bool m_fetch_xlate = false;
    bool m_trig_exec = false; // an execute trigger is enabled: check before each instruction
    bool m_trig_data = false; // a load/store trigger is enabled: loads/stores go to translate()
    bool m_fetch_pmp = false; // fetches are checked by the PMP
    privilege m_data_priv = privilege::machine; // effective privilege (MPRV)
    privilege m_priv = privilege::machine;
    std::array<uint32_t, 33> m_x{};
    std::array<held_grant, num_grant_slots> m_grant{};
    std::array<line_memo*, 2> m_memo{&no_memo, &no_memo}; // fetch, data
    std::unique_ptr<stats::registry> m_own_stats;         // when no group is given
    hart_stats m_stats;
    std::vector<uint8_t> m_code_bitmap; // per 4 KiB physical page: holds decoded code

    const hart_params m_params;
    const uint32_t m_line_mask;
    hart_bus& m_bus;
    isa_table m_isa;
    tlb m_tlb;
    pmp_unit m_pmp;
    // Debug triggers (Sdtrig mcontrol6, docs/core.md#debug-triggers).
    static constexpr unsigned num_triggers = 4;
    uint32_t m_tselect = 0;
    std::array<uint32_t, num_triggers> m_tdata1{}, m_tdata2{};
    /** Whether an enabled trigger of kind `bit` (4 execute, 2 store, 1 load) matches `addr`
     *  in the current mode; sets its hit0 bit. */
    bool trigger_hit(uint32_t addr, uint32_t bit);
    void triggers_changed();
    // Decoded pages per physical page number, one per key id seen there (usually one).
    std::unordered_map<uint32_t, std::vector<std::unique_ptr<code_page>>> m_code_pages;
    trap_hook* m_trap_hook = nullptr;
    translation_hook* m_xlate_hook = nullptr;
    uint16_t m_access_context = 0;
    // The LR reservation: the physical word (4-aligned) and key id, or none.
    static constexpr uint32_t no_reservation = 1;
    uint32_t m_resv_pa = no_reservation;
    uint16_t m_resv_key = 0;

    // Run control.
    uint64_t m_until = 0;
    uint64_t m_deadline = UINT64_MAX;
    uint64_t m_steps = 0;
    bool m_stepping = false;
    bool m_stop_req = false;
    bool m_waiting = false;

    // CSR state (see csr.cpp for the bit layouts).
    uint32_t m_mstatus = 0;
    uint32_t m_medeleg = 0, m_mideleg = 0;
    uint32_t m_mie = 0, m_mip_sw = 0, m_irq_lines = 0;
    uint32_t m_mtvec = 0, m_stvec = 0;
    uint32_t m_mepc = 0, m_sepc = 0;
    uint32_t m_mcause = 0, m_scause = 0;
    uint32_t m_mtval = 0, m_stval = 0;
    uint32_t m_mscratch = 0, m_sscratch = 0;
    uint32_t m_satp = 0;
    uint32_t m_mcounteren = 0, m_scounteren = 0;
    uint64_t m_mcycle_offset = 0, m_minstret_offset = 0;
    std::array<const csr_desc*, 4096> m_csrs{};
};

/** Decode-cache page: one slot per halfword of a physical page (RV32C: an instruction may
 *  start at any halfword). */
struct code_page {
    uint16_t key;
    decoded_insn slot[2048];
};

// mstatus bits.
namespace mstatus {
constexpr uint32_t sie = 1u << 1, mie = 1u << 3, spie = 1u << 5, mpie = 1u << 7, spp = 1u << 8;
constexpr uint32_t mpp_shift = 11, mpp = 3u << 11, mprv = 1u << 17, sum = 1u << 18;
constexpr uint32_t mxr = 1u << 19, tvm = 1u << 20, tw = 1u << 21, tsr = 1u << 22;
} // namespace mstatus

// The one decision between the fast and the slow path, like a TLB lookup in Spike's mmu.h:
// if the grant held for this kind of access covers [pa, pa + len) under `key`, the access is
// charged and counted as the bus would and its host address returned in `host`; else false,
// and the caller takes slow(), which asks for a grant (the refill) before it goes through
// the bus.
inline bool hart::fast(unsigned slot, uint32_t pa, uint32_t len, uint16_t key, uint8_t*& host) {
    const held_grant& g = m_grant[slot];
    const uint32_t off = pa - g.base;
    // Accesses are naturally aligned and grants 4-aligned: one of <= 4 bytes that starts
    // inside fits (len is a constant in load/store, so the second test folds away there).
    if (off < g.size && (len <= 4 || g.size - off >= len) && g.key_id == key) {
        g.account.charge(m_cycles, len);
        ++m_stats.fast_accesses;
        host = g.host + off;
        return true;
    }
    return false;
}

template <typename T>
inline bool hart::load(uint32_t va, T& out) {
    if (va & (sizeof(T) - 1)) {
        if (m_params.misaligned == hart_params::misaligned_mode::split)
            return split_access(access_type::load, va, &out, sizeof(T));
        raise(exception::load_misaligned, va);
        return false;
    }
    uint32_t pa = va;
    uint16_t key = 0;
    if (m_data_xlate && !translate(va, access_type::load, pa, key)) return false;
    uint8_t* p;
    if (fast(slot_load, pa, sizeof(T), key, p) || (p = memo(1, pa, sizeof(T), key, false))) {
        std::memcpy(&out, p, sizeof(T));
        return true;
    }
    return access_slow(access_type::load, va, pa, key, &out, sizeof(T));
}

template <typename T>
inline bool hart::store(uint32_t va, T v) {
    if (va & (sizeof(T) - 1)) {
        if (m_params.misaligned == hart_params::misaligned_mode::split)
            return split_access(access_type::store, va, &v, sizeof(T));
        raise(exception::store_misaligned, va);
        return false;
    }
    uint32_t pa = va;
    uint16_t key = 0;
    if (m_data_xlate && !translate(va, access_type::store, pa, key)) return false;
    uint8_t* p;
    if (fast(slot_store, pa, sizeof(T), key, p) || (p = memo(1, pa, sizeof(T), key, true)))
        std::memcpy(p, &v, sizeof(T));
    else if (!access_slow(access_type::store, va, pa, key, &v, sizeof(T)))
        return false;
    after_store(pa, sizeof(T));
    return true;
}

} // namespace trvp::core
