#define BOOST_TEST_MODULE secure_sealed_image
#include <boost/test/unit_test.hpp>

#include "print.h"
#include "sealing/device_key.h"
#include "sealing/drbg.h"
#include "sealing/seal_error.h"
#include "sealing/sealed_image.h"

#include <cstdio>
#include <fstream>

using namespace trvp::sealing;

namespace {

struct program {
    manifest m;
    std::vector<bytes> data;
};

// Code (r-x), rodata (r--), data + bss (rw-), a stack and two public values.
program sample() {
    program p;
    p.m.entry = 0x10010;
    p.m.segments = {{0x10000, 64, 64, perm_r | perm_x, segment_kind::code},
                    {0x11000, 8, 8, perm_r, segment_kind::data},
                    {0x12000, 0x1800, 24, perm_r | perm_w, segment_kind::data}};
    p.m.stack_va = 0x7fff0000;
    p.m.stack_size = 0x2000;
    p.m.publics = {{"ed25519_pub", bytes(32, 0x5a)}, {"id", {1, 2, 3}}};
    for (const auto& s : p.m.segments) {
        bytes d(s.file_size);
        for (size_t i = 0; i < d.size(); ++i) d[i] = uint8_t(s.vaddr >> 12 ^ i);
        p.data.push_back(d);
    }
    return p;
}

const device_key& dev() {
    static const device_key k = device_key_from_seed("chip-1");
    return k;
}

bytes seal_sample(const char* seed = "prog") {
    const program p = sample();
    drbg rng(seed);
    bytes img;
    BOOST_REQUIRE(seal_image(p.m, p.data, dev().pub, rng, img) == seal_status::ok);
    return img;
}

seal_status open(const bytes& img) {
    opened_image o;
    const seal_status st = open_image(img, dev(), o);
    if (st != seal_status::ok) BOOST_TEST(o.segment_data.empty());
    return st;
}

// Offsets from docs/sealed-image.md for the sample image.
constexpr size_t manifest_at = 88;
size_t manifest_size(const bytes& img) {
    return img[16] | img[17] << 8;
}

} // namespace

BOOST_AUTO_TEST_CASE(round_trip) {
    const program p = sample();
    const bytes img = seal_sample();
    opened_image o;
    BOOST_REQUIRE(open_image(img, dev(), o) == seal_status::ok);
    BOOST_TEST(o.m.entry == p.m.entry);
    BOOST_REQUIRE(o.m.segments.size() == 3u);
    for (size_t i = 0; i < 3; ++i) {
        BOOST_TEST(o.m.segments[i].vaddr == p.m.segments[i].vaddr);
        BOOST_TEST(o.m.segments[i].mem_size == p.m.segments[i].mem_size);
        BOOST_TEST(o.m.segments[i].file_size == p.m.segments[i].file_size);
        BOOST_TEST(o.m.segments[i].perms == p.m.segments[i].perms);
        BOOST_TEST(int(o.m.segments[i].kind) == int(p.m.segments[i].kind));
        BOOST_TEST(o.segment_data[i] == p.data[i]);
    }
    BOOST_TEST(o.m.stack_va == p.m.stack_va);
    BOOST_TEST(o.m.stack_size == p.m.stack_size);
    BOOST_REQUIRE(o.m.find_public("ed25519_pub"));
    BOOST_TEST(o.m.find_public("ed25519_pub")->value == bytes(32, 0x5a));
    BOOST_TEST(o.m.find_public("id")->value == (bytes{1, 2, 3}));
    BOOST_TEST(!o.m.find_public("nope"));
    // The plaintext never appears in the image.
    const std::string s(img.begin(), img.end());
    BOOST_TEST(s.find(std::string(p.data[0].begin(), p.data[0].end())) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(deterministic_per_seed) {
    BOOST_TEST(seal_sample("a") == seal_sample("a"));
    BOOST_TEST(seal_sample("a") != seal_sample("b"));
    opened_image x, y;
    BOOST_REQUIRE(open_image(seal_sample("a"), dev(), x) == seal_status::ok);
    BOOST_REQUIRE(open_image(seal_sample("b"), dev(), y) == seal_status::ok);
    BOOST_TEST(x.program_key != y.program_key);
}

BOOST_AUTO_TEST_CASE(other_device_cannot_open) {
    opened_image o;
    BOOST_TEST(open_image(seal_sample(), device_key_from_seed("chip-2"), o) ==
               seal_status::unwrap_failed);
}

BOOST_AUTO_TEST_CASE(read_manifest_and_peek_size) {
    const bytes img = seal_sample();
    manifest m;
    BOOST_TEST(read_manifest(img, m) == seal_status::ok);
    BOOST_TEST(m.segments.size() == 3u);
    uint32_t size = 0;
    BOOST_TEST(peek_image_size(cspan(img.data(), seal_header_size), size) == seal_status::ok);
    BOOST_TEST(size == img.size());
    BOOST_TEST(peek_image_size(cspan(img.data(), 8), size) == seal_status::truncated);
}

BOOST_AUTO_TEST_CASE(each_tamper_gives_its_error) {
    const bytes img = seal_sample();
    const size_t mend = manifest_at + manifest_size(img);
    auto flip = [&](size_t at) {
        bytes b = img;
        b[at] ^= 0x01;
        return open(b);
    };
    BOOST_TEST(flip(0) == seal_status::bad_magic);
    BOOST_TEST(flip(8) == seal_status::bad_version);
    BOOST_TEST(flip(10) == seal_status::bad_flags);
    BOOST_TEST(flip(20) == seal_status::bad_flags);
    // The image size field, one larger or one smaller.
    BOOST_TEST(flip(12) == (img.size() % 2 ? seal_status::trailing_data : seal_status::truncated));
    BOOST_TEST(flip(16) == seal_status::unwrap_failed); // the header is the wrap's associated data
    BOOST_TEST(flip(24) == seal_status::unwrap_failed); // ephemeral public key
    BOOST_TEST(flip(55) == seal_status::unwrap_failed); // its ignored top bit, too
    BOOST_TEST(flip(60) == seal_status::unwrap_failed); // wrapped program key
    BOOST_TEST(flip(80) == seal_status::unwrap_failed); // wrap tag
    BOOST_TEST(flip(manifest_at) == seal_status::manifest_tag_failed);      // entry
    BOOST_TEST(flip(manifest_at + 16) == seal_status::manifest_tag_failed); // segment 0 VA
    BOOST_TEST(flip(mend - 1) == seal_status::manifest_tag_failed);         // last public byte
    BOOST_TEST(flip(mend + 3) == seal_status::manifest_tag_failed);         // manifest tag
    // Each segment's ciphertext and tag.
    size_t off = mend + 16;
    for (const auto& s : sample().m.segments) {
        if (s.file_size) BOOST_TEST(flip(off) == seal_status::segment_tag_failed);
        BOOST_TEST(flip(off + s.file_size + 15) == seal_status::segment_tag_failed);
        off += s.file_size + 16;
    }
    BOOST_TEST(off == img.size());
    // Truncation and extension.
    BOOST_TEST(open(bytes(img.begin(), img.end() - 1)) == seal_status::truncated);
    BOOST_TEST(open(bytes(img.begin(), img.begin() + 4)) == seal_status::truncated);
    bytes longer = img;
    longer.push_back(0);
    BOOST_TEST(open(longer) == seal_status::trailing_data);
    BOOST_TEST(open(bytes()) == seal_status::truncated);
}

BOOST_AUTO_TEST_CASE(fuzz_every_byte_and_length) {
    const bytes img = seal_sample();
    BOOST_TEST_MESSAGE("image of " << img.size() << " bytes");
    for (size_t i = 0; i < img.size(); ++i)
        for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xff)}) {
            bytes b = img;
            b[i] ^= mask;
            opened_image o;
            const seal_status st = open_image(b, dev(), o);
            if (st == seal_status::ok) BOOST_ERROR("flip of byte " << i << " accepted");
        }
    for (size_t n = 0; n < img.size(); ++n) {
        opened_image o;
        const seal_status st = open_image(cspan(img.data(), n), dev(), o);
        if (st == seal_status::ok) BOOST_ERROR("truncation to " << n << " accepted");
    }
}

BOOST_AUTO_TEST_CASE(manifest_rules) {
    auto status = [](auto edit) {
        program p = sample();
        edit(p);
        drbg rng("x");
        bytes img;
        const seal_status st = seal_image(p.m, p.data, dev().pub, rng, img);
        BOOST_TEST(check_manifest(p.m) == st); // both sides apply the same rules
        return st;
    };
    BOOST_TEST(status([](program&) {}) == seal_status::ok);
    BOOST_TEST(status([](program& p) { p.m.segments[1].vaddr = 0x10000; }) ==
               seal_status::overlapping_segments);
    BOOST_TEST(status([](program& p) { p.m.segments[0].mem_size = 0x1001; }) ==
               seal_status::overlapping_segments); // its pages reach 0x11000
    BOOST_TEST(status([](program& p) { p.m.stack_va = 0x12000; }) ==
               seal_status::overlapping_segments);
    BOOST_TEST(status([](program& p) { p.m.segments[1].vaddr = 0x11ff8; }) ==
               seal_status::ok); // unaligned VA, alone on its page
    BOOST_TEST(status([](program& p) { p.m.segments[1].vaddr = 0x11ffc; }) ==
               seal_status::overlapping_segments); // its last bytes reach the data page
    BOOST_TEST(status([](program& p) { p.m.stack_va = 0x7fff0800; }) == seal_status::bad_alignment);
    BOOST_TEST(status([](program& p) { p.m.stack_size = 0x100; }) == seal_status::bad_alignment);
    BOOST_TEST(status([](program& p) { p.m.segments[0].perms = perm_r | perm_w | perm_x; }) ==
               seal_status::bad_permissions);
    BOOST_TEST(status([](program& p) { p.m.segments[1].kind = segment_kind::code; }) ==
               seal_status::bad_permissions);
    BOOST_TEST(status([](program& p) { p.m.segments[1].perms = 0; }) ==
               seal_status::bad_permissions);
    BOOST_TEST(status([](program& p) { p.m.entry = 0x11000; }) == seal_status::bad_entry);
    BOOST_TEST(status([](program& p) { p.m.entry = 0x10002; }) == seal_status::bad_entry);
    BOOST_TEST(status([](program& p) { p.m.publics[1].name = "ed25519_pub"; }) ==
               seal_status::bad_manifest);
    BOOST_TEST(status([](program& p) { p.m.publics[1].name = "bad name"; }) ==
               seal_status::bad_manifest);
    BOOST_TEST(status([](program& p) { p.m.segments[1].file_size = 9; }) ==
               seal_status::bad_manifest);
    BOOST_TEST(status([](program& p) { p.m.segments.clear(), p.data.clear(); }) ==
               seal_status::bad_manifest);
    BOOST_TEST(status([](program& p) { p.m.segments[2].vaddr = 0xfffff000; }) ==
               seal_status::bad_manifest); // wraps past 4 GiB
}

BOOST_AUTO_TEST_CASE(small_order_device_key_is_refused) {
    const program p = sample();
    drbg rng("x");
    bytes img, zero(32, 0);
    BOOST_TEST(seal_image(p.m, p.data, zero, rng, img) == seal_status::bad_device_key);
    BOOST_TEST(img.empty());
}

BOOST_AUTO_TEST_CASE(device_key_from_seed_and_file) {
    const device_key a = device_key_from_seed("42"), b = device_key_from_seed("42"),
                     c = device_key_from_seed("43");
    BOOST_TEST(a.pub == b.pub);
    BOOST_TEST(a.pub != c.pub);
    const std::string path = "test_secure_device.key";
    std::ofstream(path) << device_key_file_text(a);
    const device_key r = load_device_key_file(path);
    BOOST_TEST(r.priv == a.priv);
    BOOST_TEST(r.pub == a.pub);

    auto error_of = [](const std::string& p, const std::string& text) {
        if (!text.empty()) std::ofstream(p) << text;
        try {
            load_device_key_file(p);
        } catch (const seal_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string e1 = error_of(path, "abcd\n");
    BOOST_TEST(e1.find(path) == 0u);
    BOOST_TEST(e1.find("4 hex digits, expected 64") != std::string::npos);
    const std::string e2 = error_of(path, std::string(63, 'a') + "g\n");
    BOOST_TEST(e2.find("'g' is not a hex digit") != std::string::npos);
    const std::string e3 = error_of(path, "# only a comment\n");
    BOOST_TEST(e3.find("no key") != std::string::npos);
    std::remove(path.c_str());
    const std::string e4 = error_of("/nonexistent/dev.key", "");
    BOOST_TEST(e4.find("/nonexistent/dev.key: cannot read") == 0u);
}
