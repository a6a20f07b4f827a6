#pragma once
// Result tables shared by `trvp sweep` and `trvp compare`: a run's stats.json flattened to
// "name" -> value text (histograms become name.mean, name.p99, ...), CSV files, and the
// quoting that job lists need.

#include <map>
#include <string>
#include <vector>

namespace trvp::platform::sweep {

/** Flattened statistics: dotted name -> the value's text exactly as stats.json wrote it. */
using flat_stats = std::map<std::string, std::string>;

/**
 * Reads a stats.json. Scalars keep their text; a histogram {count, sum, mean, ...} gives
 * name.count, name.mean, ... (its buckets are left out). Throws user_error if unreadable.
 */
flat_stats read_stats_json(const std::string& path);

/**
 * Which way each statistic of a stats.json improves: "lower", "higher" or "neither", from its
 * "better" field (files written before it existed: the default of its unit and name).
 */
std::map<std::string, std::string> read_stats_better(const std::string& path);

/** A CSV table: a header and rows of the same width. */
struct csv_table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    /** The column's index, or -1. */
    int column(const std::string& name) const;
};

/** RFC 4180: fields holding ',', '"' or a newline are quoted. */
std::string csv_field(const std::string& s);
void write_csv(const std::string& path, const csv_table& t);
/** Reads a CSV written by write_csv (or any RFC 4180 file); throws user_error. */
csv_table read_csv(const std::string& path);

/** 'text' for a POSIX shell. */
std::string shell_quote(const std::string& s);

/** True if the text is a finite number (as a plot axis or a comparison can use it). */
bool parse_number(const std::string& s, double& out);

/** The whole file as a string; throws user_error naming the path. */
std::string slurp(const std::string& path);

} // namespace trvp::platform::sweep
