// tr.launch: read a sealed image through the plaintext path, open it with the device key,
// create a context with a fresh data key, write every segment page (and the zero-filled
// stack) into the frames the process's page table maps, through the caches and the EU,
// bind the frames and install the EAR entries. docs/tr-isa.md, docs/design.md#launch.
#include "tr/secure_unit.h"

#include "core/tlb.h"
#include "sealing/sealed_image.h"

#include <cstring>

namespace trvp {

namespace {
constexpr uint32_t page = 4096;

struct planned_page {
    uint32_t va, frame;
    uint16_t key;
    ear_kind kind;
    const uint8_t* data;  // page contents (page bytes)
    uint32_t pte_pa, pte; // the leaf the walk found (A/D are set when the page is written)
};
// The TR_IMAGE_* codes are the seal_status values (tr_abi.h): the guest ABI names them.
static_assert(int(sealing::seal_status::truncated) == TR_IMAGE_TRUNCATED &&
                  int(sealing::seal_status::trailing_data) == TR_IMAGE_TRAILING_DATA &&
                  int(sealing::seal_status::bad_magic) == TR_IMAGE_BAD_MAGIC &&
                  int(sealing::seal_status::bad_version) == TR_IMAGE_BAD_VERSION &&
                  int(sealing::seal_status::bad_flags) == TR_IMAGE_BAD_FLAGS &&
                  int(sealing::seal_status::unwrap_failed) == TR_IMAGE_UNWRAP_FAILED &&
                  int(sealing::seal_status::manifest_tag_failed) == TR_IMAGE_MANIFEST_TAG_FAILED &&
                  int(sealing::seal_status::bad_manifest) == TR_IMAGE_BAD_MANIFEST &&
                  int(sealing::seal_status::bad_permissions) == TR_IMAGE_BAD_PERMISSIONS &&
                  int(sealing::seal_status::bad_alignment) == TR_IMAGE_BAD_ALIGNMENT &&
                  int(sealing::seal_status::overlapping_segments) ==
                      TR_IMAGE_OVERLAPPING_SEGMENTS &&
                  int(sealing::seal_status::bad_entry) == TR_IMAGE_BAD_ENTRY &&
                  int(sealing::seal_status::segment_tag_failed) == TR_IMAGE_SEGMENT_TAG_FAILED,
              "tr_abi.h TR_IMAGE_* must follow seal_status");
} // namespace

int32_t secure_unit::refuse_image(int32_t status, const std::string& why) {
    m_image_status = status;
    ++m_images_refused;
    m_image_refused.set(why);
    return fail(TR_EIMAGE);
}

int32_t secure_unit::load_and_open(uint32_t image_pa, std::vector<uint8_t>& image,
                                   uint64_t& moved) {
    uint8_t header[sealing::seal_header_size];
    if (read_phys(image_pa, header, sizeof header, 0) != TR_OK) return TR_EFAULT;
    uint32_t size = 0;
    const sealing::seal_status st =
        sealing::peek_image_size(sealing::cspan(header, sizeof header), size);
    if (st != sealing::seal_status::ok) return refuse_image(int32_t(st), sealing::to_string(st));
    if (size < sizeof header)
        return refuse_image(TR_IMAGE_TRUNCATED,
                            "truncated: the header's image size is " + std::to_string(size));
    if (size > m_params.max_image_size)
        return refuse_image(TR_IMAGE_TOO_LARGE, "too large: image size " + std::to_string(size) +
                                                    " above max_image_size " +
                                                    std::to_string(m_params.max_image_size));
    if (uint64_t(image_pa) + size > (uint64_t(1) << 32)) return TR_EFAULT;
    image.resize(size);
    if (read_phys(image_pa, image.data(), size, 0) != TR_OK) return TR_EFAULT;
    moved += size;
    charge(uint64_t(m_params.costs.launch_aes_per_line) * ((size + 63) / 64));
    return TR_OK;
}

int32_t secure_unit::write_page(uint32_t frame, const uint8_t* data, uint16_t key_id,
                                uint16_t ctx) {
    return write_phys(frame, data, page, key_id, ctx);
}

int32_t secure_unit::launch(uint32_t image_pa, uint32_t satp) {
    charge(m_params.costs.launch);
    if (!(satp >> 31)) return fail(TR_EINVAL); // encrypted mode needs Sv32 translation
    std::vector<uint8_t> image;
    uint64_t moved = 0;
    int32_t code = load_and_open(image_pa, image, moved);
    if (code != TR_OK) {
        charge(uint64_t(m_params.costs.launch_per_byte) * moved);
        return code == TR_EIMAGE ? code : fail(code); // refuse_image counted it
    }
    sealing::opened_image img;
    const sealing::seal_status st = sealing::open_image(sealing::cspan(image), m_device, img);
    charge(uint64_t(m_params.costs.launch_per_byte) * moved);
    if (st != sealing::seal_status::ok) return refuse_image(int32_t(st), sealing::to_string(st));

    key128 data_key{}, program_key{};
    m_drbg.generate(sealing::mspan(data_key));
    std::memcpy(program_key.data(), img.program_key.data(), 16);
    uint16_t ctx = 0;
    code = m_bank.create_context(data_key, program_key, ctx);
    data_key.fill(0);
    program_key.fill(0);
    if (code != TR_OK) return code; // counted by the bank
    const uint16_t dkey = m_bank.data_key(ctx), pkey = m_bank.program_key(ctx);

    // Build every page's contents and find its frame before writing anything.
    const sealing::manifest& m = img.m;
    std::vector<std::vector<uint8_t>> contents;
    std::vector<planned_page> pages;
    auto abort = [&](int32_t c) {
        for (uint32_t f : m_bank.destroy_context(ctx)) m_h.invalidate_code(f, page);
        scrub();
        return fail(c);
    };
    auto plan = [&](uint32_t lo, uint32_t hi, uint16_t key, ear_kind kind, uint8_t perms,
                    const uint8_t* src, uint32_t src_va, uint32_t src_len) -> int32_t {
        const int32_t c = m_bank.add_entry(ctx, lo, hi - lo, key, perms, kind);
        if (c != TR_OK) return c;
        for (uint32_t va = lo; va < hi; va += page) {
            walk_result w;
            if (walk(satp, va, w) != TR_OK || !(w.flags & core::pte::u)) return TR_EFAULT;
            const uint32_t frame = w.pa & ~(page - 1);
            if (m_bank.can_bind(frame, ctx, va, kind) != TR_OK) return TR_EPERM;
            for (const planned_page& p : pages)
                if (p.frame == frame) return TR_EPERM; // two pages of one image, one frame
            contents.emplace_back(page, 0);
            std::vector<uint8_t>& buf = contents.back();
            for (uint32_t i = 0; i < page; ++i) {
                const uint32_t a = va + i;
                if (a - src_va < src_len) buf[i] = src[a - src_va];
            }
            pages.push_back({va, frame, key, kind, nullptr, w.pte_pa, w.pte});
            if (va + page < va) break;
        }
        return TR_OK;
    };
    for (size_t i = 0; i < m.segments.size(); ++i) {
        const sealing::segment_info& s = m.segments[i];
        const uint32_t lo = s.vaddr & ~(page - 1);
        const uint32_t hi =
            uint32_t((uint64_t(s.vaddr) + s.mem_size + page - 1) & ~uint64_t(page - 1));
        const bool code_seg = s.kind == sealing::segment_kind::code;
        code = plan(lo, hi, code_seg ? pkey : dkey, code_seg ? ear_kind::code : ear_kind::hidden,
                    s.perms, img.segment_data[i].data(), s.vaddr, s.file_size);
        if (code != TR_OK) return abort(code);
    }
    if (m.stack_size) {
        code = plan(m.stack_va, m.stack_va + m.stack_size, dkey, ear_kind::hidden, ear_r | ear_w,
                    nullptr, 0, 0);
        if (code != TR_OK) return abort(code);
    }
    for (size_t i = 0; i < pages.size(); ++i) pages[i].data = contents[i].data();

    // Write through the caches (tweak = physical address), bind, and make code visible to
    // the fetch path: clean the data side, drop stale fetch-side lines. Each page is a write
    // of the process's page: its leaf gets A and D first, as the hart's walker would set them.
    uint64_t written = 0;
    for (const planned_page& p : pages) {
        walk_result w;
        w.pte = p.pte;
        w.pte_pa = p.pte_pa;
        if (touch(w, true, true) != TR_OK || write_page(p.frame, p.data, p.key, ctx) != TR_OK)
            return abort(TR_EFAULT);
        m_bank.bind_frame(p.frame, ctx, p.va, p.kind);
        written += page;
        if (p.kind == ear_kind::code) {
            m_port.cache_maintain(cache_op_ext::op::clean, cache_op_ext::scope::range, 0, p.frame,
                                  page, false, true);
            m_port.cache_maintain(cache_op_ext::op::invalidate, cache_op_ext::scope::range, 0,
                                  p.frame, page, true, false);
        }
    }
    charge(uint64_t(m_params.costs.launch_per_byte) * written);

    context& c = m_ctx[ctx];
    c = context{};
    c.state = ctx_state::runnable;
    c.entry = m.entry;
    c.satp = satp;
    c.stack_top = m.stack_size ? m.stack_va + m.stack_size : 0;
    ++m_launches;
    m_launch_bytes += written;
    return ctx;
}

} // namespace trvp
