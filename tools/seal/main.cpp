// trvp-seal: seals an RV32 ELF for one chip's device key, inspects sealed images and prints
// device public keys. User errors: one message naming the input, exit status 2.

#include "models/common/user_error.h"
#include "platform/builder/elf.h"
#include "sealing/device_key.h"
#include "sealing/drbg.h"
#include "sealing/pka.h"
#include "sealing/seal_error.h"
#include "sealing/sealed_image.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>

using namespace trvp::sealing;
using namespace trvp::platform; // pf_r, pf_w, pf_x

namespace {

const char usage[] =
    R"(usage: trvp-seal DEVICE IN.elf -o OUT.sealed [options]   seal a program
       trvp-seal --inspect FILE.sealed [DEVICE]          print the manifest (no secrets);
                                                         with DEVICE also verify the image
       trvp-seal --print-device-pub DEVICE               print the device public key (hex)
DEVICE (exactly one):
  --device-pub HEX         the chip's X25519 public key (64 hex digits)
  --device-key-file F      a device key file (64 hex digits of the private key, '#' comments)
  --device-seed S          the key the platform derives from config seed S
options:
  --stack-va VA --stack-size N   a zero-filled stack region (page aligned; 0x.. or decimal)
  --public NAME=HEX        publish a value in the manifest (repeatable)
  --public NAME=@SYMBOL    publish the initialised bytes of an ELF symbol (its st_size bytes)
  --seed S                 derive the program key deterministically from S (tests only)
  -h, --help               this text
No two PT_LOAD segments may share a 4 KiB page (code and data use different keys).
)";

[[noreturn]] void die(const std::string& msg) {
    std::cerr << "trvp-seal: " << msg << "\n";
    std::exit(2);
}

uint32_t parse_u32(const std::string& opt, const std::string& v) {
    try {
        size_t pos = 0;
        const unsigned long long n = std::stoull(v, &pos, 0);
        if (pos != v.size() || n > UINT32_MAX) throw std::out_of_range("");
        return uint32_t(n);
    } catch (const std::exception&) {
        die(opt + " " + v + ": not a 32-bit number (decimal or 0x hex)");
    }
}

bytes read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(path + ": cannot read: " + std::strerror(errno));
    return bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string hex32(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

std::string perm_text(uint8_t p) {
    return std::string(p & perm_r ? "r" : "-") + (p & perm_w ? "w" : "-") +
           (p & perm_x ? "x" : "-");
}

struct options {
    std::string device_opt, device_value; // which --device-* and its value
    std::string input, output, inspect, seed;
    bool print_pub = false, have_seed = false, have_stack_va = false;
    uint32_t stack_va = 0, stack_size = 0;
    std::vector<std::string> publics;
};

options parse_args(int argc, char** argv) {
    options o;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) die(std::string(argv[i]) + " needs a value (see --help)");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            std::cout << usage;
            std::exit(0);
        } else if (a == "--device-pub" || a == "--device-key-file" || a == "--device-seed") {
            if (!o.device_opt.empty())
                die(a + ": only one of --device-pub, --device-key-file, --device-seed");
            o.device_opt = a;
            o.device_value = value(i);
        } else if (a == "-o")
            o.output = value(i);
        else if (a == "--inspect")
            o.inspect = value(i);
        else if (a == "--print-device-pub")
            o.print_pub = true;
        else if (a == "--stack-va")
            o.stack_va = parse_u32(a, value(i)), o.have_stack_va = true;
        else if (a == "--stack-size")
            o.stack_size = parse_u32(a, value(i));
        else if (a == "--public")
            o.publics.push_back(value(i));
        else if (a == "--seed")
            o.seed = value(i), o.have_seed = true;
        else if (!a.empty() && a[0] == '-')
            die(a + ": unknown option (see --help)");
        else if (o.input.empty())
            o.input = a;
        else
            die(a + ": a second input file (already have " + o.input + ")");
    }
    return o;
}

device_key device_from(const options& o) {
    if (o.device_opt == "--device-seed") return device_key_from_seed(o.device_value);
    if (o.device_opt == "--device-key-file") return load_device_key_file(o.device_value);
    die("internal: no private device key");
}

std::array<uint8_t, 32> device_pub(const options& o) {
    if (o.device_opt.empty())
        die("no device key: give one of --device-pub, --device-key-file, --device-seed");
    if (o.device_opt == "--device-pub") {
        const auto b = from_hex(o.device_value);
        if (!b || b->size() != 32)
            die("--device-pub " + o.device_value + ": expected 64 hex digits (32 bytes)");
        std::array<uint8_t, 32> pub;
        std::copy(b->begin(), b->end(), pub.begin());
        return pub;
    }
    return device_from(o).pub;
}

int inspect(const options& o) {
    const bytes img = read_file(o.inspect);
    manifest m;
    if (auto st = read_manifest(img, m); st != seal_status::ok)
        die(o.inspect + ": not a valid sealed image: " + to_string(st));
    std::cout << "sealed image " << o.inspect << ": version " << seal_version << ", " << img.size()
              << " bytes\n"
              << "entry " << hex32(m.entry) << "\n";
    for (size_t i = 0; i < m.segments.size(); ++i) {
        const auto& s = m.segments[i];
        std::cout << "segment " << i << ": va " << hex32(s.vaddr) << " mem " << hex32(s.mem_size)
                  << " file " << hex32(s.file_size) << " " << perm_text(s.perms) << " "
                  << (s.kind == segment_kind::code ? "code" : "data") << "\n";
    }
    if (m.stack_size)
        std::cout << "stack: va " << hex32(m.stack_va) << " size " << hex32(m.stack_size) << "\n";
    else
        std::cout << "stack: none\n";
    for (const auto& p : m.publics)
        std::cout << "public " << p.name << " (" << p.value.size() << " bytes): " << to_hex(p.value)
                  << "\n";
    if (o.device_opt.empty() || o.device_opt == "--device-pub") {
        std::cout << "authentication: not checked (needs the device private key)\n";
        return 0;
    }
    opened_image opened;
    if (auto st = open_image(img, device_from(o), opened); st != seal_status::ok)
        die(o.inspect + ": refused with this device key: " + to_string(st));
    std::cout << "authentication: ok (opened with the device key)\n";
    return 0;
}

std::string segment_problem(const manifest& m) {
    auto pages = [](uint64_t va, uint64_t size) {
        return std::pair(va / seal_page_size, (va + size + seal_page_size - 1) / seal_page_size);
    };
    for (size_t i = 0; i < m.segments.size(); ++i) {
        const auto& s = m.segments[i];
        const std::string which = "segment " + std::to_string(i) + " at " + hex32(s.vaddr);
        if ((s.perms & perm_w) && (s.perms & perm_x)) return which + " is writable and executable";
        const auto a = pages(s.vaddr, s.mem_size);
        for (size_t j = 0; j < i; ++j) {
            const auto b = pages(m.segments[j].vaddr, m.segments[j].mem_size);
            if (a.first < b.second && b.first < a.second)
                return "segments " + std::to_string(j) + " and " + std::to_string(i) + " (at " +
                       hex32(s.vaddr) + ") share a page; link protected programs with every " +
                       "segment on its own 4 KiB pages";
        }
        if (m.stack_size) {
            const auto st = pages(m.stack_va, m.stack_size);
            if (a.first < st.second && st.first < a.second) return which + " overlaps the stack";
        }
    }
    return "";
}

manifest build_manifest(const options& o, const elf_file& elf, std::vector<bytes>& data) {
    manifest m;
    m.entry = elf.entry();
    for (const auto& s : elf.segments()) {
        segment_info si;
        si.vaddr = s.vaddr;
        si.mem_size = s.memsz;
        si.file_size = s.filesz;
        si.perms = uint8_t((s.flags & pf_r ? perm_r : 0) | (s.flags & pf_w ? perm_w : 0) |
                           (s.flags & pf_x ? perm_x : 0));
        si.kind = si.perms & perm_x ? segment_kind::code : segment_kind::data;
        m.segments.push_back(si);
        data.emplace_back(elf.data(s), elf.data(s) + s.filesz);
    }
    if (o.have_stack_va != (o.stack_size != 0))
        die("--stack-va and --stack-size go together (size > 0)");
    m.stack_va = o.stack_va;
    m.stack_size = o.stack_size;
    for (const auto& p : o.publics) {
        const auto eq = p.find('=');
        if (eq == std::string::npos || eq == 0)
            die("--public " + p + ": expected NAME=HEX or NAME=@SYMBOL");
        public_value v;
        v.name = p.substr(0, eq);
        const std::string val = p.substr(eq + 1);
        if (!val.empty() && val[0] == '@') {
            const auto sym = elf.symbol(val.substr(1));
            if (!sym) die("--public " + p + ": no symbol " + val.substr(1) + " in " + o.input);
            auto b = elf.read(sym->value, sym->size);
            if (!b || sym->size == 0)
                die("--public " + p + ": symbol " + val.substr(1) + " (" +
                    std::to_string(sym->size) + " bytes) is not initialised data in " + o.input);
            v.value = std::move(*b);
        } else {
            auto b = from_hex(val);
            if (!b || b->empty()) die("--public " + p + ": value is not hex bytes");
            v.value = std::move(*b);
        }
        m.publics.push_back(std::move(v));
    }
    return m;
}

int seal(const options& o) {
    if (o.input.empty()) die("no input ELF (see --help)");
    if (o.output.empty()) die("no output: give -o OUT.sealed");
    const auto pub = device_pub(o);
    const elf_file elf = elf_file::load(o.input);
    std::vector<bytes> data;
    const manifest m = build_manifest(o, elf, data);
    if (auto st = check_manifest(m); st != seal_status::ok) {
        const std::string detail = segment_problem(m);
        die(o.input + ": cannot seal: " + to_string(st) + (detail.empty() ? "" : ": " + detail));
    }
    bytes seed;
    if (o.have_seed) {
        seed.assign(o.seed.begin(), o.seed.end());
    } else {
        std::random_device rd;
        for (int i = 0; i < 8; ++i) {
            const uint32_t w = rd();
            for (int k = 0; k < 4; ++k) seed.push_back(uint8_t(w >> (8 * k)));
        }
    }
    drbg rng(seed);
    bytes img;
    if (auto st = seal_image(m, data, pub, rng, img); st != seal_status::ok)
        die(o.input + ": cannot seal: " + to_string(st));
    std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
    if (!out) die(o.output + ": cannot write: " + std::strerror(errno));
    out.write(reinterpret_cast<const char*>(img.data()), std::streamsize(img.size()));
    out.close();
    if (!out) die(o.output + ": write failed");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const options o = parse_args(argc, argv);
        if (o.print_pub) {
            if (!o.input.empty() || !o.inspect.empty())
                die("--print-device-pub takes only a device key");
            std::cout << to_hex(device_pub(o)) << "\n";
            return 0;
        }
        if (!o.inspect.empty()) return inspect(o);
        return seal(o);
    } catch (const seal_error& e) {
        die(e.what());
    } catch (const trvp::user_error& e) { // an unreadable or malformed ELF (platform/builder/elf.h)
        die(e.what());
    } catch (const std::exception& e) {
        std::cerr << "trvp-seal: internal error: " << e.what() << "\n";
        return 4;
    }
}
