#pragma once
// Helpers of the attack system tests (test_attacks*.cpp, docs/attacks.md): runs of
// configs/attacks/memory.yaml with a cipher mode, an integrity mode, a kernel attacker mode
// and a victim scenario, and what the victim's transcript says.
#include "run_trvp.h"

#include <regex>
#include <string>

namespace trvp::systest {

enum {
    honest = 0,
    flip_key0 = 8,
    flip_dram = 9,
    rollback = 10,
    replay = 11,
    splice_line = 12,
    stamp = 13 // rewrite the key id in the stamp of the line's tag entry
};
enum { victim_pointer = 1, victim_counter = 2, victim_record = 3, victim_dma = 4 };

inline const std::string greeting = "victim: message: hello from the victim";
inline const std::string secret = "SECRET-7f3a9c: the victim's hidden key";

struct images_built {
    images_built() {
        firmware_path("kernel_attack.elf");
        sealed_path("u_tr_victim.sealed");
    }
};

inline trvp_run attack(const std::string& mode, unsigned attacker, unsigned victim,
                       const std::string& integrity = "none") {
    trvp_run r(config_path("attacks/memory.yaml"));
    r.set("eu.mode=" + mode)
        .set("firmware.boot.attacker=" + std::to_string(attacker))
        .set("firmware.boot.programs.0.arg=" + std::to_string(victim))
        .max_time("200 ms")
        .arg("--quiet");
    // The memory attacks show what reaches memory and what integrity catches there: frame
    // ownership (on in tr.yaml) would refuse the kernel's key-0 flip and the DMA writes
    // before they get there (its tests: test_attacks_ownership.cpp, test_tr_own.cpp).
    r.set("l1d.ownership.enabled=false").set("bus.ownership.enabled=false");
    if (integrity != "none") r.set("eu.integrity.mode=" + integrity);
    return r;
}

inline run_result run(const std::string& mode, unsigned attacker, unsigned victim,
                      const std::string& integrity = "none", const std::string& extra = "") {
    trvp_run r = attack(mode, attacker, victim, integrity);
    if (!extra.empty()) r.arg(extra);
    return r.out(scratch_dir() + "/" + mode + "-" + integrity + "-" + std::to_string(attacker))
        .run();
}

// The victim was stopped before it used the line: killed (by the kernel on the access fault
// or by the secure unit), and its result line never printed.
inline bool killed_before_use(const run_result& r, const std::string& result_prefix) {
    return r.out.find("kernel: pid 1 killed") != std::string::npos &&
           r.out.find(result_prefix) == std::string::npos;
}

// "victim: pointer now 0x...": the pointer the victim followed.
inline uint32_t pointer_now(const run_result& r) {
    std::smatch m;
    const std::regex re("victim: pointer now 0x([0-9a-f]{8})");
    if (!std::regex_search(r.out, m, re)) return 0;
    return uint32_t(std::stoul(m[1].str(), nullptr, 16));
}
inline uint32_t pointer_before(const run_result& r) {
    std::smatch m;
    const std::regex re("victim: pointer at va 0x[0-9a-f]{8} -> 0x([0-9a-f]{8})");
    if (!std::regex_search(r.out, m, re)) return 0;
    return uint32_t(std::stoul(m[1].str(), nullptr, 16));
}
inline std::string tries_left(const run_result& r) {
    std::smatch m;
    const std::regex re("victim: tries left: ([0-9]+)");
    return std::regex_search(r.out, m, re) ? m[1].str() : "none";
}

inline const char* const modes[] = {"aes-128-ctr", "aes-128-xts", "aes-128-ecb"};

// A DMA-like initiator (a traffic generator) bound to `target` ("l2.cpu": through the caches
// and the unit; "bus.in": straight to DRAM) writes two lines ending with the victim's tries
// line (pa 0x80025100, fill byte = request index: 0x01010101 there) with key id `key_id`, at
// 3 ms: while the victim (arg 4) yields between setting its counter to 3 and reading it.
// `trusted` (default) names it a trusted key-id source, as every initiator was before key
// ids were forced to 0 for the others (docs/memory.md): the attack as it stood. Untrusted,
// its key id is forced to 0 (test_attacks_ownership.cpp).
inline trvp_run dma(const std::string& mode, const std::string& target, unsigned key_id,
                    const std::string& integrity = "none", bool trusted = true) {
    // The generator's connection goes after the configuration's own.
    const size_t next = YAML::LoadFile(config_path("attacks/memory.yaml"))["connections"].size();
    return attack(mode, honest, victim_dma, integrity)
        .set("components.dma={type: traffic_generator, pattern: sequential, base: 0x800250c0, "
             "size: 128, requests: 2, write_fraction: 1, key_id: " +
             std::to_string(key_id) + ", start: 3 ms, stop_when_done: false, " +
             "trusted_key_source: " + (trusted ? "true" : "false") + "}")
        .set("connections." + std::to_string(next) + "=dma.mem -> " + target);
}

} // namespace trvp::systest
