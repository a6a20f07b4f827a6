// The four claim scenarios (docs/claims.md) on the real trvp binary with
// the untrusted kernel and the sealed scenario programs. Verdicts come from outside the guest:
// the raw DRAM dump (markers, keys), the attribute dump (which key id each entry uses), the
// statistics, and for the man in the middle an independent AES-XTS decryption (Crypto++, the
// construction of docs/crypto.md) of raw DRAM with the key the kernel leaked.
#define BOOST_TEST_MODULE system_scenarios
#include "system/run_trvp.h"

#include "scn_keys.h" // firmware/scenarios: the test keys built into the programs

#include <cryptopp/aes.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/sha.h>
#include <cryptopp/xts.h>

#include <map>
#include <regex>
#include <set>

using namespace trvp::systest;

namespace {

// Names fixed by configs/scenarios/*.yaml.
const std::string eu_mode_key = "eu.mode";
const std::string dram_dump = "dram.bin";
const std::string ear_dump = "ear.json";
constexpr uint64_t dram_base = 0x80000000;

const std::vector<std::string> encrypted_modes = {"aes-128-xts", "aes-128-ctr", "aes-128-ecb"};

struct scenario_run {
    run_result r;
    std::string uart, dram;
    YAML::Node ear;
};

// Runs configs/scenarios/<yaml> in EU mode `mode` with extra --set assignments.
scenario_run run_scenario(const std::string& yaml, const std::string& mode,
                          const std::vector<std::string>& sets = {}) {
    static int n = 0;
    trvp_run t(config_path("scenarios/" + yaml));
    t.set(eu_mode_key + "=" + mode).arg("--dump-dram").max_time("5 s");
    for (const auto& s : sets) t.set(s);
    t.out(scratch_dir() + "/out" + std::to_string(++n));
    scenario_run s;
    s.r = t.run();
    s.uart = s.r.file("uart0.txt");
    s.dram = s.r.file(dram_dump);
    const std::string ear = s.r.file(ear_dump);
    if (!ear.empty()) s.ear = YAML::Load(ear);
    return s;
}

size_t count(const std::string& hay, const std::string& needle) {
    size_t c = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++c;
    return c;
}

std::string bytes(std::initializer_list<uint8_t> b) {
    return std::string(b.begin(), b.end());
}

// Marker "TRVPMARK-<kind>-" occurrences in raw DRAM (scn_proto.h).
size_t markers(const std::string& dram, const std::string& kind) {
    return count(dram, "TRVPMARK-" + kind + "-P");
}

struct ear_entry {
    uint32_t context, va, key_id;
    std::string kind;
};
std::vector<ear_entry> entries(const YAML::Node& ear, const std::string& kind) {
    std::vector<ear_entry> v;
    for (const auto& e : ear["entries"])
        if (e["kind"].as<std::string>() == kind)
            v.push_back({e["context"].as<uint32_t>(), e["va_base"].as<uint32_t>(),
                         e["key_id"].as<uint32_t>(), kind});
    return v;
}

// Claims 1 g / 5 / 8 g: every sharer has an entry for the shared region, all on one key id.
void check_shared_entries(const scenario_run& s, size_t sharers) {
    BOOST_REQUIRE_MESSAGE(s.ear["entries"], "no attribute dump " << ear_dump);
    const auto sh = entries(s.ear, "shared");
    BOOST_TEST(sh.size() == sharers);
    std::set<uint32_t> keys, contexts, vas;
    for (const auto& e : sh) {
        keys.insert(e.key_id);
        contexts.insert(e.context);
        vas.insert(e.va);
    }
    BOOST_TEST(keys.size() == 1u);   // the same key id for every sharer
    BOOST_TEST(*keys.begin() != 0u); // and not plaintext
    BOOST_TEST(contexts.size() == sharers);
    BOOST_TEST(vas.size() == sharers); // each at its own VA (the kernel maps them apart)
    // Distinct hidden-region (data) keys, none equal to the common key.
    std::set<uint32_t> data_keys;
    for (const auto& c : s.ear["contexts"]) data_keys.insert(c["data_key_id"].as<uint32_t>());
    BOOST_TEST(data_keys.size() == s.ear["contexts"].size());
    BOOST_TEST(!data_keys.count(*keys.begin()));
}

// ---- AES-128-XTS of docs/crypto.md, independent of the model's line_cipher ----
std::string xts_decrypt_line(const std::string& key, uint64_t pa, const std::string& line) {
    CryptoPP::byte tweak_key[16];
    CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
    static const char info[] = "trvp-xts-tweak";
    hkdf.DeriveKey(tweak_key, 16, reinterpret_cast<const CryptoPP::byte*>(key.data()), 16, nullptr,
                   0, reinterpret_cast<const CryptoPP::byte*>(info), sizeof info - 1);
    CryptoPP::byte both[32], iv[16] = {};
    std::memcpy(both, key.data(), 16);
    std::memcpy(both + 16, tweak_key, 16);
    for (int i = 0; i < 8; ++i) iv[i] = CryptoPP::byte(pa >> (8 * i));
    CryptoPP::XTS_Mode<CryptoPP::AES>::Decryption dec;
    dec.SetKeyWithIV(both, 32, iv, 16);
    std::string out(line.size(), '\0');
    dec.ProcessData(reinterpret_cast<CryptoPP::byte*>(out.data()),
                    reinterpret_cast<const CryptoPP::byte*>(line.data()), line.size());
    return out;
}

std::string unhex(const std::string& h) {
    std::string b;
    for (size_t i = 0; i + 1 < h.size(); i += 2) b += char(std::stoi(h.substr(i, 2), nullptr, 16));
    return b;
}

unsigned line_size(const run_result& r) {
    const YAML::Node l = r.config()["components"]["eu"]["line_size"];
    return l ? l.as<unsigned>() : 64;
}

// Decrypts [pa, pa + len) of raw DRAM with `key` (xts), line by line.
std::string xts_decrypt(const scenario_run& s, const std::string& key, uint64_t pa, size_t len) {
    const unsigned ls = line_size(s.r);
    std::string out;
    for (uint64_t a = pa; a < pa + len; a += ls)
        out += xts_decrypt_line(key, a, s.dram.substr(a - dram_base, ls));
    return out;
}

// Keys the man-in-the-middle kernel printed: "mitm: key of pid V (with pid P): <hex>".
std::map<int, std::string> leaked_keys(const std::string& uart) {
    std::map<int, std::string> k;
    const std::regex re(R"(mitm: key of pid (\d+) \(with pid \d+\): ([0-9a-f]{32}))");
    for (std::sregex_iterator it(uart.begin(), uart.end(), re), end; it != end; ++it)
        k[std::stoi((*it)[1])] = unhex((*it)[2]);
    return k;
}

// The owner's "created shared region id I: 2 pages at va V (pa P0 P1)".
uint64_t owner_region_pa(const std::string& uart) {
    std::smatch m;
    const std::regex re(
        R"(created shared region id \d+: 2 pages at va 0x[0-9a-f]+ \(pa 0x([0-9a-f]+))");
    return std::regex_search(uart, m, re) ? std::stoull(m[1], nullptr, 16) : 0;
}

std::string group_programs(unsigned members, bool nonmember) {
    std::string v = "[";
    for (unsigned p = 1; p <= members; ++p) {
        const unsigned role = p == 1 ? 0 : 1;
        const unsigned snoop = p == members && members > 2 ? 1u << 16 : 0;
        v += (p > 1 ? ", " : "") + std::string("{image: u_scn_group.sealed, arg: ") +
             std::to_string(role | members << 8 | snoop) + "}";
    }
    if (nonmember)
        v += ", {image: u_scn_group.sealed, arg: " + std::to_string(2 | members << 8) + "}";
    return "firmware.boot.programs=" + v + "]";
}

// The statistics spans (docs/stats.md): each of `procs` processes launched (kernel-marked),
// `members` of them marked key_exchange, region_setup and data_exchange; cycles consistent.
void check_spans(const scenario_run& s, uint64_t procs, uint64_t members) {
    const uint64_t cycles = s.r.counter("cpu.cycles");
    BOOST_TEST(s.r.counter("stats.span_errors") == 0u);
    for (const std::string span : {"launch", "key_exchange", "region_setup", "data_exchange"})
        BOOST_TEST_CONTEXT("span " << span) {
            const std::string p = "stats.span." + span + ".";
            BOOST_TEST(s.r.counter(p + "entries") == (span == "launch" ? procs : members));
            const uint64_t busy = s.r.counter(p + "busy_cycles"),
                           sum = s.r.counter(p + "sum_cycles");
            BOOST_TEST(busy > 0u);
            BOOST_TEST(busy <= sum);
            const uint64_t first = s.r.counter(p + "first_begin_cycle");
            const uint64_t last = s.r.counter(p + "last_end_cycle");
            BOOST_TEST(first < last);
            BOOST_TEST(last <= cycles);
            BOOST_TEST(busy <= last - first); // the union lies between the first and last marks
        }
    // Phases follow each other per process: the first key exchange begins after the last launch.
    BOOST_TEST(s.r.counter("stats.span.launch.last_end_cycle") <
               s.r.counter("stats.span.key_exchange.first_begin_cycle"));
}

// Every case needs the scenario configs and sealed programs: missing, each case fails
// naming them.
struct scenarios_built {
    scenarios_built() {
        require_file(config_path("scenarios/psk.yaml"));
        sealed_path("u_scn_psk.sealed");
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(scenarios, scenarios_built)

// ---- 1: pre-shared key (claims 1, 2, 10, 11) ----
BOOST_AUTO_TEST_CASE(psk_all_modes) {
    const std::string psk = bytes(SCN_PSK_KEY);
    for (const auto& mode : encrypted_modes) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            auto s = run_scenario("psk.yaml", mode);
            BOOST_TEST(s.r.status == 0, s.r);
            BOOST_TEST(count(s.uart, "all 3 sharers read each other's writes: yes") == 1u);
            BOOST_TEST(count(s.uart, "read pid ") == 6u); // each of 3 reads the 2 others
            BOOST_TEST(markers(s.dram, "HID") == 0u);
            BOOST_TEST(markers(s.dram, "SHR") == 0u);
            BOOST_TEST(count(s.dram, psk) == 0u); // the built-in key never in plaintext
            check_shared_entries(s, 3);
            check_spans(s, 3, 3);
        }
    }
}

// The control: in mode none the same scan sees everything.
BOOST_AUTO_TEST_CASE(psk_none_control) {
    auto s = run_scenario("psk.yaml", "none");
    BOOST_TEST(s.r.status == 0, s.r);
    BOOST_TEST(markers(s.dram, "HID") >= 3u);
    BOOST_TEST(markers(s.dram, "SHR") >= 3u);
    BOOST_TEST(count(s.dram, bytes(SCN_PSK_KEY)) >= 3u);
}

// ---- 2: key exchange (claims 3-5, 7, 12-14, 16) ----
BOOST_AUTO_TEST_CASE(kx_all_modes) {
    for (const auto& mode : encrypted_modes) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            auto s = run_scenario("kx.yaml", mode);
            BOOST_TEST(s.r.status == 0, s.r);
            BOOST_TEST(count(s.uart, "all 2 sharers read each other's writes: yes") == 1u);
            BOOST_TEST(count(s.uart, "derived the key shared with pid") == 2u);
            BOOST_TEST(markers(s.dram, "HID") == 0u);
            BOOST_TEST(markers(s.dram, "SHR") == 0u);
            check_shared_entries(s, 2);
            check_spans(s, 2, 2);
        }
    }
}

BOOST_AUTO_TEST_CASE(kx_none_control) {
    auto s = run_scenario("kx.yaml", "none");
    BOOST_TEST(s.r.status == 0, s.r);
    BOOST_TEST(markers(s.dram, "HID") >= 2u);
    BOOST_TEST(markers(s.dram, "SHR") >= 2u);
}

// ---- 3: authenticated key exchange (claims 6, 15) ----
BOOST_AUTO_TEST_CASE(akx_honest_kernel) {
    auto s = run_scenario("akx.yaml", "aes-128-xts", {"firmware.boot.attacker=0"});
    BOOST_TEST(s.r.status == 0, s.r);
    BOOST_TEST(count(s.uart, "checked against the public key built into this program: VALID") ==
               2u);
    BOOST_TEST(count(s.uart, "all 2 sharers read each other's writes: yes") == 1u);
    check_shared_entries(s, 2);
    check_spans(s, 2, 2);
}

// Without signatures the man in the middle wins: the key it leaks decrypts the owner's data
// in raw DRAM.
BOOST_AUTO_TEST_CASE(kx_mitm_succeeds_without_signatures) {
    auto s = run_scenario("kx.yaml", "aes-128-xts", {"firmware.boot.attacker=2"});
    BOOST_TEST(s.r.status != 0, s.r); // the client reads garbage: exit 13
    const auto keys = leaked_keys(s.uart);
    BOOST_REQUIRE_EQUAL(keys.count(1), 1u);
    BOOST_TEST(count(s.uart, "replaced by the kernel's") == 2u);
    const uint64_t pa = owner_region_pa(s.uart);
    BOOST_REQUIRE(pa >= dram_base);
    BOOST_TEST(markers(s.dram, "SHR") == 0u); // raw DRAM: ciphertext
    const std::string plain = xts_decrypt(s, keys.at(1), pa, 4096);
    BOOST_TEST(plain.compare(0, 16, "TRVPMARK-SHR-P01") == 0); // ...which the kernel reads
    BOOST_TEST(plain.find("hello from pid 1") != std::string::npos);
}

// With signatures the substitution is caught: both refuse, nothing is shared, and no key the
// kernel holds decrypts anything in DRAM.
BOOST_AUTO_TEST_CASE(akx_mitm_detected) {
    auto s = run_scenario("akx.yaml", "aes-128-xts", {"firmware.boot.attacker=2"});
    BOOST_TEST(s.r.counter("sim.exit_code") == 12u, s.r); // SCN_EXIT_REFUSED
    BOOST_TEST(count(s.uart, "INVALID (substituted?) -> refusing to share") == 2u);
    BOOST_TEST(count(s.uart, "created shared region") == 0u);
    BOOST_TEST(entries(s.ear, "shared").empty());
    const auto keys = leaked_keys(s.uart);
    BOOST_TEST(keys.size() == 2u);
    const unsigned ls = line_size(s.r);
    for (const auto& [pid, key] : keys) {
        size_t found = 0;
        for (size_t off = 0; off + ls <= s.dram.size(); off += ls) {
            const std::string line = s.dram.substr(off, ls);
            if (line.find_first_not_of('\0') == std::string::npos) continue;
            found +=
                xts_decrypt_line(key, dram_base + off, line).find("TRVPMARK-") != std::string::npos;
        }
        BOOST_TEST(found == 0u,
                   "the key leaked for pid " << pid << " decrypts " << found << " lines");
    }
}

// ---- 4: group (claims 8, 9, 17, 18) ----
void check_group(const scenario_run& s, unsigned members, bool nonmember) {
    BOOST_TEST(s.r.status == 0, s.r);
    BOOST_TEST(count(s.uart, "all " + std::to_string(members) +
                                 " sharers read each other's writes: yes") == 1u);
    BOOST_TEST(count(s.uart, "drew the common key from the chip DRBG") == 1u);
    BOOST_TEST(count(s.uart, "read the common key from it") == members - 1);
    BOOST_TEST(markers(s.dram, "HID") == 0u);
    BOOST_TEST(markers(s.dram, "SHR") == 0u);
    BOOST_TEST(markers(s.dram, "NTF") == 0u);
    check_shared_entries(s, members);
    // One notification region per client, each on its pair's key id only: two entries
    // (owner + that client), a key id of its own, not the common key's.
    const auto nt = entries(s.ear, "notify");
    BOOST_TEST(nt.size() == 2 * (members - 1));
    std::map<uint32_t, std::set<uint32_t>> by_key;
    for (const auto& e : nt) by_key[e.key_id].insert(e.context);
    BOOST_TEST(by_key.size() == members - 1);
    const uint32_t common = entries(s.ear, "shared").at(0).key_id;
    for (const auto& [key, ctxs] : by_key) {
        BOOST_TEST(ctxs.size() == 2u);
        BOOST_TEST(key != common);
    }
    if (members > 2) BOOST_TEST(count(s.uart, "notification region id") >= 1u);
    if (members > 2) BOOST_TEST(count(s.uart, "the common key: absent -> ciphertext only") == 1u);
    if (nonmember) BOOST_TEST(count(s.uart, "sharers' markers: absent -> ciphertext only") == 1u);
}

BOOST_AUTO_TEST_CASE(group_all_modes) {
    for (const auto& mode : encrypted_modes) BOOST_TEST_CONTEXT("mode " << mode) {
            auto s = run_scenario("group.yaml", mode);
            check_group(s, 3, true);
            check_spans(s, 4, 3); // the non-member only launches
        }
}

BOOST_AUTO_TEST_CASE(group_sizes) {
    BOOST_TEST_CONTEXT("N = 4") {
        check_group(run_scenario("group.yaml", "aes-128-xts", {group_programs(4, true)}), 4, true);
    }
    BOOST_TEST_CONTEXT("N = 8 (no room for a non-member: the kernel runs 8 processes)") {
        check_group(run_scenario("group.yaml", "aes-128-xts", {group_programs(8, false)}), 8,
                    false);
    }
}

BOOST_AUTO_TEST_CASE(group_none_control) {
    auto s = run_scenario("group.yaml", "none");
    BOOST_TEST(markers(s.dram, "HID") >= 3u);
    BOOST_TEST(markers(s.dram, "SHR") >= 3u);
    BOOST_TEST(markers(s.dram, "NTF") >= 2u);
    // Without encryption the snooper and the non-member do see plaintext: their checks can fail.
    BOOST_TEST(count(s.uart, "-> PLAINTEXT") == 2u);
    BOOST_TEST(s.r.counter("sim.exit_code") == 14u, s.r); // SCN_EXIT_PLAIN
}

// A short time slice: the protocol is interrupted many times and still completes.
BOOST_AUTO_TEST_CASE(group_short_slice) {
    auto s = run_scenario("group.yaml", "aes-128-xts", {"firmware.boot.slice=20"});
    check_group(s, 3, true);
    check_spans(s, 4, 3);
    // Judged from the hardware's count, not the kernel's console: from the first key exchange
    // to the last data exchange the members compete for the CPU, so with a slice of S cycles
    // there must be far more than one switch per 10 slices.
    // The slice from the resolved config: mtime ticks of 10 MHz (the CLINT's timebase) on the
    // 1 GHz core clock of configs/scenarios: 100 cycles a tick.
    const YAML::Node cfg = s.r.config();
    BOOST_TEST_REQUIRE(cfg["simulation"]["clock"].as<std::string>() == "1 GHz");
    BOOST_TEST_REQUIRE(cfg["components"]["clint"]["timebase"].as<std::string>() == "10 MHz");
    const uint64_t slice_cycles = cfg["firmware"]["boot"]["slice"].as<uint64_t>() * 100;
    BOOST_TEST(slice_cycles == 2000u);
    const uint64_t window = s.r.counter("stats.span.data_exchange.last_end_cycle") -
                            s.r.counter("stats.span.key_exchange.first_begin_cycle");
    const uint64_t switches = s.r.counter("cpu.secure.switches");
    BOOST_TEST(switches > window / (10 * slice_cycles), "window " << window);
    BOOST_TEST(switches > 4 * 10u);
    // Every switch between two protected processes changes the address space too.
    BOOST_TEST(s.r.counter("cpu.satp_switches") >= switches);
}

BOOST_AUTO_TEST_SUITE_END()
