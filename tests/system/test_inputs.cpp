#define BOOST_TEST_MODULE system_inputs
// Inputs the loader and the kernel refuse, through real runs: every refusal names the
// input and the reason. The ELF loader and image placement exit 2 (docs/platform.md,
// "Firmware"); a sealed image the kernel or the secure unit refuses ends that process, and
// the kernel's line and the run summary say which part failed and why (docs/kernel.md,
// docs/sealed-image.md).
#include "../platform/elf_builder.h"
#include "tr_helpers.h"

using namespace trvp::systest;

namespace {

// A platform without a core: it loads the firmware and images, then ends at once.
std::string no_core_yaml(const std::string& elf, const std::string& images = "") {
    return "firmware:\n  elf: " + elf + "\n" + images +
           "components:\n"
           "  bus:\n"
           "    type: router\n"
           "    map:\n"
           "      - {port: dram, base: 0x80000000, size: 1 MiB}\n"
           "  dram: {type: dram, size: 1 MiB}\n"
           "connections:\n"
           "  - bus.dram -> dram.mem\n";
}

std::string bytes_of(const std::string& path) {
    return read_file(path);
}

// u_tr_hidden.sealed, changed by `edit`, written to the scratch folder as bad.sealed.
std::string tampered(const std::function<void(std::string&)>& edit) {
    std::string img = bytes_of(sealed("u_tr_hidden.sealed"));
    BOOST_REQUIRE(img.size() > 200);
    edit(img);
    return write_file("bad.sealed", img);
}

uint32_t get32(const std::string& b, size_t off) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(uint8_t(b[off + i])) << (8 * i);
    return v;
}

// configs/tr.yaml running `image` as a sealed program (kind given: a bad magic must not
// turn it into a plain ELF).
run_result run_sealed(const std::string& image, const std::vector<std::string>& sets = {}) {
    static int n = 0;
    trvp_run r(config_path("tr.yaml"));
    r.out(scratch_dir() + "/out" + std::to_string(++n)); // one transcript per run
    r.set("firmware.images=[{file: " + image + "}]")
        .set("firmware.boot.programs=[{image: '0', kind: sealed, arg: 1}]")
        .max_time("200 ms");
    for (auto& s : sets) r.set(s);
    return r.run();
}

// The process is refused; the secure unit's reason is in cpu.secure.image_refused and the
// summary's security line.
void refused(const run_result& r, const std::string& unit_says) {
    BOOST_TEST(r.status == 1, r);
    BOOST_TEST(r.counter("cpu.secure.images_refused") == 1u);
    BOOST_TEST(r.text("cpu.secure.image_refused").find(unit_says) != std::string::npos,
               r.text("cpu.secure.image_refused"));
    BOOST_TEST(r.err_has("cpu.secure.image_refused: " + unit_says), r);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(sealed_refusals, images_built)

// Structural defects are refused by the loader before the run: exit 2 naming the key, the
// file and the defect (the kernel would only see a process it cannot start).
void refused_at_load(const run_result& r, const std::string& why) {
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("firmware.boot.programs.0.image"), r);
    BOOST_TEST(r.err_has("bad.sealed: not a valid sealed image: " + why), r);
}

BOOST_AUTO_TEST_CASE(malformed_headers_and_trailing_data_are_refused_at_load) {
    refused_at_load(run_sealed(tampered([](std::string& b) { b[0] = 'X'; })),
                    "header: bad magic (not a TRVPSEAL image)");
    refused_at_load(run_sealed(tampered([](std::string& b) { b[8] = 2; })),
                    "header: unsupported version (not 1)");
    refused_at_load(run_sealed(tampered([](std::string& b) { b[10] = 1; })),
                    "header: flags or reserved field not zero");
    const std::string n = std::to_string(read_file(sealed("u_tr_hidden.sealed")).size());
    const auto padded = run_sealed(tampered([](std::string& b) { b += std::string(16, 'x'); }));
    refused_at_load(padded, "trailing data: bytes after the header's image size (the header's "
                            "image size is " +
                                n + ", the file has ");
    refused_at_load(run_sealed(tampered([](std::string& b) { b.resize(b.size() - 100); })),
                    "truncated: shorter than the header's image size");
    refused_at_load(run_sealed(tampered([](std::string& b) { b[16] = char(0xff); })),
                    "manifest: malformed");
}

BOOST_AUTO_TEST_CASE(key_wrap_failures_are_named_by_the_secure_unit) {
    const std::string why = "key wrap: the program key does not unwrap";
    refused(run_sealed(tampered([](std::string& b) { b[60] ^= 1; })), why);
    // An intact image sealed for another chip.
    refused(run_sealed(sealed("u_tr_hidden.sealed"), {"cpu.secure.device_seed=other-chip"}), why);
}

BOOST_AUTO_TEST_CASE(manifest_and_segment_tags_are_named_by_the_secure_unit) {
    refused(run_sealed(tampered([](std::string& b) { b[88 + get32(b, 16)] ^= 0x80; })),
            "manifest: tag mismatch");
    refused(run_sealed(tampered([](std::string& b) { b.back() ^= 1; })), "segment: tag mismatch");
}

BOOST_AUTO_TEST_CASE(an_image_above_the_units_limit_is_named) {
    refused(run_sealed(sealed("u_tr_hidden.sealed"), {"cpu.secure.max_image_size=2 KiB"}),
            "too large: image size");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(elf_with_overlapping_segments_or_stray_entry_exits_2) {
    trvp::test::elf_builder b;
    b.entry = 0x80100000;
    b.write(scratch_dir() + "/fw.elf");
    auto r = trvp_run::from_yaml(no_core_yaml("fw.elf")).run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("fw.elf: invalid firmware ELF: entry point 0x80100000 is outside every "
                         "PT_LOAD segment (0 [0x80000000, 0x80000008))"),
               r);
}

BOOST_AUTO_TEST_CASE(an_image_over_the_kernel_exits_2_naming_it) {
    const std::string kernel_elf = firmware_path(kernel);
    const std::string img = write_file("prog.bin", std::string(8192, 'p'));
    auto r = trvp_run::from_yaml(
                 no_core_yaml(kernel_elf, "  images:\n    - {file: prog.bin, addr: 0x80000000}\n"))
                 .run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("firmware.images.0: image " + img +
                         " at [0x80000000, 0x80002000) overlaps segment 0"),
               r);
    BOOST_TEST(r.err_has("of the firmware " + kernel_elf), r);
    // Two images on top of each other.
    write_file("prog2.bin", std::string(100, 'q'));
    r = trvp_run::from_yaml(no_core_yaml(kernel_elf, "  images:\n"
                                                     "    - {file: prog.bin, addr: 0x800f0000}\n"
                                                     "    - {file: prog2.bin, addr: 0x800f1000}\n"))
            .run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("firmware.images.1: image "), r);
    BOOST_TEST(r.err_has("overlaps firmware.images.0 " + img), r);
}

BOOST_AUTO_TEST_CASE(a_yaml_alias_inside_itself_exits_2_naming_the_line) {
    // Found by tests/fuzz/fuzz_config.cpp: the duplicate-key walk followed the cycle forever.
    auto r = trvp_run::from_yaml("simulation: {quantum: 1 us}\n"
                                 "components:\n"
                                 "  a: &x {b: *x}\n")
                 .run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("config.yaml:3: components.a.b.b."), r);
    BOOST_TEST(r.err_has("nested deeper than 64 levels (an alias inside the node it names?)"), r);
}
