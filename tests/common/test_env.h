#pragma once
// The environment every model bench hands its components (statistics registry, run
// control, clock), and lookups of the statistics they registered. Lookups of a missing or
// mistyped statistic fail the test case with its name.

#include "common/component.h"
#include "common/stats.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <systemc>
#include <tlm>

namespace trvp::test {

struct test_env {
    stats::registry reg;
    run_control control;
    sim_env env{reg, control};

    /**
     * clock: env.clock_period (cycle-valued parameters count in it); quantum: the global
     * quantum of temporally decoupled initiators (left as it is when zero).
     */
    explicit test_env(sc_core::sc_time clock = sc_core::sc_time(1, sc_core::SC_NS),
                      sc_core::sc_time quantum = sc_core::SC_ZERO_TIME) {
        env.clock_period = clock;
        if (quantum != sc_core::SC_ZERO_TIME) tlm::tlm_global_quantum::instance().set(quantum);
    }

    /** Ends elaboration (binds ports) so that the test body can make accesses. */
    static void start() { sc_core::sc_start(sc_core::SC_ZERO_TIME); }

    bool has(const std::string& name) const { return reg.find(name) != nullptr; }
    const stats::stat* find(const std::string& name) const {
        const stats::stat* s = reg.find(name);
        BOOST_REQUIRE_MESSAGE(s, "no statistic " + name);
        return s;
    }
    /** The value of counter `name`. */
    uint64_t count(const std::string& name) const {
        auto* c = dynamic_cast<const stats::counter*>(find(name));
        BOOST_REQUIRE_MESSAGE(c, name + " is not a counter");
        return c->value();
    }
    /** The value of formula `name`. */
    double value(const std::string& name) const {
        auto* f = dynamic_cast<const stats::formula*>(find(name));
        BOOST_REQUIRE_MESSAGE(f, name + " is not a formula");
        return f->value();
    }
};

} // namespace trvp::test
