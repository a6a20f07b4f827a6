#define BOOST_TEST_MODULE system_vcd
// VCD waveforms (outputs.vcd / trvp run --vcd): the file converts with vcd2fst and parses;
// a known miss and the DRAM access it causes appear at exactly their simulated times; pulses
// match the statistics; tracing does not change any simulated statistic.
#include "run_trvp.h"

#include <cstdlib>
#include <map>

using namespace trvp::systest;
namespace utf = boost::unit_test;

namespace {

/** A parsed VCD file: signals by "scope.name", each with its (time, value) changes. */
struct vcd_file {
    bool header = false, timescale_ps = false;
    std::map<std::string, std::string> id_of;                                  // "l1d.miss" -> id
    std::map<std::string, std::vector<std::pair<uint64_t, uint64_t>>> changes; // by id
    bool monotonic = true;
    uint64_t last_time = 0;

    /** Changes of "scope.name"; empty if there is no such signal. */
    const std::vector<std::pair<uint64_t, uint64_t>>& of(const std::string& sig) const {
        static const std::vector<std::pair<uint64_t, uint64_t>> none;
        auto it = id_of.find(sig);
        if (it == id_of.end()) return none;
        auto c = changes.find(it->second);
        return c == changes.end() ? none : c->second;
    }
    bool has(const std::string& sig) const { return id_of.count(sig) != 0; }
    /** Times at which `sig` becomes 1 (rising edges of a wire, dumpvars excluded). */
    std::vector<uint64_t> rises(const std::string& sig) const {
        std::vector<uint64_t> v;
        bool first = true;
        for (auto& [t, x] : of(sig)) {
            if (!first && x == 1) v.push_back(t);
            first = false;
        }
        return v;
    }
};

vcd_file parse_vcd(const std::string& path) {
    vcd_file f;
    std::istringstream in(read_file(path));
    std::string tok, scope;
    std::vector<std::string> scopes;
    bool defs = true, have_time = false;
    uint64_t now = 0;
    while (in >> tok) {
        if (defs) {
            if (tok == "$timescale") {
                std::string ts;
                in >> ts;
                f.timescale_ps = ts == "1ps";
            } else if (tok == "$scope") {
                std::string kind, name;
                in >> kind >> name;
                scopes.push_back(name);
            } else if (tok == "$upscope") {
                if (!scopes.empty()) scopes.pop_back();
            } else if (tok == "$var") {
                std::string type, width, id, name;
                in >> type >> width >> id >> name;
                f.id_of[(scopes.empty() ? "" : scopes.back()) + "." + name] = id;
            } else if (tok == "$enddefinitions") {
                defs = false;
                f.header = true;
            }
            continue;
        }
        if (tok[0] == '#') {
            const uint64_t t = std::stoull(tok.substr(1));
            if (have_time && t <= now) f.monotonic = false;
            now = t;
            have_time = true;
            f.last_time = t;
        } else if (tok[0] == 'b') {
            std::string id;
            in >> id;
            f.changes[id].push_back({now, std::stoull(tok.substr(1), nullptr, 2)});
        } else if (tok[0] == '0' || tok[0] == '1') {
            f.changes[tok.substr(1)].push_back({now, uint64_t(tok[0] - '0')});
        }
    }
    return f;
}

// default.yaml with split L1 caches in front of the bus and a router latency, so the first
// instruction fetch is a known L1I miss at time 0 followed by a known DRAM access.
std::string cached_yaml(const std::string& hello, const std::string& dram_latency) {
    return "simulation: {clock: 1 GHz, quantum: 10 us}\n"
           "firmware: {elf: " +
           hello +
           "}\n"
           "components:\n"
           "  cpu: {type: rv32_core, fetch_line: 64,\n"
           "        cacheable: [{base: 0x80000000, size: 128 MiB}]}\n"
           "  l1i: {type: cache, size: 4 KiB, ways: 2, hit_latency: 2}\n"
           "  l1d: {type: cache, size: 4 KiB, ways: 2, hit_latency: 2}\n"
           "  bus:\n"
           "    type: router\n"
           "    latency: 3 ns\n"
           "    map:\n"
           "      - {port: dram,     base: 0x80000000, size: 128 MiB, cacheable: true}\n"
           "      - {port: uart0,    base: 0x10000000, size: 0x100}\n"
           "      - {port: clint,    base: 0x2000000,  size: 0x10000}\n"
           "      - {port: finisher, base: 0x100000,   size: 0x1000}\n"
           "      - {port: stats,    base: 0x101000,   size: 0x1000}\n"
           "  dram: {type: dram, size: 128 MiB, latency: " +
           dram_latency +
           "}\n"
           "  uart0: {type: uart16550, transcript: uart0.txt}\n"
           "  clint: {type: clint}\n"
           "  finisher: {type: test_finisher}\n"
           "  stats: {type: stats_device}\n"
           "connections:\n"
           "  - cpu.fetch -> l1i.cpu\n"
           "  - cpu.data -> l1d.cpu\n"
           "  - cpu.mmio -> bus.in\n"
           "  - l1i.mem -> bus.in\n"
           "  - l1d.mem -> bus.in\n"
           "  - bus.dram -> dram.mem\n"
           "  - bus.uart0 -> uart0.regs\n"
           "  - bus.clint -> clint.regs\n"
           "  - bus.finisher -> finisher.regs\n"
           "  - bus.stats -> stats.regs\n"
           "  - clint.irq -> cpu.irq\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(default_vcd_converts_and_parses) {
    firmware_path("hello.elf"); // configs/default.yaml runs it
    require_tool("vcd2fst");
    const std::string vcd = scratch_dir() + "/default.vcd";
    auto r = trvp_run(config_path("default.yaml")).arg("--vcd").arg(vcd).run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    BOOST_TEST_REQUIRE(fs::exists(vcd));
    const std::string fst = scratch_dir() + "/default.fst";
    const std::string cmd = "vcd2fst '" + vcd + "' '" + fst + "' > /dev/null 2>&1";
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
    BOOST_TEST(fs::exists(fst));
    BOOST_TEST((fs::exists(fst) && fs::file_size(fst) > 0));

    const vcd_file f = parse_vcd(vcd);
    BOOST_TEST(f.header);
    BOOST_TEST(f.timescale_ps);
    BOOST_TEST(f.monotonic);
    for (const char* s : {"cpu.pc", "cpu.priv", "cpu.access", "bus.target", "dram.busy"})
        BOOST_TEST(f.has(s), s);
    // The first DRAM access is the first fetch: at 0, through a router of latency 0.
    const auto& busy_all = f.of("dram.busy");
    BOOST_TEST_REQUIRE(busy_all.size() >= 2u);
    BOOST_TEST(busy_all[1].first == 0u);
    BOOST_TEST(busy_all[1].second == 1u);
    // pc starts at the ELF's entry (the platform's virt map: 0x80000000).
    BOOST_TEST(f.of("cpu.pc").front().second == 0x80000000u);
    // Every change lies inside the run, but for the falling edge of a one-cycle pulse that a
    // transaction at the very last instant (the finisher write) started: one 1 GHz cycle.
    BOOST_TEST(f.last_time <= r.counter("sim.time_ps") + 1000u);
}

BOOST_AUTO_TEST_CASE(known_miss_at_exact_time) {
    for (const uint64_t latency_ns : {50u, 70u}) {
        const std::string vcd = scratch_dir() + "/cached" + std::to_string(latency_ns) + ".vcd";
        auto r = trvp_run::from_yaml(
                     cached_yaml(firmware_path("hello.elf"), std::to_string(latency_ns) + " ns"),
                     "cached" + std::to_string(latency_ns) + ".yaml")
                     .arg("--vcd")
                     .arg(vcd)
                     .run();
        BOOST_TEST_REQUIRE(r.status == 0, r);
        const vcd_file f = parse_vcd(vcd);
        BOOST_TEST_REQUIRE(f.monotonic);
        // The first instruction fetch starts at 0 and misses in the L1I ...
        const auto miss = f.rises("l1i.miss");
        BOOST_TEST_REQUIRE(!miss.empty());
        BOOST_TEST(miss.front() == 0u);
        // ... which looks up for hit_latency (2 cycles of 1 ns), crosses the router (3 ns)
        // and keeps the fixed-latency DRAM busy for its latency.
        const uint64_t dram_start = 2000 + 3000, dram_end = dram_start + latency_ns * 1000;
        const auto& busy = f.of("dram.busy");
        BOOST_TEST_REQUIRE(busy.size() >= 3u);
        BOOST_TEST(busy[1].first == dram_start);
        BOOST_TEST(busy[1].second == 1u);
        BOOST_TEST(busy[2].first == dram_end);
        BOOST_TEST(busy[2].second == 0u);
        // The router forwarded it to port 0 (dram) when it arrived.
        bool routed = false;
        for (auto& [t, v] : f.of("bus.target")) routed |= t == 2000 && v == 0;
        BOOST_TEST(routed);

        // One pulse per counted hit and miss (the window is the whole run, no phase resets).
        for (const char* c : {"l1i", "l1d"}) {
            const std::string n(c);
            BOOST_TEST(f.rises(n + ".miss").size() == r.counter(n + ".misses"), n);
            BOOST_TEST(f.rises(n + ".hit").size() == r.counter(n + ".hits"), n);
        }
        // One cpu.access pulse per core transaction through TLM.
        uint64_t accesses = 0;
        for (auto& [t, v] : f.of("cpu.access")) accesses += v != 0;
        BOOST_TEST(accesses > 0u);
    }
}

BOOST_AUTO_TEST_CASE(trvp_vcd_quotes_the_known_miss) {
    // `trvp vcd` (the reader the docs' excerpts come from) agrees with the file: the DRAM is
    // busy from 5 ns to 55 ns for the first fetch (see known_miss_at_exact_time).
    const std::string vcd = scratch_dir() + "/quote.vcd";
    auto r = trvp_run::from_yaml(cached_yaml(firmware_path("hello.elf"), "50 ns"), "quote.yaml")
                 .arg("--vcd")
                 .arg(vcd)
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    auto q = run_trvp_args(
        {"vcd", vcd, "-s", "dram.busy", "-s", "bus.target", "--to", "55 ns", "--period", "1 ns"});
    BOOST_TEST_REQUIRE(q.status == 0, q);
    std::istringstream rows(q.out);
    std::vector<std::vector<std::string>> table;
    for (std::string line; std::getline(rows, line);) {
        std::istringstream words(line);
        table.emplace_back();
        for (std::string w; words >> w;) table.back().push_back(w);
    }
    // header; 0 ns; 2 ns: routed to port 0; 5 ns: busy; 55 ns: idle again.
    BOOST_TEST_REQUIRE(table.size() == 5u, q.out);
    BOOST_TEST(table[2] == (std::vector<std::string>{"2.000", "2", "0", "*0x0"}), q.out);
    BOOST_TEST(table[3] == (std::vector<std::string>{"5.000", "5", "*1", "0x0"}), q.out);
    BOOST_TEST(table[4] == (std::vector<std::string>{"55.000", "55", "*0", "0x0"}), q.out);

    // The listing names every signal; a wrong name or file is a user error naming it.
    auto l = run_trvp_args({"vcd", vcd});
    BOOST_TEST(l.status == 0, l);
    BOOST_TEST(l.out_has("cpu.pc"), l);
    auto bad = run_trvp_args({"vcd", vcd, "-s", "dram.bsy"});
    BOOST_TEST(bad.status == 2, bad);
    BOOST_TEST(bad.err_has("no signal 'dram.bsy'"), bad);
    auto missing = run_trvp_args({"vcd", scratch_dir() + "/none.vcd"});
    BOOST_TEST(missing.status == 2, missing);
    BOOST_TEST(missing.err_has("none.vcd"), missing);
}

BOOST_AUTO_TEST_CASE(window_limits_changes) {
    const std::string vcd = scratch_dir() + "/window.vcd";
    auto r = trvp_run::from_yaml(cached_yaml(firmware_path("hello.elf"), "50 ns"))
                 .set("outputs.vcd_start=\"10 us\"")
                 .set("outputs.vcd_end=\"20 us\"")
                 .arg("--vcd")
                 .arg(vcd)
                 .run();
    BOOST_TEST_REQUIRE(r.status == 0, r);
    const vcd_file f = parse_vcd(vcd);
    BOOST_TEST(f.monotonic);
    for (auto& [id, ch] : f.changes)
        for (auto& [t, v] : ch) {
            BOOST_TEST(t >= 10000000u);
            BOOST_TEST(t < 20000000u);
        }
}

BOOST_AUTO_TEST_CASE(tracing_does_not_change_results) {
    const std::string yaml = cached_yaml(firmware_path("hello.elf"), "50 ns");
    auto off = trvp_run::from_yaml(yaml, "off.yaml").run();
    auto on =
        trvp_run::from_yaml(yaml, "on.yaml").arg("--vcd").arg(scratch_dir() + "/on.vcd").run();
    BOOST_TEST_REQUIRE(off.status == 0, off);
    BOOST_TEST_REQUIRE(on.status == 0, on);
    const YAML::Node a = off.stats(), b = on.stats();
    size_t compared = 0;
    for (auto it = a.begin(); it != a.end(); ++it) {
        const std::string name = it->first.Scalar();
        if (name.find("host") != std::string::npos) continue; // host.*, sim.host_*
        BOOST_TEST_REQUIRE(bool(b[name]), name);
        BOOST_TEST(YAML::Dump(it->second["value"]) == YAML::Dump(b[name]["value"]), name);
        ++compared;
    }
    BOOST_TEST(compared > 50u);
}

BOOST_AUTO_TEST_CASE(unwritable_vcd_is_a_user_error) {
    auto r = trvp_run(config_path("default.yaml")).arg("--vcd").arg("/nonexistent-dir/x.vcd").run();
    BOOST_TEST(r.status == 2, r);
    BOOST_TEST(r.err_has("x.vcd"), r);
}
