#define BOOST_TEST_MODULE system_tr_own
// Frame ownership at the memory side and trusted key ids, at system level (configs/tr.yaml,
// docs/attributes.md#frame-ownership-at-the-memory-side): the untrusted kernel's plaintext
// (key id 0) stores into a protected process's frames (attacker 7) and a DMA-like traffic
// generator writing a protected frame are refused with ownership on, and go through in the
// control runs with it off.
#include "tr_helpers.h"

#include <sstream>

using namespace trvp::systest;

namespace {

// Attacker 7 is built into kernel_attack.elf only (kernel.elf stays byte for byte the same).
trvp_run alias(bool ownership) {
    trvp_run r = hidden("xts", 1);
    r.set("firmware.elf=kernel_attack.elf").set("firmware.boot.attacker=7");
    if (!ownership) r.set("l1d.ownership.enabled=false").set("bus.ownership.enabled=false");
    return r;
}

// configs/tr.yaml with a traffic generator on the bus writing the line at `pa` over and over
// (one line per 200 cycles) while u_tr_hidden runs; key id 1 = the process's data key.
std::string dma_config(uint64_t pa, bool trusted) {
    std::string y = read_file(config_path("tr.yaml"));
    const std::string comp = "components:\n";
    const size_t c = y.find(comp);
    if (c == std::string::npos) throw std::runtime_error("configs/tr.yaml: no components");
    y.insert(c + comp.size(), "  dma:\n"
                              "    type: traffic_generator\n"
                              "    pattern: sequential\n"
                              "    base: " +
                                  std::to_string(pa) +
                                  "\n"
                                  "    size: 64\n"
                                  "    write_fraction: 1\n"
                                  "    requests: 100000\n"
                                  "    issue_interval: 200\n"
                                  "    key_id: 1\n"
                                  "    trusted_key_source: " +
                                  (trusted ? "true" : "false") +
                                  "\n"
                                  "    stop_when_done: false\n");
    y += "  - dma.mem -> bus.in\n";
    // the config's relative paths (firmware) resolve beside the original
    return write_file(std::string("tr_dma") + (trusted ? "_trusted" : "") + ".yaml", y);
}

trvp_run dma(uint64_t pa, bool ownership, bool trusted = false) {
    trvp_run r(dma_config(pa, trusted));
    r.set("firmware.images=[{file: u_tr_hidden.sealed}]")
        .set("firmware.boot.programs=[{image: u_tr_hidden.sealed, arg: 1}]")
        .max_time("200 ms")
        .arg("--quiet");
    if (!ownership) r.set("bus.ownership.enabled=false");
    return r;
}

// Every simulated statistic of `a` equals `b`'s, apart from the ownership check's own
// (`*.ownership.*`, absent when it is off) and the run's identity and host figures; returns
// how many were compared.
size_t same_apart_from_ownership(const run_result& a, const run_result& b) {
    const YAML::Node x = a.stats(), y = b.stats();
    size_t compared = 0;
    for (const auto& kv : x) {
        const std::string name = kv.first.as<std::string>();
        if (name.find(".ownership.") != std::string::npos || name.rfind("sim.", 0) == 0 ||
            name.find(".host") != std::string::npos)
            continue;
        BOOST_TEST(bool(y[name]), name);
        if (!y[name]) continue;
        BOOST_TEST(YAML::Dump(kv.second["value"]) == YAML::Dump(y[name]["value"]), name);
        ++compared;
    }
    return compared;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(tr_own, images_built)

BOOST_AUTO_TEST_CASE(kernel_plaintext_store_into_protected_frames_is_refused) {
    auto r = alias(true).out(scratch_dir() + "/on").run();
    BOOST_TEST(r.status == 0, r); // the process is unharmed and the kernel carries on
    BOOST_TEST(r.out_has("hidden: marker 1 read back after eviction: ok"), r.out);
    const size_t refused = count(r.out, "): refused (scause 7)");
    BOOST_TEST(refused >= 3u, r.out); // code, data, stack frames at least
    BOOST_TEST(r.counter("l1d.ownership.refused") == refused);
    BOOST_TEST(r.counter("l1d.ownership.refused_writes") == refused);
    BOOST_TEST(r.counter("cpu.exceptions.store_access_fault") == refused);
    BOOST_TEST(r.counter("cpu.secure.ownership_kills") == 0u); // the kernel is not protected
    // Control: the same stores go through with the check off.
    auto c = alias(false).out(scratch_dir() + "/off").run();
    BOOST_TEST(c.status == 0, c);
    BOOST_TEST(count(c.out, "): refused") == 0u, c.out);
    BOOST_TEST(count(c.out, "): accepted") == count(r.out, "): accepted") + refused, c.out);
    BOOST_TEST(!c.has_stat("l1d.ownership.refused"));
    // The honest run is the same run with or without the check (it costs no simulated time).
    auto h1 = hidden("xts", 1).out(scratch_dir() + "/h1").run();
    auto h0 = hidden("xts", 1)
                  .set("l1d.ownership.enabled=false")
                  .set("bus.ownership.enabled=false")
                  .out(scratch_dir() + "/h0")
                  .run();
    BOOST_TEST(same_apart_from_ownership(h1, h0) > 100u);
    BOOST_TEST(h1.counter("l1d.ownership.refused") == 0u);
}

// An honest run gives identical statistics with ownership on and off, apart from the check's
// own counters, with integrity off, mac and tree (the check costs no simulated time and
// refuses nothing there; docs/attributes.md).
BOOST_AUTO_TEST_CASE(honest_runs_are_the_same_with_ownership_on_and_off) {
    for (const char* integrity : {"none", "mac", "tree"}) {
        BOOST_TEST_CONTEXT(integrity) {
            auto make = [&](bool on) {
                trvp_run r = hidden("ctr", 1);
                r.set(std::string("eu.integrity.mode=") + integrity)
                    .out(scratch_dir() + "/inv-" + integrity + (on ? "-on" : "-off"));
                if (!on) r.set("l1d.ownership.enabled=false").set("bus.ownership.enabled=false");
                return r.run();
            };
            const run_result on = make(true), off = make(false);
            BOOST_TEST_REQUIRE(on.status == 0, on);
            BOOST_TEST_REQUIRE(off.status == 0, off);
            BOOST_TEST(on.has_stat("l1d.ownership.refused")); // the check was on
            BOOST_TEST(on.counter("l1d.ownership.refused") == 0u);
            BOOST_TEST(same_apart_from_ownership(on, off) > 100u);
        }
    }
}

// The VCD's `<component>.ownership_refused` signal pulses once per refusal (attacker 7's
// key-0 stores refused at the L1D).
BOOST_AUTO_TEST_CASE(vcd_shows_each_refusal) {
    const std::string vcd = scratch_dir() + "/own.vcd";
    auto r = alias(true).arg("--vcd").arg(vcd).out(scratch_dir() + "/vcd").run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const std::string text = read_file(vcd);
    // The signal's identifier, declared in scope l1d.
    const size_t scope = text.find("$scope module l1d $end");
    BOOST_TEST_REQUIRE(scope != std::string::npos, "no scope l1d in the VCD");
    const size_t decl = text.find(" ownership_refused $end", scope);
    BOOST_TEST_REQUIRE(decl != std::string::npos, "no l1d.ownership_refused in the VCD");
    const size_t line = text.rfind("$var", decl);
    std::istringstream v(text.substr(line, decl - line));
    std::string var, kind, width, id;
    v >> var >> kind >> width >> id;
    BOOST_TEST(width == "1");
    // Every rise to 1 after the definitions.
    size_t rises = 0;
    std::istringstream dump(text.substr(text.find("$enddefinitions")));
    for (std::string l; std::getline(dump, l);)
        if (l == "1" + id) ++rises;
    BOOST_TEST(rises == r.counter("l1d.ownership.refused"), rises);
    BOOST_TEST(rises >= 3u);
}

BOOST_AUTO_TEST_CASE(run_summary_names_the_refusals) {
    trvp_run r(config_path("tr.yaml"));
    r.set("firmware.elf=kernel_attack.elf")
        .set("firmware.boot.attacker=7")
        .max_time("200 ms")
        .out(scratch_dir() + "/s");
    auto s = r.run();
    BOOST_TEST(s.status == 0, s);
    BOOST_TEST(s.err_has("  security        l1d.ownership.refused "), s.err);
}

BOOST_AUTO_TEST_CASE(dma_write_into_a_protected_frame_is_refused_and_its_key_id_forced) {
    const auto first = hidden("xts", 1).out(scratch_dir() + "/pa").run();
    const uint64_t pa = reported_pa(first.out, "hidden: region");
    BOOST_REQUIRE(pa != 0u);
    auto r = dma(pa, true).out(scratch_dir() + "/on").run();
    BOOST_TEST(r.status == 0, r);
    BOOST_TEST(r.out_has("hidden: marker 1 read back after eviction: ok"), r.out);
    BOOST_TEST(r.counter("dma.key_id_forced") == r.counter("dma.requests"));
    BOOST_TEST(r.counter("bus.ownership.refused") > 0u);
    BOOST_TEST(r.counter("dma.errors") == r.counter("bus.ownership.refused"));
    // Control: without the check the generator's plaintext lines land in the process's frame
    // and the process reads garbage back instead of its marker.
    auto c = dma(pa, false).out(scratch_dir() + "/off").run();
    BOOST_TEST(c.counter("dma.errors") == 0u);
    BOOST_TEST(c.out_has("hidden: marker 1 read back after eviction: WRONG"), c.out);
    BOOST_TEST(c.status != 0, c);
}

BOOST_AUTO_TEST_CASE(a_trusted_key_source_keeps_its_key_id) {
    // A fidelity bench may name the generator trusted: its key id 1 is the process's data
    // key then, so ownership lets it through (the check is by key id, not by initiator).
    const auto first = hidden("xts", 1).out(scratch_dir() + "/pa").run();
    const uint64_t pa = reported_pa(first.out, "hidden: region");
    BOOST_REQUIRE(pa != 0u);
    auto r = dma(pa, true, true).out(scratch_dir() + "/trusted").run();
    BOOST_TEST(r.counter("dma.key_id_forced") == 0u);
    BOOST_TEST(r.counter("bus.ownership.refused") == 0u);
}

BOOST_AUTO_TEST_CASE(ctr_bit_flip_through_key0_is_refused_before_it_reaches_memory) {
    // The malleability attack of docs/attacks.md (attacker 8, victim 1 follows a pointer):
    // with ownership on (configs/attacks/memory.yaml as tr.yaml) the kernel's key-0 store is
    // refused at the L1D, so the victim follows its own pointer and no secret is printed.
    trvp_run r(config_path("attacks/memory.yaml"));
    r.set("eu.mode=aes-128-ctr")
        .set("firmware.boot.attacker=8")
        .set("firmware.boot.programs.0.arg=1")
        .max_time("200 ms")
        .arg("--quiet")
        .out(scratch_dir() + "/flip");
    auto f = r.run();
    BOOST_TEST(f.status == 0, f);
    BOOST_TEST(f.out_has("through the kernel's key-0 mapping") == false, f.out);
    BOOST_TEST(f.out_has("was refused (scause 7)"), f.out);
    BOOST_TEST(!f.out_has("SECRET"), f.out);
    BOOST_TEST(f.counter("l1d.ownership.refused") >= 1u);
}

BOOST_AUTO_TEST_SUITE_END()
