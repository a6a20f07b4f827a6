#pragma once
// Plots of a sweep's CSV: per plot a data file, a gnuplot script and PNG + SVG renderings.

#include "sweep_spec.h"
#include "sweep_table.h"

#include <iosfwd>

namespace trvp::platform::sweep {

/**
 * Writes <dir>/<plot>.dat and <plot>.gp for every plot of `s` and runs gnuplot on each
 * (PNG and SVG beside them). Returns the number of plots rendered; a missing gnuplot or a
 * plot without data is a warning on `log`, not an error.
 */
unsigned render_plots(const sweep_spec& s, const csv_table& t, const std::string& dir,
                      std::ostream& log);

} // namespace trvp::platform::sweep
