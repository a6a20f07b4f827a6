#define BOOST_TEST_MODULE tracer_stream
// The streamed tracer under a running simulation: initiators record changes ahead of the
// global time (at most a quantum), as temporally decoupled models do. Written with a reorder
// buffer of one change (flushed at every record), the file is byte-identical to the one a
// tracer that keeps everything until the end writes, and the buffer stays small.
#include "common/tracer.h"
#include "sc_test_main.h"

#include <fstream>
#include <random>
#include <sstream>

using namespace sc_core;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream is(path);
    std::stringstream ss;
    ss << is.rdbuf();
    return ss.str();
}

// Two decoupled "initiators" that each run up to a quantum ahead and record plain changes,
// pulses and level steps (intervals that open and close out of time order) into every tracer.
SC_MODULE(recorder) {
    std::vector<trvp::tracer*> tracers;
    std::vector<trvp::tracer::signal> pc, pulse, level;
    unsigned seed = 1;
    sc_time quantum{100, SC_NS};

    SC_CTOR(recorder) {
        SC_THREAD(run);
    }
    void run() {
        std::mt19937 rng(seed);
        for (int q = 0; q < 400; ++q) {
            for (int i = 0; i < 50; ++i) {
                const sc_time t = sc_time_stamp() + sc_time(double(rng() % 100), SC_NS);
                const uint64_t v = rng() % 7;
                const sc_time len(double(1 + rng() % 300), SC_NS); // may outlast the quantum
                for (size_t k = 0; k < tracers.size(); ++k) {
                    tracers[k]->change(pc[k], t, v);
                    tracers[k]->pulse(pulse[k], t, sc_time(1, SC_NS));
                    tracers[k]->step(level[k], t, +1);
                    tracers[k]->step(level[k], t + len, -1);
                }
            }
            wait(quantum);
        }
    }
};

struct bench {
    trvp::tracer streamed, whole;
    recorder a{"a"}, b{"b"};
    bench(const sc_time& start, const sc_time& end)
        : streamed("stream_small.vcd", start, end, 1),
          whole("stream_whole.vcd", start, end, SIZE_MAX) {
        b.seed = 2;
        for (recorder* r : {&a, &b})
            for (trvp::tracer* t : {&streamed, &whole}) {
                const std::string scope = r->name();
                r->tracers.push_back(t);
                r->pc.push_back(t->add(scope, "value", 3));
                r->pulse.push_back(t->add(scope, "pulse", 1));
                r->level.push_back(t->add_level(scope, "open", 4));
            }
    }
};

void check_identical(bench& b) {
    sc_start();
    BOOST_REQUIRE(b.streamed.write());
    BOOST_REQUIRE(b.whole.write());
    BOOST_TEST(b.streamed.late() == 0u);
    BOOST_TEST(b.streamed.changes() == b.whole.changes());
    BOOST_TEST(b.streamed.changes() > 1000u);
    // The whole run was held by one, a few quanta's worth by the other.
    BOOST_TEST(b.whole.peak_buffered() == b.whole.changes());
    BOOST_TEST(b.streamed.peak_buffered() < b.streamed.changes() / 20);
    const std::string s = slurp("stream_small.vcd"), w = slurp("stream_whole.vcd");
    BOOST_TEST(s.size() > 10000u);
    BOOST_TEST((s == w));
}

} // namespace

BOOST_AUTO_TEST_CASE(streamed_file_equals_the_sorted_whole) {
    bench b(SC_ZERO_TIME, sc_max_time());
    check_identical(b);
}

BOOST_AUTO_TEST_CASE(streamed_window_equals_the_sorted_whole) {
    // Levels opened before the window count at its start; nothing outside it is written.
    bench b(sc_time(7, SC_US), sc_time(23, SC_US));
    check_identical(b);
    const std::string s = slurp("stream_small.vcd");
    BOOST_TEST(s.find("\n#7000000\n$dumpvars") != std::string::npos);
    BOOST_TEST(s.find("\n#23000000\n") == std::string::npos);
}
