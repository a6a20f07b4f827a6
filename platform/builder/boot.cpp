#include "boot.h"

#include "models/sealing/sealed_image.h"

#include "platform.h"
#include "platform/analysis/value.h"
#include "platform_impl.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#ifndef TRVP_FIRMWARE_DIR
#define TRVP_FIRMWARE_DIR ""
#endif
#ifndef TRVP_SEALED_DIR
#define TRVP_SEALED_DIR ""
#endif

namespace trvp::platform {

namespace {

constexpr uint32_t boot_magic = 0x42565254; // "TRVB"
constexpr size_t boot_size = 160;
constexpr size_t max_programs = 8;

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[off + i] = uint8_t(v >> (8 * i));
}

uint64_t round_up(uint64_t v, uint64_t a) {
    return (v + a - 1) / a * a;
}

// A program run as a sealed image must be one structurally (header, sizes, manifest; the
// parts the secure unit authenticates are left to it at tr.launch): a malformed or padded
// file is a user error naming it, not a process the kernel refuses at run time.
void check_sealed(param_reader& p, const boot_image& img) {
    namespace s = trvp::sealing;
    s::manifest m;
    const s::seal_status st = s::read_manifest(s::cspan(img.bytes.data(), img.bytes.size()), m);
    if (st == s::seal_status::ok) return;
    std::string why = s::to_string(st);
    uint32_t size = 0;
    if ((st == s::seal_status::trailing_data || st == s::seal_status::truncated) &&
        s::peek_image_size(s::cspan(img.bytes.data(), img.bytes.size()), size) ==
            s::seal_status::ok)
        why += " (the header's image size is " + std::to_string(size) + ", the file has " +
               std::to_string(img.bytes.size()) + " bytes)";
    p.fail("image", img.path + ": not a valid sealed image: " + why +
                        " (docs/sealed-image.md; kind: plain runs it as an ELF)");
}

} // namespace

std::string find_image(const std::string& file, const std::string& config_dir,
                       std::vector<std::string>* tried) {
    namespace fs = std::filesystem;
    std::vector<std::string> candidates;
    if (!file.empty() && file[0] == '/') {
        candidates.push_back(file);
    } else {
        candidates.push_back((fs::path(config_dir) / file).lexically_normal().string());
        for (const char* dir : {TRVP_SEALED_DIR, TRVP_FIRMWARE_DIR})
            if (std::strlen(dir))
                candidates.push_back((fs::path(dir) / file).lexically_normal().string());
    }
    for (auto& c : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(c, ec)) return fs::absolute(c, ec).lexically_normal().string();
    }
    if (tried) *tried = candidates;
    return "";
}

void read_boot_section(param_reader& r, const std::string& config_dir, boot_config& b) {
    r.list("images", false,
           "program images (sealed or plain ELF) placed in memory for the kernel's boot block",
           [&](param_reader& item) {
               boot_image img;
               img.file = item.string("file", std::nullopt,
                                      "image file: beside the config, then the build's sealed/ "
                                      "and firmware folders");
               img.addr = item.address("addr", 0,
                                       "physical address, 4 KiB aligned (0: after the previous "
                                       "image, or after the firmware's __heap_start)");
               if (item.describing()) return;
               if (img.addr % 4096) item.fail("addr", "an image address must be 4 KiB aligned");
               std::vector<std::string> tried;
               img.path = find_image(img.file, config_dir, &tried);
               if (img.path.empty())
                   item.fail("file", "cannot find image '" + img.file + "' (looked for " +
                                         join(tried) + ")");
               std::ifstream in(img.path, std::ios::binary);
               img.bytes.assign(std::istreambuf_iterator<char>(in), {});
               if (!in.good() && !in.eof()) item.fail("file", img.path + ": cannot read");
               if (img.bytes.empty()) item.fail("file", img.path + ": the image is empty");
               img.sealed =
                   img.bytes.size() >= 8 && std::memcmp(img.bytes.data(), "TRVPSEAL", 8) == 0;
               b.images.push_back(std::move(img));
           });
    b.has_block = r.has("boot");
    r.group(
        "boot", "the kernel's boot block trvp_boot (docs/kernel.md); absent: untouched",
        [&](param_reader& g) {
            b.slice = uint32_t(g.integer("slice", 0, "mtime ticks",
                                         "time slice (0: the kernel's 1 ms)", 0, UINT32_MAX));
            b.scenario =
                uint32_t(g.integer("scenario", 0, "", "scenario id (SYS_INFO 0)", 0, UINT32_MAX));
            b.attacker = uint32_t(g.integer(
                "attacker", 0, "",
                "0 honest, 1 spy, 2 man in the middle, 3 register tampering, 4 writable "
                "mappings, 5 saved-context bit flip, 6 saved-context replay, 7 key-0 alias "
                "stores (docs/attributes.md), 8 key-0 "
                "bit flip, 9 DRAM bit flip, 10 rollback, 11 replay, 12 splice, 13 tag-stamp "
                "rewrite (docs/attacks.md)",
                0, 13));
            b.flags = uint32_t(
                g.integer("flags", 0, "", "bit 0 sealed dry run, bit 1 quiet", 0, UINT32_MAX));
            b.dram_size =
                uint32_t(g.size("dram_size", 0, "DRAM bytes the kernel manages (0: 128 MiB)"));
            g.list(
                "programs", false, "processes, pid = index + 1 (at most 8)", [&](param_reader& p) {
                    boot_program prog;
                    const std::string image =
                        p.string("image", std::nullopt,
                                 "an entry of firmware.images: its file as written, or its index");
                    const std::string kind =
                        p.choice("kind", "auto", {"auto", "plain", "sealed"},
                                 "auto: sealed if the image starts with TRVPSEAL");
                    prog.arg =
                        uint32_t(p.integer("arg", 0, "", "the process's boot arg", 0, UINT32_MAX));
                    if (p.describing()) return;
                    bool found = false;
                    for (size_t i = 0; i < b.images.size() && !found; ++i)
                        if (b.images[i].file == image || std::to_string(i) == image) {
                            prog.image = i;
                            found = true;
                        }
                    if (!found) p.fail("image", "no image '" + image + "' in firmware.images");
                    prog.kind = kind == "auto" ? (b.images[prog.image].sealed ? 1 : 0)
                                               : (kind == "sealed" ? 1 : 0);
                    if (prog.kind == 1) check_sealed(p, b.images[prog.image]);
                    if (b.programs.size() == max_programs) p.fail("image", "at most 8 programs");
                    b.programs.push_back(prog);
                });
        });
}

std::vector<uint8_t> boot_block_bytes(const boot_config& b) {
    std::vector<uint8_t> bytes(boot_size, 0);
    const uint32_t head[] = {
        boot_magic, 1, b.slice, b.scenario, b.attacker, b.flags, uint32_t(b.programs.size()),
        b.dram_size};
    for (size_t i = 0; i < 8; ++i) put32(bytes, 4 * i, head[i]);
    for (size_t i = 0; i < b.programs.size(); ++i) {
        const boot_program& p = b.programs[i];
        const boot_image& img = b.images[p.image];
        put32(bytes, 32 + 16 * i, uint32_t(img.addr));
        put32(bytes, 36 + 16 * i, uint32_t(img.bytes.size()));
        put32(bytes, 40 + 16 * i, p.kind);
        put32(bytes, 44 + 16 * i, p.arg);
    }
    return bytes;
}

namespace {
std::string span(uint64_t lo, uint64_t size) {
    return "[" + format_hex(lo) + ", " + format_hex(lo + size) + ")";
}
} // namespace

// An image over the firmware (its segments, or below its __heap_start: the kernel's own
// memory, docs/kernel.md "Loader rules") or over another image would be overwritten by the
// kernel or would overwrite it: refused before anything is written.
void platform::check_image_placement() const {
    uint64_t heap = 0, base = UINT64_MAX;
    if (m_elf) {
        if (auto s = m_elf->symbol("__heap_start")) heap = s->value;
        for (const auto& s : m_elf->segments()) base = std::min<uint64_t>(base, s.paddr);
    }
    for (size_t i = 0; i < m_boot.images.size(); ++i) {
        const boot_image& img = m_boot.images[i];
        const uint64_t lo = img.addr, n = img.bytes.size();
        const std::string who =
            "firmware.images." + std::to_string(i) + ": image " + img.path + " at " + span(lo, n);
        if (m_elf)
            for (const auto& s : m_elf->segments())
                if (lo < uint64_t(s.paddr) + s.memsz && s.paddr < lo + n)
                    throw user_error(who + " overlaps segment " + std::to_string(s.index) + " " +
                                     span(s.paddr, s.memsz) + " of the firmware " + m_info.elf +
                                     "; place images at or above " +
                                     format_hex(round_up(heap, 4096)) + " (addr: 0 does)");
        if (lo < heap && lo + n > base)
            throw user_error(who + " lies below the firmware's __heap_start " + format_hex(heap) +
                             " (" + m_info.elf + "'s own memory); place images at or above " +
                             format_hex(round_up(heap, 4096)) + " (addr: 0 does)");
        for (size_t j = 0; j < i; ++j) {
            const boot_image& o = m_boot.images[j];
            if (lo < o.addr + o.bytes.size() && o.addr < lo + n)
                throw user_error(who + " overlaps firmware.images." + std::to_string(j) + " " +
                                 o.path + " at " + span(o.addr, o.bytes.size()));
        }
    }
}

// Places the images (after __heap_start, or the firmware's last segment, when no address is
// given), writes them and fills trvp_boot.
void platform::load_boot() {
    if (m_boot.images.empty() && !m_boot.has_block) return;
    uint64_t next = 0;
    if (m_elf) {
        if (auto s = m_elf->symbol("__heap_start"))
            next = s->value;
        else
            for (auto& s : m_elf->segments()) next = std::max<uint64_t>(next, s.paddr + s.memsz);
    }
    for (auto& img : m_boot.images) {
        if (img.addr == 0) img.addr = round_up(next, 4096);
        next = img.addr + img.bytes.size();
    }
    check_image_placement();
    for (auto& img : m_boot.images)
        write_memory(img.addr, img.bytes.data(), img.bytes.size(), "image " + img.path);
    if (!m_boot.has_block) return;
    const auto sym = m_elf ? m_elf->symbol("trvp_boot") : std::nullopt;
    if (!sym)
        throw user_error("firmware.boot: " + m_info.elf +
                         " has no symbol 'trvp_boot' (the TRVP kernel's boot block)");
    if (sym->size && sym->size < boot_size)
        throw user_error("firmware.boot: " + m_info.elf + ": trvp_boot is " +
                         std::to_string(sym->size) + " bytes, expected 160");
    const auto bytes = boot_block_bytes(m_boot);
    write_memory(sym->value, bytes.data(), bytes.size(), "trvp_boot");
}

} // namespace trvp::platform
