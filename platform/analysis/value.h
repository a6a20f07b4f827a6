#pragma once
// Parsing and printing of configuration values: integers with size suffixes, times and
// frequencies. Pure C++ (no YAML, no SystemC) so it can be unit-tested on its own.

#include <cstdint>
#include <optional>
#include <string>

namespace trvp::platform {

/**
 * An unsigned integer: decimal, 0x hex, 0b binary, '_' separators allowed, optionally
 * followed by a binary size suffix (K/KiB, M/MiB, G/GiB, T/TiB; "B" alone means bytes).
 * Returns nullopt on syntax errors and overflow.
 */
std::optional<uint64_t> parse_integer(const std::string& text);

/** A time such as "50 ns", "10us", "1.5 ms", or "0"; the result is in picoseconds. */
std::optional<uint64_t> parse_time_ps(const std::string& text);

/** A frequency such as "1 GHz", "10 MHz", "32768 Hz"; the result is in hertz. */
std::optional<double> parse_frequency_hz(const std::string& text);

/** "true/false", "yes/no", "on/off", "1/0". */
std::optional<bool> parse_bool(const std::string& text);

/** "128 MiB" when the value is an exact multiple of a binary unit, else decimal. */
std::string format_size(uint64_t bytes);
/** "0x80000000". */
std::string format_hex(uint64_t v);
/** "50 ns": the largest unit that represents the value exactly. */
std::string format_time_ps(uint64_t ps);
/** "1 GHz": the largest unit that represents the value exactly (else Hz with decimals). */
std::string format_frequency_hz(double hz);

} // namespace trvp::platform
