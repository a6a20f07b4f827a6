#include "dram_timing.h"
#include "banked_timing.h"

#include "common/errors.h"

#include <cmath>

namespace trvp {

std::unique_ptr<dram_timing> make_dram_timing(const std::string& who, const dram_timing_params& p,
                                              const dram_timing_env& env) {
    auto fail = [&](const std::string& what) { throw user_error(who + ": " + what); };
    // The limits of single parameters are declared by the factory (dram_factory.cpp), which
    // reports them against the configuration; here they can only be a caller's bug.
    auto require = [&](bool ok, const std::string& what) {
        if (!ok) TRVP_PANIC("trvp/dram", who + ": " + what);
    };
    if (p.timing == "fixed") return std::make_unique<fixed_timing>(p.latency);
    require(p.timing == "banked", "timing '" + p.timing + "' is not one of: fixed, banked");

    require(p.page_policy == "open" || p.page_policy == "closed",
            "page_policy '" + p.page_policy + "' is not one of: open, closed");
    const banked_timing::policy pol =
        p.page_policy == "closed" ? banked_timing::policy::closed : banked_timing::policy::open;
    require(p.banks >= 1 && p.banks <= 1024,
            "banks must lie in 1..1024, not " + std::to_string(p.banks));
    require(p.row_size > 0, "row_size must be greater than zero");
    require(p.bandwidth > 0 && std::isfinite(p.bandwidth),
            "bandwidth must be a positive number of bytes per second");
    // Relations between parameters: the user's to get right.
    if (!(p.t_row_hit <= p.t_row_miss && p.t_row_miss <= p.t_row_conflict))
        fail("row timings must satisfy t_row_hit <= t_row_miss <= t_row_conflict (got " +
             p.t_row_hit.to_string() + ", " + p.t_row_miss.to_string() + ", " +
             p.t_row_conflict.to_string() + ")");
    if (env.clock_period == sc_core::SC_ZERO_TIME) fail("the clock period must not be zero");
    return std::make_unique<banked_timing>(p, pol, env);
}

} // namespace trvp
