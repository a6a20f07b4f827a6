#include "dram_timing.h"
#include "banked_timing.h"

#include "common/errors.h"

#include <cmath>

namespace trvp {

std::unique_ptr<dram_timing> make_dram_timing(const std::string& who, const dram_timing_params& p,
                                              const dram_timing_env& env) {
    auto fail = [&](const std::string& what) { throw user_error(who + ": " + what); };
    if (p.timing == "fixed") return std::make_unique<fixed_timing>(p.latency);
    if (p.timing != "banked") fail("timing '" + p.timing + "' is not one of: fixed, banked");

    banked_timing::policy pol = banked_timing::policy::open;
    if (p.page_policy == "closed")
        pol = banked_timing::policy::closed;
    else if (p.page_policy != "open")
        fail("page_policy '" + p.page_policy + "' is not one of: open, closed");
    if (p.banks < 1 || p.banks > 1024)
        fail("banks must lie in 1..1024, not " + std::to_string(p.banks));
    if (p.row_size == 0) fail("row_size must be greater than zero");
    if (!(p.bandwidth > 0) || !std::isfinite(p.bandwidth))
        fail("bandwidth must be a positive number of bytes per second");
    if (!(p.t_row_hit <= p.t_row_miss && p.t_row_miss <= p.t_row_conflict))
        fail("row timings must satisfy t_row_hit <= t_row_miss <= t_row_conflict (got " +
             p.t_row_hit.to_string() + ", " + p.t_row_miss.to_string() + ", " +
             p.t_row_conflict.to_string() + ")");
    if (env.clock_period == sc_core::SC_ZERO_TIME) fail("the clock period must not be zero");
    return std::make_unique<banked_timing>(p, pol, env);
}

} // namespace trvp
