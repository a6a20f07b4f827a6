#define BOOST_TEST_MODULE secure_seal_tool
#include <boost/test/unit_test.hpp>

// Runs the built trvp-seal on ELF files written here and opens its output with the library.

#include "print.h"
#include "sealing/device_key.h"
#include "sealing/pka.h"
#include "sealing/sealed_image.h"
#include "test_elf.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sys/wait.h>

using namespace trvp::sealing;

namespace {

struct result {
    int status;
    std::string out; // stdout and stderr
};

result run(const std::string& args) {
    const std::string cmd = std::string(TRVP_SEAL_BIN) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::string out;
    char buf[512];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int st = pclose(p);
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

void write(const std::string& path, const bytes& b) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

bytes read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

BOOST_AUTO_TEST_CASE(seal_then_open) {
    write("seal_tool_prog.elf", test::sample_elf());
    const result r = run("--device-seed chip-7 seal_tool_prog.elf -o seal_tool_prog.sealed "
                         "--stack-va 0x7fff0000 --stack-size 0x2000 --public id=0102ff "
                         "--public peer=@peer_key --seed 5");
    BOOST_TEST_INFO(r.out);
    BOOST_REQUIRE(r.status == 0);
    const bytes img = read("seal_tool_prog.sealed");
    opened_image o;
    BOOST_REQUIRE(open_image(img, device_key_from_seed("chip-7"), o) == seal_status::ok);
    BOOST_TEST(o.m.entry == 0x10000u);
    BOOST_REQUIRE(o.m.segments.size() == 3u);
    BOOST_TEST(int(o.m.segments[0].kind) == int(segment_kind::code));
    BOOST_TEST(o.m.segments[0].perms == (perm_r | perm_x));
    BOOST_TEST(int(o.m.segments[1].kind) == int(segment_kind::data));
    BOOST_TEST(o.m.segments[1].perms == perm_r);
    BOOST_TEST(o.m.segments[2].perms == (perm_r | perm_w));
    BOOST_TEST(o.m.segments[2].mem_size == 0x1800u);
    BOOST_TEST(o.segment_data[1] == (bytes{'h', 'e', 'l', 'l', 'o', 0, 0, 0}));
    BOOST_TEST(o.m.stack_va == 0x7fff0000u);
    BOOST_TEST(o.m.stack_size == 0x2000u);
    BOOST_TEST(o.m.find_public("id")->value == (bytes{1, 2, 0xff}));
    BOOST_TEST(o.m.find_public("peer")->value.size() == 32u);
    BOOST_TEST(o.m.find_public("peer")->value[0] == 0xa0);

    // --seed makes the output reproducible; the device public key alone is enough to seal.
    const std::string pub = run("--print-device-pub --device-seed chip-7").out;
    BOOST_TEST(pub == to_hex(device_key_from_seed("chip-7").pub) + "\n");
    BOOST_REQUIRE(run("--device-pub " + pub.substr(0, 64) +
                      " seal_tool_prog.elf -o seal_tool_prog2.sealed --stack-va 0x7fff0000 "
                      "--stack-size 0x2000 --public id=0102ff --public peer=@peer_key --seed 5")
                      .status == 0);
    BOOST_TEST(read("seal_tool_prog2.sealed") == img);

    // A key file holding the same key opens it too, and --inspect prints the manifest.
    std::ofstream("seal_tool_dev.key") << device_key_file_text(device_key_from_seed("chip-7"));
    const result in = run("--inspect seal_tool_prog.sealed --device-key-file seal_tool_dev.key");
    BOOST_TEST_INFO(in.out);
    BOOST_TEST(in.status == 0);
    BOOST_TEST(in.out.find("entry 0x00010000") != std::string::npos);
    BOOST_TEST(in.out.find("segment 0: va 0x00010000 mem 0x00000040 file 0x00000040 r-x code") !=
               std::string::npos);
    BOOST_TEST(in.out.find("segment 2: va 0x00012000 mem 0x00001800 file 0x00000020 rw- data") !=
               std::string::npos);
    BOOST_TEST(in.out.find("public id (3 bytes): 0102ff") != std::string::npos);
    BOOST_TEST(in.out.find("authentication: ok") != std::string::npos);
    BOOST_TEST(run("--inspect seal_tool_prog.sealed --device-seed other").status == 2);
}

BOOST_AUTO_TEST_CASE(user_errors_exit_2_with_one_message) {
    write("seal_tool_prog.elf", test::sample_elf());
    auto fails = [](const std::string& args, const std::string& msg) {
        const result r = run(args);
        BOOST_TEST_INFO(args << " -> " << r.out);
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.out.find(msg) != std::string::npos);
        BOOST_TEST(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    };
    fails("seal_tool_prog.elf -o x.sealed", "no device key");
    fails("--device-seed 1 seal_tool_missing.elf -o x.sealed",
          "seal_tool_missing.elf: cannot read");
    fails("--device-seed 1 seal_tool_prog.elf", "no output");
    fails("--device-pub 1234 seal_tool_prog.elf -o x.sealed", "expected 64 hex digits");
    fails("--device-seed 1 seal_tool_prog.elf -o x.sealed --bogus", "--bogus: unknown option");
    fails("--device-seed 1 seal_tool_prog.elf -o x.sealed --public x=@nosuch", "no symbol nosuch");
    fails("--device-seed 1 seal_tool_prog.elf -o x.sealed --stack-va 0x1000", "go together");
    fails("--device-seed 1 seal_tool_prog.elf -o x.sealed --stack-va 0x10000 --stack-size 4096",
          "overlapping");
    write("seal_tool_bad.elf", bytes{0x7f, 'E', 'L', 'F', 2});
    fails("--device-seed 1 seal_tool_bad.elf -o x.sealed",
          "seal_tool_bad.elf: invalid firmware ELF");
    write("seal_tool_unaligned.elf",
          test::make_elf(0x10000, {{0x10000, 16, 5, bytes(16, 0x13)}, {0x10010, 8, 6, bytes(8)}}));
    fails("--device-seed 1 seal_tool_unaligned.elf -o x.sealed",
          "segments 0 and 1 (at 0x00010010) share a page");
    write("seal_tool_garbage.sealed", bytes(100, 7));
    fails("--inspect seal_tool_garbage.sealed", "bad magic");
    BOOST_TEST(run("--help").status == 0);
    BOOST_TEST(run("--help").out.find("--device-key-file") != std::string::npos);
}
