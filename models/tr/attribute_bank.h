#pragma once
// The attribute register bank: the chip's protected bookkeeping that the secure unit and the
// encryption unit consult. A component without sockets (it is reached by direct calls from
// the core's secure unit and hands its key table to the encryption unit). It owns
//  - the EAR entries (ear_table),
//  - the key table (key id -> 128-bit key, reference counted),
//  - per context: its data and program key ids and its key handles,
//  - frame bindings: physical frame -> (context, virtual page, kind).
// Software never sees a key value or names a key id: it holds handles, local to its
// context, that map to key ids. dump_json() writes everything except key values.

#include "ear_table.h"
#include "key_table.h"
#include "tr_abi.h"

#include "common/component.h"
#include "common/frame_owners.h"

#include <iosfwd>
#include <map>
#include <vector>

namespace trvp {

struct attribute_params {
    unsigned ear_entries = 32;         // EAR registers
    unsigned keys = 64;                // allocatable key ids (1..keys)
    unsigned contexts = 16;            // context ids 1..contexts
    unsigned handles_per_context = 16; // key handles a context may hold at once
    /**
     * Keys loaded at reset into ids 1..N, in order: a modelling aid for experiments whose
     * initiator is not a process (a traffic generator sending under key id 1). No guest can
     * name or read them; a platform running real programs leaves this empty.
     */
    std::vector<key128> preload_keys;

    /** Throws user_error naming `who` for an impossible value. */
    void validate(const std::string& who) const;
};

class attribute_bank : public component, public frame_owner_source {
public:
    struct binding {
        uint16_t context;
        uint32_t vpage; // virtual page base
        ear_kind kind;
        uint16_t key_id; // of the context's entry at vpage when the frame was bound
    };

    attribute_bank(const sc_core::sc_module_name& nm, sim_env& env, const attribute_params& p);

    const attribute_params& params() const { return m_params; }
    /** The key table: the encryption unit's constructor takes it. */
    key_table& keys() { return m_keys; }
    const ear_table& ears() const { return m_ears; }

    // ---- contexts ----
    /** A new context holding references to both keys; its id (>= 1) in `ctx`. TR_* code. */
    int32_t create_context(const key128& data_key, const key128& program_key, uint16_t& ctx);
    bool context_valid(uint16_t ctx) const;
    uint16_t data_key(uint16_t ctx) const;
    uint16_t program_key(uint16_t ctx) const;
    /** Drops the context's entries, handles, keys and frame bindings; returns its frames.
     *  `keep_id`: the id stays reserved (no new context gets it) until release_context_id():
     *  a context the secure unit killed, which the kernel has not destroyed yet. */
    std::vector<uint32_t> destroy_context(uint16_t ctx, bool keep_id = false);
    void release_context_id(uint16_t ctx);

    // ---- EAR entries (each holds a reference to its key id) ----
    int32_t add_entry(uint16_t ctx, uint32_t va, uint32_t size, uint16_t key_id, uint8_t perms,
                      ear_kind kind);
    /** Removes the entry starting at va (and the frame bindings of its pages). */
    int32_t remove_entry(uint16_t ctx, uint32_t va, ear_entry* removed = nullptr);
    const ear_entry* lookup(uint16_t ctx, uint32_t va) const { return m_ears.lookup(ctx, va); }
    /** Checks that [va, va+size) could be added for ctx (TR_* code). */
    int32_t check_entry(uint16_t ctx, uint32_t va, uint32_t size);

    // ---- handles ----
    /** Acquires `key` in the key table and gives ctx a handle for it (>= 1), or a TR_* code. */
    int32_t load_key(uint16_t ctx, const key128& key);
    int32_t drop_handle(uint16_t ctx, uint32_t handle);
    /** The key id of ctx's handle: TR_OK, TR_EPERM (another context's), TR_EINVAL. */
    int32_t resolve_handle(uint16_t ctx, uint32_t handle, uint16_t& key_id) const;

    // ---- frame bindings ----
    /** Binds frame (4 KiB aligned pa) to (ctx, vpage). Refused (eperm) if that would give a
     *  code/hidden frame two owners or mix kinds; re-binding the same pair is a no-op. */
    int32_t bind_frame(uint32_t frame, uint16_t ctx, uint32_t vpage, ear_kind kind);
    /** True when `frame` is bound to (ctx, vpage). */
    bool frame_matches(uint32_t frame, uint16_t ctx, uint32_t vpage) const;
    /** Would bind_frame succeed? */
    int32_t can_bind(uint32_t frame, uint16_t ctx, uint32_t vpage, ear_kind kind) const;
    void unbind(uint16_t ctx, uint32_t vpage);
    const std::map<uint32_t, std::vector<binding>>& frames() const { return m_frames; }
    /** Frame -> the key ids it is bound under: what the memory-side ownership checks of
     *  caches and routers read (docs/attributes.md#frame-ownership-at-the-memory-side). */
    const frame_owners& owners() const override { return m_owners; }

    /** Counts a refusal the secure unit decided (kept with the bank's other refusals). */
    void count_refusal(int32_t code);

    /** Host-side dump: entries, key ids (state and count, never values), contexts, handles,
     *  frame bindings. The platform writes it to <out>/<name>.json at the end of a run. */
    void dump_json(std::ostream& os) const;

    void end_of_run() override;

private:
    struct context_keys {
        bool valid = false;
        bool reserved = false; // killed, not destroyed yet: the id is not reused
        uint16_t data_key = 0, program_key = 0;
        std::vector<uint16_t> handles; // slot -> key id (0 = free)
    };
    int32_t refuse(int32_t code);
    void release(uint16_t key_id);
    /** Recomputes m_owners for `frame` from its bindings. */
    void refresh_owner(uint32_t frame);

    const attribute_params m_params;
    ear_table m_ears;
    key_table m_keys;
    std::vector<context_keys> m_contexts; // index = context id; 0 unused
    std::map<uint32_t, std::vector<binding>> m_frames;
    frame_owners m_owners;

    stats::counter m_entries_used{stats(), stat_name("entries_used"), "count",
                                  "EAR entries valid at the end of the run"};
    stats::counter m_entries_peak{stats(), stat_name("entries_peak"), "count",
                                  "most EAR entries valid at once"};
    stats::counter m_keys_used{stats(), stat_name("keys_used"), "count",
                               "key ids active at the end of the run"};
    stats::counter m_keys_peak{stats(), stat_name("keys_peak"), "count",
                               "most key ids active at once"};
    stats::counter m_contexts_created{stats(), stat_name("contexts_created"), "count",
                                      "contexts created"};
    stats::counter m_handle_loads{stats(), stat_name("handle.loads"), "count",
                                  "key handles created (tr.keyload)"};
    stats::counter m_handle_drops{stats(), stat_name("handle.drops"), "count",
                                  "key handles dropped (tr.keydrop, context destroyed)"};
    stats::counter m_frames_bound{stats(), stat_name("frames_bound"), "count",
                                  "frame bindings made"};
    stats::counter m_ref_einval{stats(), stat_name("refused.invalid"), "count",
                                "requests refused: malformed (unaligned, zero size, bad id)"};
    stats::counter m_ref_enospc{stats(), stat_name("refused.no_space"), "count",
                                "requests refused: no free entry, key id, context or handle"};
    stats::counter m_ref_eperm{stats(), stat_name("refused.permission"), "count",
                               "requests refused: foreign handle, frame owned elsewhere, "
                               "key or secret outside a hidden region, wrong mode"};
    stats::counter m_ref_eoverlap{stats(), stat_name("refused.overlap"), "count",
                                  "requests refused: range overlaps an entry of the context"};
    stats::counter m_ref_other{stats(), stat_name("refused.other"), "count",
                               "requests refused for another reason (fault, image, context)"};
};

} // namespace trvp
