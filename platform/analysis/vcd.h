#pragma once
// Reading back the VCD files the tracer writes (models/common/tracer.h), for `trvp vcd`:
// list the signals of a file, or print the changes of a few of them as a table, so that a
// waveform can be quoted in a terminal, a document or a test without a viewer.
//
//   trvp vcd FILE                                   signals, widths and change counts
//   trvp vcd FILE -s cpu.secure.context -s cpu.secure.key_id [--from T] [--to T] [--limit N]
//
// Pure C++ (no SystemC), so it is unit-tested on its own.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace trvp::platform::vcd {

/** One signal: its dotted name (scopes below the top one, then the variable) and changes. */
struct signal {
    std::string name; // "cpu.secure.context"
    unsigned width = 1;
    std::vector<std::pair<uint64_t, std::string>> changes; // (time in timescale units, bits)
};

/** A parsed VCD file. Values are kept as the file's bit strings ('x'/'z' allowed). */
struct file {
    uint64_t timescale_ps = 1; // one time unit, in picoseconds
    uint64_t end_time = 0;     // the last timestamp
    std::vector<signal> signals;

    /** The signal named `name`, or nullptr. */
    const signal* find(const std::string& name) const;
};

/** Parses VCD text; throws user_error naming `source` and the line on malformed input. */
file parse(const std::string& text, const std::string& source);

/** Reads and parses a file; throws user_error if it cannot be read. */
file read(const std::string& path);

/** What `excerpt` prints. Times are in picoseconds; `to_ps` 0 means the end. */
struct excerpt_options {
    std::vector<std::string> names;
    uint64_t from_ps = 0, to_ps = 0;
    uint64_t period_ps = 0; // > 0: add a column of clock cycles (time / period)
    size_t limit = 40;      // rows at most (0: no limit)
};

/**
 * A table with one row per time at which any of the named signals changes inside the
 * window: the time, then every named signal's value at that time (hex for vectors, changed
 * values marked with '*'). The first row gives the values at the start of the window.
 * Throws user_error for a name the file lacks (listing the names it has).
 */
void excerpt(std::ostream& os, const file& f, const excerpt_options& o);

/** One line per signal: name, width, number of changes. */
void list(std::ostream& os, const file& f);

/** What `trvp vcd` was asked, as given on the command line (checked by run_vcd). */
struct vcd_options {
    std::string file;
    std::vector<std::string> signals;    // -s: an excerpt of these; none: list the signals
    std::string from, to, period, limit; // empty: not given
};

/** `trvp vcd`: lists the signals or prints an excerpt; returns 0 (user_error on bad input). */
int run_vcd(const vcd_options& o);

} // namespace trvp::platform::vcd
