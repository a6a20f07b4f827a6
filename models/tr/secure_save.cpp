// Context save in kernel memory (secure.context_save: memory; docs/design.md#context-save):
// on a trap from encrypted mode the registers and pc leave the chip as an AES-GCM blob under
// a temporary processor key (drawn from the DRBG at reset, never exposed), written to the
// save area the kernel gave the context (tr.savearea); tr.resume reads it back and enters the
// context only if the tag verifies and the blob's version is the one the chip holds.
#include "tr/secure_unit.h"

#include "sealing/pka.h"

#include <cstring>

namespace trvp {

namespace {

// Blob layout (little endian), docs/tr-isa.md:
//   0  u32 magic "TRCX"    4 u16 context id   6 u8 state (2 at ecall, 3 at trap)
//   7  u8 format (1)       8 u64 version      16 x1..x31 and pc (32 x u32), encrypted
//   144 GCM tag (16)
// The 16-byte header is the AAD; the nonce is (context id u32, version u64).
constexpr uint32_t magic = 0x58435254;
constexpr uint8_t format = 1;
constexpr uint32_t header_size = 16, regs_size = 32 * 4, tag_size = 16;
static_assert(header_size + regs_size + tag_size == secure_unit::blob_size);

void put32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}
uint32_t get32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

void header(uint8_t* h, uint16_t ctx, uint8_t state, uint64_t version) {
    put32(h, magic);
    h[4] = uint8_t(ctx);
    h[5] = uint8_t(ctx >> 8);
    h[6] = state;
    h[7] = format;
    put32(h + 8, uint32_t(version));
    put32(h + 12, uint32_t(version >> 32));
}

std::array<uint8_t, sealing::gcm_nonce_size> nonce(uint16_t ctx, uint64_t version) {
    std::array<uint8_t, sealing::gcm_nonce_size> n{};
    put32(n.data(), ctx);
    put32(n.data() + 4, uint32_t(version));
    put32(n.data() + 8, uint32_t(version >> 32));
    return n;
}

} // namespace

int32_t secure_unit::savearea(uint32_t id, uint32_t pa) {
    charge(m_params.costs.savearea);
    if (id == 0 || id >= m_ctx.size() || !m_bank.context_valid(uint16_t(id)))
        return fail(TR_ECONTEXT);
    if (pa % save_area_align) return fail(TR_EINVAL);
    if (memory_save()) { // the unit must reach it on a trap: read it once now (timed)
        uint8_t probe[blob_size];
        if (uint64_t(pa) + blob_size > (uint64_t(1) << 32) ||
            read_phys(pa, probe, blob_size, 0) != TR_OK)
            return fail(TR_EFAULT);
    }
    m_ctx[id].save_area = pa;
    m_ctx[id].has_area = true;
    return TR_OK;
}

void secure_unit::save_to_memory(uint16_t id, const core::hart& h, uint32_t pc) {
    context& c = m_ctx[id];
    uint8_t blob[blob_size];
    uint8_t plain[regs_size];
    const uint64_t version = ++m_versions[id];
    header(blob, id, uint8_t(c.state), version);
    for (unsigned i = 1; i < 32; ++i) put32(plain + 4 * (i - 1), h.reg(i));
    put32(plain + 4 * 31, pc);
    const auto n = nonce(id, version);
    sealing::aes128_gcm_encrypt(sealing::cspan(m_temp_key), sealing::cspan(n.data(), n.size()),
                                sealing::cspan(blob, header_size), sealing::cspan(plain, regs_size),
                                sealing::mspan(blob + header_size, regs_size),
                                sealing::mspan(blob + header_size + regs_size, tag_size));
    std::memset(plain, 0, sizeof plain);
    charge(m_params.costs.context_seal);
    // A write that fails leaves the older blob there: resume then refuses it (stale version),
    // so a lost save can never resume with wrong registers.
    if (write_phys(c.save_area, blob, blob_size, 0, 0) == TR_OK) {
        ++m_saves;
        m_save_bytes += blob_size;
    }
}

int32_t secure_unit::restore_from_memory(uint16_t id, std::array<uint32_t, 32>& x, uint32_t& pc) {
    const context& c = m_ctx[id];
    uint8_t blob[blob_size];
    if (read_phys(c.save_area, blob, blob_size, 0) != TR_OK) return TR_EFAULT;
    m_save_bytes += blob_size;
    charge(m_params.costs.context_open);
    uint8_t want[header_size];
    header(want, id, uint8_t(c.state), m_versions[id]);
    // The header must be exactly the expected one. Everything but the version as expected:
    // an older (replayed) or otherwise wrong copy; any other difference: an altered one.
    if (std::memcmp(blob, want, header_size) != 0) {
        if (std::memcmp(blob, want, 8) == 0)
            ++m_refused_stale;
        else
            ++m_refused_altered;
        return TR_EVERIFY;
    }
    uint8_t plain[regs_size];
    const auto n = nonce(id, m_versions[id]);
    if (sealing::aes128_gcm_decrypt(sealing::cspan(m_temp_key), sealing::cspan(n.data(), n.size()),
                                    sealing::cspan(blob, header_size),
                                    sealing::cspan(blob + header_size, regs_size),
                                    sealing::cspan(blob + header_size + regs_size, tag_size),
                                    sealing::mspan(plain, regs_size)) != sealing::pka_status::ok) {
        ++m_refused_altered;
        return TR_EVERIFY;
    }
    x[0] = 0;
    for (unsigned i = 1; i < 32; ++i) x[i] = get32(plain + 4 * (i - 1));
    pc = get32(plain + 4 * 31);
    std::memset(plain, 0, sizeof plain);
    ++m_restores;
    return TR_OK;
}

} // namespace trvp
