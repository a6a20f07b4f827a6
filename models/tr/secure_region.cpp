// In-context instructions: tr.region, tr.unregion, tr.keyload, tr.keydrop (encrypted mode).
#include "tr/secure_unit.h"

#include <vector>

namespace trvp {

namespace {
constexpr uint32_t page = 4096;
// Descriptor flags (tr_abi.h): bit 0 attach, bits 2:1 kind, bits 4:3 perms (0 = RW, 1 = R,
// 2 = W, 3 = RW).
constexpr uint32_t flag_known =
    TR_REGION_ATTACH | (3u << TR_REGION_KIND_SHIFT) | (3u << TR_REGION_PERM_SHIFT);
} // namespace

int32_t secure_unit::fill_zero(uint32_t frame, uint16_t key_id, uint16_t ctx) {
    static const std::vector<uint8_t> zeros(page, 0);
    charge(uint64_t(m_params.costs.fill_per_line) * (page / m_params.line_size));
    return write_phys(frame, zeros.data(), page, key_id, ctx);
}

int32_t secure_unit::region(uint32_t desc_va) {
    charge(m_params.costs.region);
    static_assert(sizeof(tr_region_desc) == 16, "tr_region_desc is 16 bytes");
    tr_region_desc desc;
    if (read_virt(desc_va, &desc, sizeof desc) != TR_OK) return fail(TR_EFAULT);
    const uint32_t va = desc.va_base, size = desc.size, handle = desc.handle, flags = desc.flags;
    const unsigned kind_code = (flags >> TR_REGION_KIND_SHIFT) & 3;
    const unsigned perms_code = (flags >> TR_REGION_PERM_SHIFT) & 3;
    const uint8_t perms = perms_code == 0 ? uint8_t(ear_r | ear_w) : uint8_t(perms_code);
    if ((flags & ~flag_known) || kind_code == 3) return fail(TR_EINVAL);
    const auto kind = ear_kind(kind_code == 0 ? 1 : kind_code + 1); // hidden, shared, notify
    if ((handle == 0) != (kind == ear_kind::hidden)) return fail(TR_EINVAL);
    uint16_t key = 0;
    if (handle == 0) {
        key = m_bank.data_key(m_current);
    } else {
        const int32_t code = m_bank.resolve_handle(m_current, handle, key);
        if (code != TR_OK) return fail(code);
    }
    int32_t code = m_bank.check_entry(m_current, va, size);
    if (code != TR_OK) return code;
    uint32_t satp = 0;
    m_h.csr_read(0x180, satp);
    std::vector<uint32_t> frames;
    std::vector<walk_result> leaves;
    for (uint64_t a = va; a < uint64_t(va) + size; a += page) {
        walk_result w;
        if (walk(satp, uint32_t(a), w) != TR_OK || !(w.flags & core::pte::u))
            return fail(TR_EFAULT);
        const uint32_t frame = w.pa & ~(page - 1);
        if (m_bank.can_bind(frame, m_current, uint32_t(a), kind) != TR_OK) return fail(TR_EPERM);
        for (uint32_t f : frames)
            if (f == frame) return fail(TR_EPERM);
        frames.push_back(frame);
        leaves.push_back(w);
    }
    code = m_bank.add_entry(m_current, va, size, key, perms, kind);
    if (code != TR_OK) return code;
    const bool create = !(flags & TR_REGION_ATTACH);
    for (size_t i = 0; i < frames.size(); ++i) {
        m_bank.bind_frame(frames[i], m_current, va + uint32_t(i) * page, kind);
        // The page is accessed (A); a create writes it (D), as a store through it would.
        if (touch(leaves[i], create, true) != TR_OK ||
            (create && fill_zero(frames[i], key, m_current) != TR_OK)) {
            m_bank.remove_entry(m_current, va);
            m_h.flush_translations();
            return fail(TR_EFAULT);
        }
    }
    m_h.flush_translations(); // the pages' key ids changed
    return TR_OK;
}

int32_t secure_unit::unregion(uint32_t va) {
    charge(m_params.costs.unregion);
    if (m_bank.remove_entry(m_current, va) != TR_OK) return TR_EINVAL; // counted by the bank
    m_h.flush_translations();
    scrub();
    return TR_OK;
}

int32_t secure_unit::keyload(uint32_t va) {
    charge(m_params.costs.keyload);
    if (!in_hidden(va, 16)) return fail(TR_EPERM);
    key128 key{};
    if (read_virt(va, key.data(), 16) != TR_OK) return fail(TR_EFAULT);
    const int32_t h = m_bank.load_key(m_current, key);
    key.fill(0);
    return h; // a handle, or an error the bank counted
}

int32_t secure_unit::keydrop(uint32_t handle) {
    charge(m_params.costs.keydrop);
    const int32_t code = m_bank.drop_handle(m_current, handle);
    if (code != TR_OK) return code;
    scrub();
    return TR_OK;
}

} // namespace trvp
