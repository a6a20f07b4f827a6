// Host cost of one encrypted line through the encryption unit (b_transport into a flat
// memory: extension lookup, timing, statistics, cipher) against raw Crypto++ doing the same
// cryptography on the same line with a keyed object reused, both measured in this run.
//
//   eu_line_cost [--check] [--rounds N] [lines=200000] [mode ...]
//       (modes: aes-128-xts aes-128-ctr aes-128-ecb, each optionally +mac: integrity mac,
//        or +tree: integrity tree, split counters, over the 1 MiB memory)
//
// Per mode and round it times: lines written and read through the EU; the same lines written
// and read by the same driver straight into a flat memory ("memory": the socket hop and copy
// that any model in front of DRAM pays, EU or not); and raw Crypto++. The EU's cost is its
// time minus the memory's, and the ratio is that over raw. Prints the median of the rounds
// (each round's figures are taken close together, so the ratio is the median of the rounds'
// ratios). With +mac the EU also checks (reads) or writes (writes) each line's tag through its
// metadata cache and a flat metadata memory, and raw also computes the line's CMAC tag with a
// keyed object reused, and on every other line (the writes' half of the EU's work) the
// stamp's authenticator, a CMAC over 20 bytes under a second key (docs/crypto.md, Integrity). With
// +tree the EU also looks the line's version up in the counter tree (node cache, counter-line
// fetches, checks and write-backs with their node MACs) and binds it into the tag; raw does the
// same as for +mac (the tree's own work is the EU's overhead). --check exits 1 if a mode's ratio
// exceeds 1.5 (2 with +mac or +tree) (a benchmark gate; never a CTest test: timings are noisy).

#include "common/errors.h"
#include "crypto/encryption_unit.h"
#include "crypto/integrity/line_mac.h"

#include <algorithm>
#include <chrono>
#include <cryptopp/aes.h>
#include <cryptopp/cmac.h>
#include <cryptopp/xts.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

using namespace trvp;
using clk = std::chrono::steady_clock;

namespace {

constexpr unsigned line = 64;
constexpr uint64_t mem_size = 1 << 20;

struct flat_memory : sc_core::sc_module {
    tlm_utils::simple_target_socket<flat_memory, 32> in{"in"};
    std::vector<uint8_t> bytes = std::vector<uint8_t>(mem_size);
    const sc_core::sc_time latency{50, sc_core::SC_NS};
    explicit flat_memory(const sc_core::sc_module_name& nm) : sc_module(nm) {
        in.register_b_transport(this, &flat_memory::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& d) {
        uint8_t* cell = bytes.data() + t.get_address();
        if (t.is_write())
            std::memcpy(cell, t.get_data_ptr(), t.get_data_length());
        else
            std::memcpy(t.get_data_ptr(), cell, t.get_data_length());
        d += latency;
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct driver : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<driver, 32> out{"out"};
    explicit driver(const sc_core::sc_module_name& nm) : sc_module(nm) {}
};

double ns_per(clk::duration d, uint64_t n) {
    return std::chrono::duration<double, std::nano>(d).count() / double(n);
}

// Raw Crypto++: what the EU's cipher does per line, with the keyed object reused. Lines are
// independent, as through the EU (no line's input depends on the previous output); a sink
// keeps the work observable.
double raw_cost(cipher_mode mode, bool mac, const key128& key, uint64_t lines) {
    std::vector<uint8_t> data(line, 0x5a), out(line), blocks(line);
    const key128 tweak_key = xts_tweak_key(key);
    uint8_t both[32];
    std::memcpy(both, key.data(), 16);
    std::memcpy(both + 16, tweak_key.data(), 16);
    uint8_t iv[16] = {};
    CryptoPP::XTS_Mode<CryptoPP::AES>::Encryption xts;
    xts.SetKeyWithIV(both, 32, iv, 16);
    CryptoPP::AES::Encryption aes(key.data(), 16);
    const key128 mac_key = line_mac_key(key);
    CryptoPP::CMAC<CryptoPP::AES> cmac(mac_key.data(), 16);
    CryptoPP::CMAC<CryptoPP::AES> stamp_cmac(tweak_key.data(), 16); // any other 16-byte key
    uint8_t tail[20] = {}, tag[8];
    uint8_t sink = 0;
    const auto t0 = clk::now();
    for (uint64_t i = 0; i < lines; ++i) {
        const uint64_t pa = (i * line) % mem_size;
        switch (mode) {
        case cipher_mode::xts:
            std::memcpy(iv, &pa, 8);
            xts.Resynchronize(iv, 16);
            xts.ProcessData(out.data(), data.data(), line);
            break;
        case cipher_mode::ctr:
            // The pad of each block from the line's address and its counter, like the EU.
            for (unsigned off = 0; off < line; off += 16) {
                const uint64_t a = pa + off, c = i;
                std::memcpy(&blocks[off], &a, 8);
                std::memcpy(&blocks[off + 8], &c, 8);
            }
            aes.AdvancedProcessBlocks(blocks.data(), data.data(), out.data(), line,
                                      CryptoPP::BlockTransformation::BT_AllowParallel);
            break;
        default:
            aes.AdvancedProcessBlocks(data.data(), nullptr, out.data(), line,
                                      CryptoPP::BlockTransformation::BT_AllowParallel);
        }
        if (mac) { // the tag over (ciphertext, pa, version, key id, generation)
            std::memcpy(tail, &pa, 8);
            std::memcpy(tail + 8, &i, 8);
            cmac.Update(out.data(), line);
            cmac.Update(tail, sizeof tail);
            cmac.TruncatedFinal(tag, sizeof tag);
            sink ^= tag[0];
            if (i & 1) { // a written line's stamp authenticator (pa, version, stamp)
                stamp_cmac.Update(tail, sizeof tail);
                stamp_cmac.TruncatedFinal(tag, 4);
                sink ^= tag[0];
            }
        }
        sink ^= out[i % line];
    }
    const auto t1 = clk::now();
    if (sink == 0x42 && data[1] == 0x42) std::printf(" "); // keep the loop
    return ns_per(t1 - t0, lines);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "eu_line_cost: %s\nusage: eu_line_cost [--check] [--rounds N] [lines] "
                 "[mode ...]\n",
                 why.c_str());
    std::exit(2);
}

uint64_t positive(const std::string& what, const char* text) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 0);
    if (!*text || *end || v == 0 || text[0] == '-')
        usage(what + " '" + text + "' is not a positive integer");
    return v;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    constexpr double gate = 1.5, mac_gate = 2.0;
    bool check = false;
    unsigned rounds = 5;
    uint64_t lines = 200000;
    bool have_lines = false;
    std::vector<std::string> modes;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--check") {
            check = true;
        } else if (a == "--rounds") {
            if (++i == argc) usage("--rounds needs a value");
            rounds = static_cast<unsigned>(positive("rounds", argv[i]));
        } else if (!a.empty() && a[0] >= '0' && a[0] <= '9' && !have_lines && modes.empty()) {
            lines = positive("lines", argv[i]);
            have_lines = true;
        } else {
            try {
                const std::string cipher = a.substr(0, a.find('+'));
                if (a != cipher && a.substr(cipher.size()) != "+mac" &&
                    a.substr(cipher.size()) != "+tree")
                    usage("'" + a + "': the integrity suffixes are +mac and +tree");
                if (parse_cipher_mode(cipher) == cipher_mode::none)
                    usage("mode none has no cipher");
            } catch (const user_error& e) {
                usage(e.what());
            }
            modes.push_back(a);
        }
    }
    if (modes.empty())
        modes = {"aes-128-xts",      "aes-128-ctr",      "aes-128-ecb",
                 "aes-128-xts+mac",  "aes-128-ctr+mac",  "aes-128-ecb+mac",
                 "aes-128-xts+tree", "aes-128-ctr+tree", "aes-128-ecb+tree"};

    stats::registry reg;
    run_control rc;
    sim_env env{reg, rc};
    key_table keys;
    const key128 key = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    const uint16_t id = keys.acquire(key).id;

    // One EU per mode and one bare memory (all elaborated before the single sc_start).
    struct rig {
        std::unique_ptr<driver> drv;
        std::unique_ptr<encryption_unit> eu;
        std::unique_ptr<flat_memory> mem, ctrs, meta;
    };
    std::vector<rig> rigs;
    for (size_t i = 0; i < modes.size(); ++i) {
        eu_params p;
        p.mode = modes[i].substr(0, modes[i].find('+'));
        if (p.mode != modes[i]) p.integrity.mode = modes[i].substr(p.mode.size() + 1);
        if (p.integrity.mode == "tree") { // the whole memory; nodes above its tags (209 KiB)
            p.integrity.tree.protected_size = mem_size;
            p.integrity.tree.base = 256 << 10;
        }
        const std::string n = std::to_string(i);
        rig r;
        r.drv = std::make_unique<driver>(("drv" + n).c_str());
        r.eu = std::make_unique<encryption_unit>(("eu" + n).c_str(), env, p, keys);
        r.mem = std::make_unique<flat_memory>(("mem" + n).c_str());
        r.ctrs = std::make_unique<flat_memory>(("ctrs" + n).c_str());
        r.meta = std::make_unique<flat_memory>(("meta" + n).c_str());
        r.drv->out.bind(r.eu->cpu);
        r.eu->mem.bind(r.mem->in);
        r.eu->counters.bind(r.ctrs->in);
        r.eu->meta.bind(r.meta->in);
        rigs.push_back(std::move(r));
    }
    driver bare_drv("bare_drv");
    flat_memory bare_mem("bare_mem");
    bare_drv.out.bind(bare_mem.in);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    std::printf("%u rounds of %llu lines, medians (ratio: (eu - memory) / raw)\n", rounds,
                static_cast<unsigned long long>(lines));
    std::printf("%-17s %11s %11s %11s %11s %11s %8s\n", "mode", "eu write ns", "eu read ns",
                "memory ns", "eu net ns", "raw ns", "ratio");
    bool over = false;
    for (size_t i = 0; i < modes.size(); ++i) {
        const cipher_mode mode = parse_cipher_mode(rigs[i].eu->params().mode);
        const bool mac = rigs[i].eu->integrity() != integrity_mode::none;
        const double mode_gate = mac ? mac_gate : gate;
        std::vector<uint8_t> data(line, 0x5a);
        tlm::tlm_generic_payload t;
        mem_ext ext;
        ext.key_id = id;
        t.set_extension(&ext);
        t.set_data_ptr(data.data());
        t.set_data_length(line);
        t.set_streaming_width(line);
        sc_core::sc_time arrival;
        auto run = [&](driver& d, tlm::tlm_command cmd) {
            t.set_command(cmd);
            // Requests arrive 100 ns apart (annotated delays; sc_time_stamp() stays put), as
            // a stream would: no unbounded queue builds up.
            const sc_core::sc_time step(100, sc_core::SC_NS);
            const auto t0 = clk::now();
            for (uint64_t n = 0; n < lines; ++n) {
                arrival += step;
                sc_core::sc_time delay = arrival;
                t.set_address((n * line) % mem_size);
                t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
                d.out->b_transport(t, delay);
            }
            if (t.get_response_status() != tlm::TLM_OK_RESPONSE) {
                std::fprintf(stderr, "eu_line_cost: %s: %s\n", modes[i].c_str(),
                             t.get_response_string().c_str());
                std::exit(1);
            }
            return ns_per(clk::now() - t0, lines);
        };
        // Warm up: caches, the counter cache, page faults of both memories.
        run(*rigs[i].drv, tlm::TLM_WRITE_COMMAND);
        run(bare_drv, tlm::TLM_WRITE_COMMAND);
        raw_cost(mode, mac, key, lines / 4);
        std::vector<double> w, r, m, net, raw, ratio;
        for (unsigned k = 0; k < rounds; ++k) {
            w.push_back(run(*rigs[i].drv, tlm::TLM_WRITE_COMMAND));
            r.push_back(run(*rigs[i].drv, tlm::TLM_READ_COMMAND));
            m.push_back(
                (run(bare_drv, tlm::TLM_WRITE_COMMAND) + run(bare_drv, tlm::TLM_READ_COMMAND)) / 2);
            raw.push_back(raw_cost(mode, mac, key, lines));
            net.push_back((w.back() + r.back()) / 2 - m.back());
            ratio.push_back(net.back() / raw.back());
        }
        t.clear_extension(&ext);
        const double q = median(ratio);
        over |= q > mode_gate;
        std::printf("%-17s %11.1f %11.1f %11.1f %11.1f %11.1f %7.2fx%s\n", modes[i].c_str(),
                    median(w), median(r), median(m), median(net), median(raw), q,
                    check && q > mode_gate ? "  over the gate" : "");
    }
    return check && over ? 1 : 0;
}
