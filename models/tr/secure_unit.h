#pragma once
// The secure unit: the TR extension of docs/tr-isa.md, a core extension (core/extension.h).
// It plugs into the hart through add_instruction (custom-0, one row per operation), the trap
// hook (save and clear the registers of an encrypted context on any trap) and the
// translation hook (EAR key ids, fetch rule, frame bindings). It keeps the context table
// (saved registers) and reaches memory through the core's extension_port, which issues timed
// transactions of kind `secure`. The core never names it: make_tr_extension() gives the
// platform a factory to put in rv32_core_params::extensions.
//
// Split by concern: secure_unit.cpp (construction, hooks, statistics, trace), secure_ops.cpp
// (the instruction rows and their privilege rules), secure_context.cpp
// (resume, destroy, info, save/restore), secure_save.cpp (registers saved in kernel memory,
// context_save: memory), secure_launch.cpp, secure_region.cpp (regions and key handles),
// secure_pka.cpp (PKA and DRBG), secure_mem.cpp (operand access).

#include "common/cache_op.h"
#include "common/stats.h"
#include "core/extension.h"
#include "core/hart.h"
#include "sealing/device_key.h"
#include "sealing/drbg.h"
#include "tr/attribute_bank.h"
#include "tr/secure_params.h"
#include "tr/tr_abi.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace trvp {

class tracer;

class secure_unit : public core_extension, private core::trap_hook, private core::translation_hook {
public:
    /** Context states as tr.info reports them (running: in encrypted mode now). */
    enum class ctx_state : uint8_t {
        free = TR_CTX_FREE,
        runnable = TR_CTX_RUNNABLE,
        at_ecall = TR_CTX_AT_ECALL,
        at_trap = TR_CTX_AT_TRAP,
        running = 4, // internal: the context executing now
        killed = TR_CTX_KILLED
    };

    /** `prefix` names the statistics ("<core>.secure."); installs itself on the hart. */
    secure_unit(const std::string& prefix, sim_env& env, core::hart& h, extension_port& port,
                attribute_bank& bank, const secure_params& p);
    ~secure_unit() override;

    /** Bytes of a saved-context blob (context_save: memory) and the save area's alignment. */
    static constexpr uint32_t blob_size = TR_SAVE_BLOB_SIZE, save_area_align = TR_SAVE_AREA_ALIGN;

    /** Context id running in encrypted mode, 0 if none. */
    uint16_t current() const { return m_current; }
    ctx_state state(uint16_t ctx) const;
    /** The fetch rule for bus accesses (the TLB keeps it too): see docs/tr-isa.md. */
    bool fetch_allowed(uint32_t va, uint16_t key_id) const override;

private:
    // The context table: state and metadata. The registers of a trapped context are in
    // m_regs (on_chip) or in kernel memory (memory: only m_versions stays on chip).
    struct context {
        ctx_state state = ctx_state::free;
        uint32_t satp = 0;
        uint32_t entry = 0;
        uint32_t stack_top = 0;
        uint32_t save_area = 0; // physical address (tr.savearea)
        bool has_area = false;
        mem_fault killed_by = mem_fault::none; // state killed: why
    };
    struct saved_regs {
        std::array<uint32_t, 32> x{};
        uint32_t pc = 0;
    };
    struct walk_result {
        uint32_t pa = 0;
        uint32_t flags = 0;  // leaf PTE bits
        uint32_t pte = 0;    // the leaf PTE as read
        uint32_t pte_pa = 0; // its address; 0 without translation (bare satp)
    };

    // hooks
    void on_trap(core::hart& h, core::trap_info& t) override;
    bool on_translate(core::hart& h, uint32_t va, uint32_t pa, core::access_type t,
                      uint16_t& key_id, uint8_t& deny) override;

    // instructions (secure_ops.cpp: the rows; each operation returns the value for rd)
    struct op_row;
    struct op_binding {
        secure_unit* unit;
        const op_row* row;
        stats::counter* count;
    };
    static void exec(core::hart& h, const core::decoded_insn& d);
    static void exec_trctx(core::hart& h, const core::decoded_insn& d);
    void install();
    int32_t launch(uint32_t image_pa, uint32_t satp);
    int32_t resume(uint32_t ctx);
    int32_t destroy(uint32_t ctx);
    int32_t info(uint32_t ctx);
    int32_t savearea(uint32_t ctx, uint32_t pa);
    int32_t region(uint32_t desc_va);
    int32_t unregion(uint32_t va);
    int32_t keyload(uint32_t va);
    int32_t keydrop(uint32_t handle);
    int32_t rand();

    // tr.pka (secure_pka.cpp): one function per operation on its argument block at block_va
    int32_t pka_x25519_keypair(uint32_t block_va);
    int32_t pka_x25519_agree(uint32_t block_va);
    int32_t pka_ed25519_keypair(uint32_t block_va);
    int32_t pka_ed25519_sign(uint32_t block_va);
    int32_t pka_ed25519_verify(uint32_t block_va);
    int32_t pka_sha256(uint32_t block_va);
    int32_t pka_hkdf_sha256(uint32_t block_va);
    /** Reads the n-word argument block; false if it faults. */
    bool pka_args(uint32_t block_va, uint32_t* a, unsigned n);
    bool pka_read(uint32_t va, uint32_t len, std::vector<uint8_t>& out);
    bool pka_write(uint32_t va, const std::vector<uint8_t>& in);
    int32_t load_and_open(uint32_t image_pa, std::vector<uint8_t>& image, uint64_t& moved);
    int32_t write_page(uint32_t frame, const uint8_t* data, uint16_t key_id, uint16_t ctx);
    int32_t fill_zero(uint32_t frame, uint16_t key_id, uint16_t ctx);

    // memory (secure_mem.cpp)
    int32_t walk(uint32_t satp, uint32_t va, walk_result& r);
    /** Hardware A/D as the hart's walker: sets A (and D for a write) in the leaf `w` found,
     *  read-modify-write through the data path. `reread`: the leaf is read again first (the
     *  walk was earlier); a leaf that changed meanwhile is TR_EFAULT. */
    int32_t touch(walk_result& w, bool write, bool reread);
    /** Translates an operand of the caller (mode, satp and keys of the executing code). */
    int32_t translate(uint32_t va, bool write, uint32_t& pa, uint16_t& key_id);
    int32_t read_virt(uint32_t va, void* out, uint32_t len);
    int32_t write_virt(uint32_t va, const void* in, uint32_t len);
    int32_t read_phys(uint32_t pa, void* out, uint32_t len, uint16_t key_id);
    int32_t write_phys(uint32_t pa, const void* in, uint32_t len, uint16_t key_id, uint16_t ctx);
    /** [va, va + len) lies in hidden entries of the current context under its data key. */
    bool in_hidden(uint32_t va, uint32_t len) const;
    /** A secret operand must be hidden when called from encrypted mode. */
    bool secret_ok(uint32_t va, uint32_t len) const { return !m_current || in_hidden(va, len); }

    // registers in kernel memory (secure_save.cpp)
    bool memory_save() const { return m_params.context_save == context_save_mode::memory; }
    /** Seals the hart's x1..x31 and `pc` into ctx's save area (a new version). */
    void save_to_memory(uint16_t ctx, const core::hart& h, uint32_t pc);
    /** Reads, checks and opens ctx's blob: TR_OK, TR_EVERIFY (refused) or TR_EFAULT. */
    int32_t restore_from_memory(uint16_t ctx, std::array<uint32_t, 32>& x, uint32_t& pc);

    // the fault path (secure_kill.cpp): memory refused an access of the running context
    static bool kills(mem_fault f) { return f != mem_fault::none; }
    /** A TR operand access of the running context failed: remember why, to kill it when the
     *  instruction ends (exec raises the access fault). */
    void note_fault(bool write);
    /** Kills the running context from the trap `t` that reports it (docs/tr-isa.md). */
    void kill(core::trap_info& t, mem_fault why);
    /** TR_EINTEGRITY or TR_EOWNER: why ctx (state killed) was killed. */
    int32_t killed_code(uint16_t ctx) const;

    // context switches (secure_context.cpp)
    void enter(uint16_t ctx);
    void leave();
    void scrub();
    void trace_state();
    void charge(uint64_t cycles) { m_h.add_cycles(cycles); }
    int32_t fail(int32_t code);
    /** tr.launch refuses the image: remember why (a TR_IMAGE_* code) for tr.info and the
     *  statistics, and fail with TR_EIMAGE. */
    int32_t refuse_image(int32_t status, const std::string& why);

    core::hart& m_h;
    extension_port& m_port;
    attribute_bank& m_bank;
    const secure_params m_params;
    sealing::device_key m_device;
    sealing::drbg m_drbg;
    std::vector<context> m_ctx;       // index = context id
    std::vector<saved_regs> m_regs;   // on_chip: per context id; memory: empty
    std::vector<uint64_t> m_versions; // memory: last saved version per id (never reset)
    key128 m_temp_key{};              // memory: the temporary processor key (DRBG at reset)
    uint16_t m_current = 0;
    uint16_t m_last_resumed = 0; // switches: 0 after plaintext U-mode ran (a trap from it)
    uint32_t m_trctx = 0;        // context id of the last trap from encrypted mode
    mem_fault m_op_fault = mem_fault::none; // a TR operand access of the context was refused
    bool m_op_fault_write = false;
    tracer* m_trace;
    uint32_t m_sig_ctx = 0, m_sig_enc = 0, m_sig_key = 0;
    const std::string m_prefix; // "<core>.secure."

    stats::registry& m_reg;
    std::vector<std::unique_ptr<stats::counter>> m_op_stats; // per operation (op.<name>)
    std::vector<op_binding> m_bindings;                      // one per row (insn_desc::user)
    stats::counter m_errors;
    stats::counter m_launches;
    stats::counter m_launch_bytes;
    stats::counter m_enters;
    stats::counter m_exits;
    stats::counter m_switches;
    stats::counter m_scrubs;
    stats::counter m_fetch_faults;
    stats::counter m_binding_faults;
    stats::counter m_perm_faults;
    stats::counter m_rand_words;
    stats::counter m_saves;
    stats::counter m_restores;
    stats::counter m_refused_stale;
    stats::counter m_refused_altered;
    stats::counter m_save_bytes;
    stats::counter m_integrity_kills;
    stats::counter m_ownership_kills;
    stats::counter m_images_refused;
    stats::text m_image_refused;
    int32_t m_image_status = TR_IMAGE_NONE; // tr.info(TR_INFO_IMAGE_STATUS)
};

/** A factory for rv32_core_params::extensions: the TR extension on the core that calls it,
 *  with statistics under "<core>.secure.". The bank must outlive the core. */
extension_factory make_tr_extension(attribute_bank& bank, const secure_params& p);

} // namespace trvp
