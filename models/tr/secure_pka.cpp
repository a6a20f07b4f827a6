// tr.pka: the public-key accelerator on memory operands of the caller, one function per
// operation (each reads its argument block of u32 words, tr_abi.h TR_PKA_*). From encrypted mode,
// secret operands (private keys, seeds, shared secrets, derived keys) must lie in the caller's
// hidden region under its data key, so private values never leave the chip in plaintext.
#include "tr/secure_unit.h"

#include "sealing/pka.h"

#include <algorithm>

namespace trvp {

using sealing::bytes;

namespace {
constexpr uint32_t max_msg = 64 * 1024; // longest message / salt / info / ikm accepted
uint64_t blocks(uint64_t n) {
    return std::max<uint64_t>(1, (n + 63) / 64);
}
} // namespace

bool secure_unit::pka_args(uint32_t block_va, uint32_t* a, unsigned n) {
    return read_virt(block_va, a, n * 4) == TR_OK;
}

bool secure_unit::pka_read(uint32_t va, uint32_t len, std::vector<uint8_t>& out) {
    out.assign(len, 0);
    return read_virt(va, out.data(), len) == TR_OK;
}

bool secure_unit::pka_write(uint32_t va, const std::vector<uint8_t>& in) {
    return write_virt(va, in.data(), uint32_t(in.size())) == TR_OK;
}

int32_t secure_unit::pka_x25519_keypair(uint32_t block_va) { // priv_out, pub_out
    uint32_t a[2];
    if (!pka_args(block_va, a, 2)) return fail(TR_EFAULT);
    charge(m_params.costs.x25519_keypair);
    if (!secret_ok(a[0], 32)) return fail(TR_EPERM);
    bytes rnd = m_drbg.generate(32), priv(32), pub(32);
    sealing::x25519_keypair(rnd, priv, pub);
    if (!pka_write(a[0], priv) || !pka_write(a[1], pub)) return fail(TR_EFAULT);
    return TR_OK;
}

int32_t secure_unit::pka_x25519_agree(uint32_t block_va) { // priv, peer_pub, shared_out
    uint32_t a[3];
    if (!pka_args(block_va, a, 3)) return fail(TR_EFAULT);
    charge(m_params.costs.x25519_agree);
    if (!secret_ok(a[0], 32) || !secret_ok(a[2], 32)) return fail(TR_EPERM);
    bytes x, y;
    if (!pka_read(a[0], 32, x) || !pka_read(a[1], 32, y)) return fail(TR_EFAULT);
    bytes shared(32);
    if (sealing::x25519_agree(x, y, shared) != sealing::pka_status::ok) return fail(TR_EINVAL);
    if (!pka_write(a[2], shared)) return fail(TR_EFAULT);
    return TR_OK;
}

int32_t secure_unit::pka_ed25519_keypair(uint32_t block_va) { // seed_out, pub_out
    uint32_t a[2];
    if (!pka_args(block_va, a, 2)) return fail(TR_EFAULT);
    charge(m_params.costs.ed25519_keypair);
    if (!secret_ok(a[0], 32)) return fail(TR_EPERM);
    bytes seed = m_drbg.generate(32), pub(32);
    sealing::ed25519_public(seed, pub);
    if (!pka_write(a[0], seed) || !pka_write(a[1], pub)) return fail(TR_EFAULT);
    return TR_OK;
}

int32_t secure_unit::pka_ed25519_sign(uint32_t block_va) { // seed, msg, msg_len, sig_out
    const secure_costs& k = m_params.costs;
    uint32_t a[4];
    if (!pka_args(block_va, a, 4)) return fail(TR_EFAULT);
    if (a[2] > max_msg) return fail(TR_EINVAL);
    charge(k.ed25519_sign + k.sha256_block * blocks(a[2]));
    if (!secret_ok(a[0], 32)) return fail(TR_EPERM);
    bytes x, y;
    if (!pka_read(a[0], 32, x) || !pka_read(a[1], a[2], y)) return fail(TR_EFAULT);
    bytes sig(64);
    sealing::ed25519_sign(x, y, sig);
    if (!pka_write(a[3], sig)) return fail(TR_EFAULT);
    return TR_OK;
}

// pub, msg, msg_len, sig -> 1 valid, 0 not
int32_t secure_unit::pka_ed25519_verify(uint32_t block_va) {
    const secure_costs& k = m_params.costs;
    uint32_t a[4];
    if (!pka_args(block_va, a, 4)) return fail(TR_EFAULT);
    if (a[2] > max_msg) return fail(TR_EINVAL);
    charge(k.ed25519_verify + k.sha256_block * blocks(a[2]));
    bytes x, y, z;
    if (!pka_read(a[0], 32, x) || !pka_read(a[1], a[2], y) || !pka_read(a[3], 64, z))
        return fail(TR_EFAULT);
    return sealing::ed25519_verify(x, y, z) == sealing::pka_status::ok ? 1 : 0;
}

int32_t secure_unit::pka_sha256(uint32_t block_va) { // msg, msg_len, digest_out
    uint32_t a[3];
    if (!pka_args(block_va, a, 3)) return fail(TR_EFAULT);
    if (a[1] > max_msg) return fail(TR_EINVAL);
    charge(m_params.costs.sha256_block * blocks(a[1] + 9));
    bytes x;
    if (!pka_read(a[0], a[1], x)) return fail(TR_EFAULT);
    bytes digest(32);
    sealing::sha256(x, digest);
    if (!pka_write(a[2], digest)) return fail(TR_EFAULT);
    return TR_OK;
}

// salt, salt_len, ikm, ikm_len, info, info_len, out, out_len
int32_t secure_unit::pka_hkdf_sha256(uint32_t block_va) {
    const secure_costs& k = m_params.costs;
    uint32_t a[8];
    if (!pka_args(block_va, a, 8)) return fail(TR_EFAULT);
    if (a[1] > max_msg || a[3] > max_msg || a[5] > max_msg || a[7] == 0 ||
        a[7] > sealing::hkdf_max_size)
        return fail(TR_EINVAL);
    charge(k.hkdf + k.sha256_block * (blocks(a[1]) + blocks(a[3]) + blocks(a[5]) + blocks(a[7])));
    if (!secret_ok(a[2], a[3]) || !secret_ok(a[6], a[7])) return fail(TR_EPERM);
    bytes x, y, z;
    if (!pka_read(a[0], a[1], x) || !pka_read(a[2], a[3], y) || !pka_read(a[4], a[5], z))
        return fail(TR_EFAULT);
    bytes w(a[7], 0);
    sealing::hkdf_sha256(x, y, z, w);
    if (!pka_write(a[6], w)) return fail(TR_EFAULT);
    return TR_OK;
}

} // namespace trvp
