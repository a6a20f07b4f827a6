#define BOOST_TEST_MODULE prefetch
#include "cache/cache.h"
#include "common/errors.h"
#include "common/fast_path.h"
#include "traffic/traffic_generator.h"
#include "traffic_bench.h"

#include "../common/sc_test_main.h"

#include <memory>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

using namespace trvp;
using namespace trvp::test;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

constexpr uint64_t base = 0x80000000;
constexpr unsigned mem_lat = 40, mem_xfer = 10, l2_hit = 4;

cache_params l2(const std::string& prefetch, unsigned degree = 1) {
    cache_params p;
    p.size = 8 * 1024;
    p.ways = 4;
    p.hit_latency = l2_hit;
    p.prefetch = prefetch;
    p.prefetch_degree = degree;
    return p;
}

/** A traffic generator through one L2 to a channel memory. */
struct gen_lane {
    test_memory mem;
    cache c;
    traffic_generator gen;
    gen_lane(const std::string& name, sim_env& env, const cache_params& cp,
             const traffic_params& tp)
        : mem((name + "_mem").c_str(),
              channel(env.clock_period * mem_lat, env.clock_period * mem_xfer, tp.base, tp.size)),
          c(name.c_str(), env, cp), gen((name + "_gen").c_str(), env, tp) {
        gen.bind("mem", c.target("cpu"));
        c.bind("mem", mem.socket);
    }
};

traffic_params stream(const std::string& pattern = "sequential", uint64_t stride = 64) {
    traffic_params p;
    p.base = base;
    p.size = 32 * 1024; // 4x the L2: every pass misses without a prefetcher
    p.pattern = pattern;
    p.stride = stride;
    p.requests = 2 * p.size / 64;
    p.key_id = 3;
    p.trusted_key_source = true;
    p.stop_when_done = false;
    return p;
}

void check_counters_add_up(const sim& s, const cache& c) {
    const std::string n = c.name();
    const uint64_t issued = s.count(n + ".prefetch.issued");
    BOOST_TEST(issued > 0u);
    BOOST_TEST(issued == s.count(n + ".prefetch.useful") + s.count(n + ".prefetch.useless") +
                             c.prefetch_unused());
    BOOST_TEST(s.count(n + ".fills") == s.count(n + ".misses") + issued);
}

} // namespace

BOOST_AUTO_TEST_CASE(next_line_cuts_demand_misses) {
    sim s;
    gen_lane none("none", s.env, l2("none"), stream());
    gen_lane nl("nl", s.env, l2("next_line"), stream());
    gen_lane nl4("nl4", s.env, l2("next_line", 4), stream());
    sc_core::sc_start();
    const uint64_t n = stream().requests;
    BOOST_TEST_MESSAGE("misses none/nl/nl4 "
                       << s.count("none.misses") << ' ' << s.count("nl.misses") << ' '
                       << s.count("nl4.misses") << ", late nl " << s.count("nl.prefetch.late")
                       << ", end none/nl/nl4 " << none.gen.end_time() << ' ' << nl.gen.end_time()
                       << ' ' << nl4.gen.end_time());
    BOOST_TEST(s.count("none.misses") == n);
    BOOST_TEST(s.count("nl.misses") < n * 6 / 10); // every other line, but page boundaries
    BOOST_TEST(s.count("nl4.misses") < n * 3 / 10);
    BOOST_TEST(s.count("nl.misses") + s.count("nl.hits") == n);
    check_counters_add_up(s, nl.c);
    check_counters_add_up(s, nl4.c);
    BOOST_TEST(s.count("nl.prefetch.useful") > 0u);
    // Prefetches are real refills under the requester's key id.
    BOOST_TEST(nl.mem.count(access_kind::refill) == s.count("nl.fills"));
    for (auto& r : nl.mem.log) BOOST_REQUIRE(r.key_id == 3u);
    // With one request in flight, next_line degree 1 only moves the wait (the demand hit
    // waits for the prefetch); degree 4 overlaps four refills on the channel.
    BOOST_TEST(s.count("nl.prefetch.late") > 0u);
    BOOST_TEST(nl4.gen.end_time() < none.gen.end_time());
    BOOST_TEST(s.has("nl.prefetch.accuracy"));
    BOOST_TEST(!s.has("none.prefetch.issued")); // registered only when enabled
}

BOOST_AUTO_TEST_CASE(stride_detects_a_constant_stride) {
    sim s;
    gen_lane none("none", s.env, l2("none"), stream("stride", 192));
    gen_lane st("st", s.env, l2("stride", 2), stream("stride", 192));
    sc_core::sc_start();
    BOOST_TEST_MESSAGE("misses none/stride "
                       << s.count("none.misses") << ' ' << s.count("st.misses") << ", useful "
                       << s.count("st.prefetch.useful") << " of " << s.count("st.prefetch.issued"));
    BOOST_TEST(s.count("st.misses") < s.count("none.misses") / 2);
    BOOST_TEST(s.count("st.prefetch.useful") > s.count("st.prefetch.issued") * 9 / 10);
    check_counters_add_up(s, st.c);
}

BOOST_AUTO_TEST_CASE(policies_pure) {
    std::vector<uint64_t> out;
    auto nl = make_prefetcher("next_line", 64, 3);
    nl->on_miss(0x1000, out);
    BOOST_TEST(out == (std::vector<uint64_t>{0x1040, 0x1080, 0x10c0}));
    out.clear();
    nl->on_miss(0x1f80, out); // stays in the 4 KiB region
    BOOST_TEST(out == (std::vector<uint64_t>{0x1fc0}));
    auto st = make_prefetcher("stride", 64, 2);
    out.clear();
    st->on_miss(0x2000, out);
    st->on_miss(0x2100, out);
    BOOST_TEST(out.empty());
    st->on_miss(0x2200, out); // stride 0x100 seen twice
    BOOST_TEST(out == (std::vector<uint64_t>{0x2300, 0x2400}));
    out.clear();
    st->on_miss(0x2500, out); // the stream's next miss, one stride past the last prefetch
    BOOST_TEST(out == (std::vector<uint64_t>{0x2600, 0x2700}));
    out.clear();
    st->on_miss(0x2000 - 0x40, out); // another region: its own entry, nothing yet
    BOOST_TEST(out.empty());
    BOOST_TEST(!make_prefetcher("none", 64, 1));
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_user_errors) {
    sim s;
    cache_params p = l2("markov");
    BOOST_CHECK_EXCEPTION(cache c1("c1", s.env, p), user_error, [](const user_error& e) {
        return std::string(e.what()).find("none, next_line, stride") != std::string::npos;
    });
    p = l2("next_line", 0);
    BOOST_CHECK_THROW(cache c2("c2", s.env, p), user_error);
}

namespace {

/**
 * A core-like initiator straight on a cache: word loads and stores in runs of sequential
 * lines with jumps, one cycle between accesses, local time kept with a quantum keeper.
 * With `fast` it tries the cache's fast path first and falls back to b_transport.
 */
class walker : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<walker> socket{"socket"};
    std::vector<uint64_t> cycles; // per access
    uint64_t fast_served = 0, fast_useful = 0;
    const stats::counter* useful = nullptr;

    walker(const sc_core::sc_module_name& nm, bool fast, sc_time clk)
        : sc_module(nm), m_fast(fast), m_clock(clk) {
        SC_HAS_PROCESS(walker);
        SC_THREAD(run);
    }

private:
    void run() {
        fast_path_provider* fp = nullptr;
        if (m_fast) {
            tlm::tlm_generic_payload t;
            fast_path_ext f;
            tlm::tlm_dmi dmi;
            t.set_extension(&f);
            socket->get_direct_mem_ptr(t, dmi);
            t.clear_extension(&f);
            fp = f.provider;
            BOOST_REQUIRE(fp);
        }
        tlm_utils::tlm_quantumkeeper qk;
        qk.reset();
        uint64_t x = 12345, addr = base;
        for (int i = 0; i < 20000; ++i) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            if ((x >> 40) % 97 == 0)
                addr = base + ((x >> 20) % 512) * 64; // jump
            else
                addr += 8;
            if (addr >= base + 32 * 1024) addr = base;
            const bool write = (x >> 33) % 5 == 0;
            uint32_t v = uint32_t(x >> 16);
            uint64_t c = 0;
            const uint64_t before = useful ? useful->value() : 0;
            const bool served = fp && (write ? fp->fast_write(addr, &v, 4, 1, c)
                                             : fp->fast_read(addr, &v, 4, 1, c));
            if (served) {
                ++fast_served;
                fast_useful += useful && useful->value() != before;
                qk.inc(m_clock * double(c));
            } else {
                tlm::tlm_generic_payload t;
                mem_ext e;
                e.kind = write ? access_kind::store : access_kind::load;
                e.key_id = 1;
                t.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
                t.set_address(addr);
                t.set_data_ptr(reinterpret_cast<uint8_t*>(&v));
                t.set_data_length(4);
                t.set_streaming_width(4);
                t.set_extension(&e);
                sc_time d = qk.get_local_time();
                socket->b_transport(t, d);
                t.clear_extension(&e);
                BOOST_REQUIRE(t.is_response_ok());
                c = uint64_t((d - qk.get_local_time()) / m_clock + 0.5);
                qk.set(d);
            }
            cycles.push_back(c);
            qk.inc(m_clock); // the instruction itself
            if (qk.need_sync()) qk.sync();
        }
        qk.sync();
    }

    const bool m_fast;
    const sc_time m_clock;
};

struct walk_lane {
    test_memory mem;
    cache c;
    walker cpu;
    walk_lane(const std::string& name, sim_env& env, bool fast)
        : mem((name + "_mem").c_str(),
              channel(env.clock_period * mem_lat, env.clock_period * mem_xfer, base, 32 * 1024)),
          c(name.c_str(), env, l2("next_line", 2)),
          cpu((name + "_cpu").c_str(), fast, env.clock_period) {
        cpu.socket.bind(c.target("cpu"));
        c.bind("mem", mem.socket);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(fast_path_matches_b_transport) {
    sim s(sc_time(200, SC_NS)); // the fast path only knows sc_time_stamp(), which lags
    walk_lane a("a", s.env, false), b("b", s.env, true);
    b.cpu.useful = dynamic_cast<const stats::counter*>(s.find("b.prefetch.useful"));
    sc_core::sc_start();
    BOOST_REQUIRE(a.cpu.cycles.size() == 20000u);
    BOOST_TEST(a.cpu.cycles == b.cpu.cycles);
    BOOST_TEST_MESSAGE("fast served " << b.cpu.fast_served << ", fast useful " << b.cpu.fast_useful
                                      << ", useful " << s.count("a.prefetch.useful") << ", late "
                                      << s.count("a.prefetch.late") << ", issued "
                                      << s.count("a.prefetch.issued"));
    BOOST_TEST(b.cpu.fast_served > 10000u);
    BOOST_TEST(b.cpu.fast_useful > 0u); // a fast-path hit on a prefetched line counts useful
    BOOST_TEST(s.count("a.prefetch.late") > 0u);
    for (auto* st : s.reg.all()) {
        if (st->name().rfind("a.", 0) != 0) continue;
        if (auto* ca = dynamic_cast<const stats::counter*>(st))
            BOOST_TEST(ca->value() == s.count("b." + st->name().substr(2)), st->name());
    }
    BOOST_TEST(a.mem.bytes == b.mem.bytes);
    BOOST_TEST(a.mem.log.size() == b.mem.log.size());
    check_counters_add_up(s, a.c);
}
