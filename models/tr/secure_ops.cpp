// The TR instructions as rows of the hart's instruction table (docs/tr-isa.md): one row per
// operation, each with its encoding (tr_abi.h), its own privilege rule and its own function.
// One generic semantic function checks the row's rule, runs the row's operation on rs1/rs2
// and writes rd; it never decodes funct3/funct7 again.
#include "tr/secure_unit.h"

#include "core/isa.h"

namespace trvp {

using core::exception;
using core::privilege;

namespace {
/** Who may execute an operation; anyone else gets an illegal-instruction exception. */
enum class who : uint8_t {
    kernel,     // S/M-mode (TR_F3_KERNEL)
    in_context, // U-mode in encrypted mode (TR_F3_CONTEXT)
    anyone,     // any mode (TR_F3_ANY)
};
} // namespace

struct secure_unit::op_row {
    const char* name; // mnemonic
    const char* stat; // statistic: <core>.secure.op.<stat>
    uint32_t f3, f7;
    uint32_t mask; // core::mask_f7; core::mask_f3 for a group's catch-all
    who rule;
    int32_t (*run)(secure_unit& u, uint32_t rs1, uint32_t rs2);
    bool keeps_rd = false;    // on success rd is not written (tr.resume: the context's a0 holds)
    bool never_fails = false; // the result is data, not an error code (tr.rand)
};

void secure_unit::install() {
    using u32 = uint32_t;
    using s = secure_unit;
    // The statistics' names, in their historical order.
    static const char* const stat_names[] = {"launch", "resume",   "destroy", "info",
                                             "region", "unregion", "keyload", "keydrop",
                                             "pka",    "rand",     "savearea"};
    static const op_row rows[] = {
        {"tr.launch", "launch", TR_F3_KERNEL, TR_F7_LAUNCH, core::mask_f7, who::kernel,
         [](s& u, u32 a, u32 b) { return u.launch(a, b); }},
        {"tr.resume", "resume", TR_F3_KERNEL, TR_F7_RESUME, core::mask_f7, who::kernel,
         [](s& u, u32 a, u32) { return u.resume(a); }, true},
        {"tr.destroy", "destroy", TR_F3_KERNEL, TR_F7_DESTROY, core::mask_f7, who::kernel,
         [](s& u, u32 a, u32) { return u.destroy(a); }},
        {"tr.info", "info", TR_F3_KERNEL, TR_F7_INFO, core::mask_f7, who::kernel,
         [](s& u, u32 a, u32) { return u.info(a); }},
        {"tr.savearea", "savearea", TR_F3_KERNEL, TR_F7_SAVEAREA, core::mask_f7, who::kernel,
         [](s& u, u32 a, u32 b) { return u.savearea(a, b); }},
        {"tr.region", "region", TR_F3_CONTEXT, TR_F7_REGION, core::mask_f7, who::in_context,
         [](s& u, u32 a, u32) { return u.region(a); }},
        {"tr.unregion", "unregion", TR_F3_CONTEXT, TR_F7_UNREGION, core::mask_f7, who::in_context,
         [](s& u, u32 a, u32) { return u.unregion(a); }},
        {"tr.keyload", "keyload", TR_F3_CONTEXT, TR_F7_KEYLOAD, core::mask_f7, who::in_context,
         [](s& u, u32 a, u32) { return u.keyload(a); }},
        {"tr.keydrop", "keydrop", TR_F3_CONTEXT, TR_F7_KEYDROP, core::mask_f7, who::in_context,
         [](s& u, u32 a, u32) { return u.keydrop(a); }},
        {"tr.pka.x25519_keypair", "pka", TR_F3_ANY, TR_PKA_X25519_KEYPAIR, core::mask_f7,
         who::anyone, [](s& u, u32 a, u32) { return u.pka_x25519_keypair(a); }},
        {"tr.pka.x25519_agree", "pka", TR_F3_ANY, TR_PKA_X25519_AGREE, core::mask_f7, who::anyone,
         [](s& u, u32 a, u32) { return u.pka_x25519_agree(a); }},
        {"tr.pka.ed25519_keypair", "pka", TR_F3_ANY, TR_PKA_ED25519_KEYPAIR, core::mask_f7,
         who::anyone, [](s& u, u32 a, u32) { return u.pka_ed25519_keypair(a); }},
        {"tr.pka.ed25519_sign", "pka", TR_F3_ANY, TR_PKA_ED25519_SIGN, core::mask_f7, who::anyone,
         [](s& u, u32 a, u32) { return u.pka_ed25519_sign(a); }},
        {"tr.pka.ed25519_verify", "pka", TR_F3_ANY, TR_PKA_ED25519_VERIFY, core::mask_f7,
         who::anyone, [](s& u, u32 a, u32) { return u.pka_ed25519_verify(a); }},
        {"tr.pka.sha256", "pka", TR_F3_ANY, TR_PKA_SHA256, core::mask_f7, who::anyone,
         [](s& u, u32 a, u32) { return u.pka_sha256(a); }},
        {"tr.pka.hkdf_sha256", "pka", TR_F3_ANY, TR_PKA_HKDF_SHA256, core::mask_f7, who::anyone,
         [](s& u, u32 a, u32) { return u.pka_hkdf_sha256(a); }},
        {"tr.rand", "rand", TR_F3_ANY, TR_F7_RAND, core::mask_f7, who::anyone,
         [](s& u, u32, u32) { return u.rand(); }, false, true},
        // Any other funct7 of the any-mode group: an unknown PKA operation (the table tries
        // the rows with more mask bits first).
        {"tr.pka?", "pka", TR_F3_ANY, 0, core::mask_f3, who::anyone,
         [](s& u, u32, u32) { return u.fail(TR_EINVAL); }},
    };
    auto stat = [&](const char* name) -> stats::counter* {
        for (size_t i = 0; i < std::size(stat_names); ++i)
            if (std::string(stat_names[i]) == name) return m_op_stats[i].get();
        return nullptr;
    };
    const std::string prefix = m_prefix + "op.";
    for (const char* n : stat_names)
        m_op_stats.push_back(std::make_unique<stats::counter>(
            m_reg, prefix + n, "count", std::string("tr.") + n + " instructions executed"));
    m_bindings.reserve(std::size(rows)); // insn_desc::user points into it: no reallocation
    for (const op_row& r : rows) {
        m_bindings.push_back(op_binding{this, &r, stat(r.stat)});
        m_h.add_instruction(core::insn_desc{r.name, core::enc(TR_OPCODE, r.f3, r.f7), r.mask,
                                            core::insn_format::r, core::timing_class::system, exec,
                                            &m_bindings.back()});
    }
    // trctx: csrrs/csrrc/csrrsi/csrrci with rs1 = x0 (reads). Other accesses hit the standard
    // CSR path, which does not know the number: illegal instruction.
    for (uint32_t f3 : {2u, 3u, 6u, 7u})
        m_h.add_instruction(core::insn_desc{
            "csrr.trctx", (uint32_t(TR_CSR_TRCTX) << 20) | (f3 << 12) | 0x73, 0xfffff07fu,
            core::insn_format::csr, core::timing_class::csr, exec_trctx, this});
}

void secure_unit::exec(core::hart& h, const core::decoded_insn& d) {
    const op_binding& b = *static_cast<const op_binding*>(d.desc->user);
    secure_unit& u = *b.unit;
    const bool user = h.priv() == privilege::user;
    bool allowed = true;
    switch (b.row->rule) {
    case who::kernel:
        allowed = !user;
        break;
    case who::in_context:
        allowed = user && u.m_current != 0;
        break;
    case who::anyone:
        break;
    }
    if (!allowed) {
        h.raise(exception::illegal_insn, d.raw);
        return;
    }
    const int32_t r = b.row->run(u, h.x(d.rs1), h.x(d.rs2));
    ++*b.count;
    if (kills(u.m_op_fault) && u.m_current) { // memory refused an operand: the context dies
        h.raise(u.m_op_fault_write ? exception::store_access_fault : exception::load_access_fault,
                0);
        return;
    }
    u.m_op_fault = mem_fault::none;
    if (b.row->keeps_rd && r == TR_OK) return; // now in the context: its registers are restored
    if (r < 0 && !b.row->never_fails) ++u.m_errors;
    h.x(d.rd) = uint32_t(r);
}

void secure_unit::exec_trctx(core::hart& h, const core::decoded_insn& d) {
    auto* self = static_cast<secure_unit*>(d.desc->user);
    if (h.priv() == privilege::user) {
        h.raise(exception::illegal_insn, d.raw);
        return;
    }
    h.x(d.rd) = self->m_trctx;
}

int32_t secure_unit::rand() {
    charge(m_params.costs.rand);
    ++m_rand_words;
    return int32_t(m_drbg.next_u32());
}

} // namespace trvp
