#define BOOST_TEST_MODULE traffic
#include "common/errors.h"
#include "traffic/traffic_generator.h"
#include "traffic_bench.h"

#include "../common/sc_test_main.h"

#include <memory>
#include <set>

using namespace trvp;
using namespace trvp::test;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

constexpr uint64_t base = 0x80000000;

/** One generator bound to its own channel memory. */
struct lane {
    test_memory mem;
    traffic_generator gen;
    lane(const std::string& name, sim_env& env, const traffic_params& p, unsigned lat,
         unsigned xfer)
        : mem((name + "_mem").c_str(),
              channel(env.clock_period * lat, env.clock_period * xfer, p.base, p.size)),
          gen(name.c_str(), env, p) {
        gen.bind("mem", mem.socket);
    }
};

traffic_params stream(unsigned k, uint64_t n) {
    traffic_params p;
    p.base = base;
    p.size = 64 * 1024;
    p.in_flight = k;
    p.requests = n;
    p.stop_when_done = false;
    return p;
}

// For K in {1, 2, 4, 8} and (L, T) in {(40, 10), (100, 30)} cycles: achieved bandwidth
// = min(line / T, K * line / L) within 1%, and the end time is exact:
//   K * T <= L: request j issues at (j mod K) T + floor(j / K) L, so (N a multiple of K)
//               end = (K - 1) T + (N / K) L;
//   K * T >  L: the channel never idles: end = (N - 1) T + L.
void bandwidth_sweep() {
    sim s;
    constexpr uint64_t n = 2000;
    const unsigned ks[] = {1, 2, 4, 8};
    const std::pair<unsigned, unsigned> lt[] = {{40, 10}, {100, 30}};
    std::vector<std::unique_ptr<lane>> lanes;
    for (auto [l, t] : lt)
        for (unsigned k : ks)
            lanes.push_back(std::make_unique<lane>("g" + std::to_string(k) + "_" +
                                                       std::to_string(l) + "_" + std::to_string(t),
                                                   s.env, stream(k, n), l, t));
    sc_core::sc_start();
    size_t i = 0;
    for (auto [l, t] : lt) {
        for (unsigned k : ks) {
            lane& a = *lanes[i++];
            const std::string g = a.gen.name();
            BOOST_TEST_CONTEXT(g) {
                BOOST_TEST(a.gen.done());
                const double line = 64, ns = 1e-9;
                const double expect = std::min(line / (t * ns), k * line / (l * ns));
                BOOST_TEST(a.gen.bandwidth() == expect, boost::test_tools::tolerance(0.01));
                BOOST_TEST(s.value(g + ".bandwidth") == a.gen.bandwidth());
                const uint64_t end = k * t <= l ? (k - 1) * t + n / k * l : (n - 1) * t + l;
                BOOST_TEST(a.gen.end_time() == sc_time(double(end), SC_NS));
                BOOST_TEST(s.count(g + ".requests") == n);
                BOOST_TEST(s.count(g + ".bytes") == n * 64);
                BOOST_TEST(a.mem.log.size() == n);
                // Latency-bound: only the first K, issued together, queue (for j T each).
                if (k * t <= l)
                    BOOST_TEST(s.value(g + ".avg_latency") ==
                                   l + double(t) * k * (k - 1) / 2 / double(n),
                               boost::test_tools::tolerance(1e-12));
                BOOST_TEST(s.control.end_time() >= a.gen.end_time());
            }
        }
    }
    BOOST_TEST(!s.control.exit_requested()); // stop_when_done = false everywhere
}

} // namespace

BOOST_AUTO_TEST_CASE(bandwidth_is_min_of_channel_and_in_flight_bound) {
    bandwidth_sweep();
}

// Results never depend on the quantum: the same sweep syncing at every request.
BOOST_AUTO_TEST_CASE(bandwidth_with_zero_quantum) {
    tlm::tlm_global_quantum::instance().set(sc_core::SC_ZERO_TIME);
    bandwidth_sweep();
}

BOOST_AUTO_TEST_CASE(issue_interval_paces_requests) {
    sim s;
    traffic_params p = stream(4, 500);
    p.issue_interval = 20; // slower than both the channel (10) and K / L (4 / 40)
    p.start = sc_time(1000, SC_NS);
    lane a("g", s.env, p, 40, 10);
    sc_core::sc_start();
    BOOST_REQUIRE(a.mem.log.size() == 500u);
    for (size_t i = 0; i < a.mem.log.size(); ++i)
        BOOST_REQUIRE(a.mem.log[i].arrival == sc_time(1000.0 + 20.0 * double(i), SC_NS));
    BOOST_TEST(a.gen.end_time() == sc_time(1000 + 20 * 499 + 40, SC_NS));
    BOOST_TEST(s.value("g.elapsed") == (20 * 499 + 40) * 1e-9, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(read_write_mix_is_honoured) {
    sim s;
    traffic_params p = stream(2, 1000);
    p.write_fraction = 0.25;
    p.key_id = 7;
    p.trusted_key_source = true;
    lane a("g", s.env, p, 40, 10);
    sc_core::sc_start();
    BOOST_TEST(s.count("g.writes") == 250u);
    BOOST_TEST(s.count("g.reads") == 750u);
    size_t writes = 0;
    for (auto& r : a.mem.log) {
        writes += r.cmd == tlm::TLM_WRITE_COMMAND;
        BOOST_REQUIRE((r.kind == access_kind::traffic));
        BOOST_REQUIRE(r.key_id == 7u);
        BOOST_REQUIRE(r.len == 64u);
    }
    BOOST_TEST(writes == 250u);
    // Evenly spread: every fourth request (i = 3, 7, ...) writes.
    BOOST_TEST(a.mem.log[3].cmd == tlm::TLM_WRITE_COMMAND);
    BOOST_TEST(a.mem.log[4].cmd == tlm::TLM_READ_COMMAND);
}

BOOST_AUTO_TEST_CASE(random_pattern_is_reproducible_and_covers_the_range) {
    sim s;
    traffic_params p = stream(4, 4096);
    p.pattern = "random";
    p.size = 64 * 64; // 64 lines
    p.seed = 99;
    lane a("g", s.env, p, 40, 10);
    sc_core::sc_start();
    traffic_pattern same(p, "same"), other(
                                         [&] {
                                             traffic_params q = p;
                                             q.seed = 100;
                                             return q;
                                         }(),
                                         "other");
    std::set<uint64_t> lines;
    size_t differ = 0;
    BOOST_REQUIRE(a.mem.log.size() == 4096u);
    for (auto& r : a.mem.log) {
        BOOST_REQUIRE(r.addr == same.next().addr);
        differ += r.addr != other.next().addr;
        BOOST_REQUIRE(r.addr >= base);
        BOOST_REQUIRE(r.addr < base + p.size);
        BOOST_REQUIRE(r.addr % 64 == 0u);
        lines.insert(r.addr);
    }
    BOOST_TEST(lines.size() == 64u);
    BOOST_TEST(differ > 3000u);
}

BOOST_AUTO_TEST_CASE(stride_pattern_addresses_are_exact) {
    sim s;
    traffic_params p = stream(3, 100);
    p.pattern = "stride";
    p.stride = 192;
    p.size = 4096;
    lane a("g", s.env, p, 40, 10);
    sc_core::sc_start();
    BOOST_REQUIRE(a.mem.log.size() == 100u);
    for (size_t i = 0; i < 100; ++i) BOOST_REQUIRE(a.mem.log[i].addr == base + (i * 192) % 4096);
    // sequential: consecutive lines, wrapping at size
    traffic_params q = stream(1, 0);
    q.size = 256;
    traffic_pattern seq(q, "seq");
    for (uint64_t i = 0; i < 9; ++i) BOOST_TEST(seq.next().addr == base + (i * 64) % 256);
}

BOOST_AUTO_TEST_CASE(done_reports_time_and_requests_exit) {
    sim s;
    traffic_params p = stream(2, 100);
    p.stop_when_done = true;
    lane a("g", s.env, p, 40, 10);
    sc_core::sc_start();
    BOOST_TEST(s.control.exit_requested());
    BOOST_TEST(s.control.exit_code() == 0);
    BOOST_TEST(s.control.reason() == "traffic done");
    BOOST_TEST(s.control.end_time() == a.gen.end_time());
    BOOST_TEST(sc_core::sc_time_stamp() == a.gen.end_time()); // synchronised at the end
    auto* h = dynamic_cast<const stats::histogram*>(s.find("g.latency"));
    BOOST_REQUIRE(h);
    BOOST_TEST(h->count() == 100u);
    BOOST_TEST(h->min() == 40u);
}

BOOST_AUTO_TEST_CASE(error_responses_are_counted) {
    sim s;
    traffic_params p = stream(1, 10);
    lane a("g", s.env, p, 40, 10);
    traffic_params q = p;
    q.base = base + p.size; // beyond the memory: every request fails
    q.size = 4096;
    test_memory m2("m2", channel(s.env.clock_period * 40, s.env.clock_period * 10, base, 4096));
    traffic_generator g2("g2", s.env, q);
    g2.bind("mem", m2.socket);
    sc_core::sc_start();
    BOOST_TEST(s.count("g2.errors") == 10u);
    BOOST_TEST(s.count("g2.bytes") == 0u);
    BOOST_TEST(s.count("g.errors") == 0u);
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_user_errors) {
    sim s;
    int n = 0;
    auto expect_error = [&](traffic_params p, const std::string& what) {
        try {
            traffic_generator g(("tg" + std::to_string(++n)).c_str(), s.env, p);
            BOOST_ERROR("no error for " + what);
        } catch (const user_error& e) {
            const std::string msg = e.what();
            BOOST_TEST_CONTEXT(msg) {
                BOOST_TEST(msg.find("tg") != std::string::npos);
                BOOST_TEST(msg.find(what) != std::string::npos);
            }
        }
    };
    traffic_params p;
    p.size = 1000;
    expect_error(p, "size");
    // The limits of single parameters (line_size, in_flight, write_fraction, pattern) are the
    // factory's: system_cli_errors/parameter_limits_name_the_key. Relations are the model's.
    p = traffic_params();
    p.pattern = "stride";
    p.stride = 100;
    expect_error(p, "stride");
    p = traffic_params();
    p.base = 0x80000010;
    expect_error(p, "base");
}
