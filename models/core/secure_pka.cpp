// tr.pka: the public-key accelerator on memory operands of the caller. From encrypted mode,
// secret operands (private keys, seeds, shared secrets, derived keys) must lie in the caller's
// hidden region under its data key, so private values never leave the chip in plaintext.
#include "core/secure_unit.h"

#include "secure/pka.h"

#include <algorithm>

namespace trvp {

namespace {
constexpr uint32_t max_msg = 64 * 1024; // longest message / salt / info / ikm accepted
uint64_t blocks(uint64_t n) {
    return std::max<uint64_t>(1, (n + 63) / 64);
}
} // namespace

int32_t secure_unit::pka(unsigned op, uint32_t block_va) {
    static constexpr unsigned words[] = {2, 3, 2, 4, 4, 3, 8};
    const secure_costs& k = m_params.costs;
    if (op > 6) return fail(tr::einval);
    uint32_t a[8] = {};
    if (read_virt(block_va, a, words[op] * 4) != tr::ok) return fail(tr::efault);
    using secure::bytes;
    auto rd = [&](uint32_t va, uint32_t len, bytes& out) {
        out.assign(len, 0);
        return read_virt(va, out.data(), len) == tr::ok;
    };
    auto wr = [&](uint32_t va, const bytes& in) {
        return write_virt(va, in.data(), uint32_t(in.size())) == tr::ok;
    };
    bytes x, y, z, w;
    switch (op) {
    case 0: { // x25519 key pair: priv_out, pub_out
        charge(k.x25519_keypair);
        if (!secret_ok(a[0], 32)) return fail(tr::eperm);
        bytes rnd = m_drbg.generate(32), priv(32), pub(32);
        secure::x25519_keypair(rnd, priv, pub);
        if (!wr(a[0], priv) || !wr(a[1], pub)) return fail(tr::efault);
        return tr::ok;
    }
    case 1: { // x25519 agree: priv, peer_pub, shared_out
        charge(k.x25519_agree);
        if (!secret_ok(a[0], 32) || !secret_ok(a[2], 32)) return fail(tr::eperm);
        if (!rd(a[0], 32, x) || !rd(a[1], 32, y)) return fail(tr::efault);
        bytes shared(32);
        if (secure::x25519_agree(x, y, shared) != secure::pka_status::ok) return fail(tr::einval);
        if (!wr(a[2], shared)) return fail(tr::efault);
        return tr::ok;
    }
    case 2: { // ed25519 key pair: seed_out, pub_out
        charge(k.ed25519_keypair);
        if (!secret_ok(a[0], 32)) return fail(tr::eperm);
        bytes seed = m_drbg.generate(32), pub(32);
        secure::ed25519_public(seed, pub);
        if (!wr(a[0], seed) || !wr(a[1], pub)) return fail(tr::efault);
        return tr::ok;
    }
    case 3: { // ed25519 sign: seed, msg, msg_len, sig_out
        if (a[2] > max_msg) return fail(tr::einval);
        charge(k.ed25519_sign + k.sha256_block * blocks(a[2]));
        if (!secret_ok(a[0], 32)) return fail(tr::eperm);
        if (!rd(a[0], 32, x) || !rd(a[1], a[2], y)) return fail(tr::efault);
        bytes sig(64);
        secure::ed25519_sign(x, y, sig);
        if (!wr(a[3], sig)) return fail(tr::efault);
        return tr::ok;
    }
    case 4: { // ed25519 verify: pub, msg, msg_len, sig -> 1 valid, 0 not
        if (a[2] > max_msg) return fail(tr::einval);
        charge(k.ed25519_verify + k.sha256_block * blocks(a[2]));
        if (!rd(a[0], 32, x) || !rd(a[1], a[2], y) || !rd(a[3], 64, z)) return fail(tr::efault);
        return secure::ed25519_verify(x, y, z) == secure::pka_status::ok ? 1 : 0;
    }
    case 5: { // sha256: msg, msg_len, digest_out
        if (a[1] > max_msg) return fail(tr::einval);
        charge(k.sha256_block * blocks(a[1] + 9));
        if (!rd(a[0], a[1], x)) return fail(tr::efault);
        bytes digest(32);
        secure::sha256(x, digest);
        if (!wr(a[2], digest)) return fail(tr::efault);
        return tr::ok;
    }
    default: { // hkdf-sha256: salt, salt_len, ikm, ikm_len, info, info_len, out, out_len
        if (a[1] > max_msg || a[3] > max_msg || a[5] > max_msg || a[7] == 0 ||
            a[7] > secure::hkdf_max_size)
            return fail(tr::einval);
        charge(k.hkdf +
               k.sha256_block * (blocks(a[1]) + blocks(a[3]) + blocks(a[5]) + blocks(a[7])));
        if (!secret_ok(a[2], a[3]) || !secret_ok(a[6], a[7])) return fail(tr::eperm);
        if (!rd(a[0], a[1], x) || !rd(a[2], a[3], y) || !rd(a[4], a[5], z)) return fail(tr::efault);
        w.assign(a[7], 0);
        secure::hkdf_sha256(x, y, z, w);
        if (!wr(a[6], w)) return fail(tr::efault);
        return tr::ok;
    }
    }
}

} // namespace trvp
