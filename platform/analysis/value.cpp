#include "value.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace trvp::platform {

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// Splits "123.5 ns" into a number part and a unit part (either may be empty).
void split_number_unit(const std::string& text, std::string& number, std::string& unit) {
    const std::string t = trim(text);
    size_t i = 0;
    while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '.' ||
                            t[i] == '_' || t[i] == '+' || t[i] == '-')) {
        // A unit starts at the first letter that cannot belong to a number.
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
        const bool hex = t.size() > 1 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
        if (std::isalpha(static_cast<unsigned char>(c))) {
            const bool prefix = i == 1 && t[0] == '0' && (c == 'x' || c == 'b');
            const bool hex_digit = hex && i >= 2 && c >= 'a' && c <= 'f';
            const bool exponent = !hex && c == 'e' && i > 0 && i + 1 < t.size() &&
                                  (std::isdigit(static_cast<unsigned char>(t[i + 1])) ||
                                   t[i + 1] == '-' || t[i + 1] == '+');
            if (!prefix && !hex_digit && !exponent) break;
        }
        ++i;
    }
    number = t.substr(0, i);
    unit = trim(t.substr(i));
}

std::optional<uint64_t> parse_plain_integer(std::string digits) {
    std::string clean;
    for (char c : digits)
        if (c != '_') clean += c;
    if (clean.empty()) return std::nullopt;
    int base = 10;
    size_t start = 0;
    if (clean.size() > 2 && clean[0] == '0' && (clean[1] == 'x' || clean[1] == 'X')) {
        base = 16;
        start = 2;
    } else if (clean.size() > 2 && clean[0] == '0' && (clean[1] == 'b' || clean[1] == 'B')) {
        base = 2;
        start = 2;
    }
    uint64_t v = 0;
    for (size_t i = start; i < clean.size(); ++i) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(clean[i])));
        unsigned d;
        if (c >= '0' && c <= '9')
            d = unsigned(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = unsigned(c - 'a' + 10);
        else
            return std::nullopt;
        if (d >= unsigned(base)) return std::nullopt;
        if (v > (UINT64_MAX - d) / uint64_t(base)) return std::nullopt;
        v = v * uint64_t(base) + d;
    }
    return v;
}

std::optional<double> parse_real(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

std::optional<uint64_t> parse_integer(const std::string& text) {
    std::string number, unit;
    split_number_unit(text, number, unit);
    const auto v = parse_plain_integer(number);
    if (!v) return std::nullopt;
    const std::string u = lower(unit);
    unsigned shift = 0;
    if (u.empty() || u == "b")
        shift = 0;
    else if (u == "k" || u == "kib")
        shift = 10;
    else if (u == "m" || u == "mib")
        shift = 20;
    else if (u == "g" || u == "gib")
        shift = 30;
    else if (u == "t" || u == "tib")
        shift = 40;
    else
        return std::nullopt;
    if (shift && *v > (UINT64_MAX >> shift)) return std::nullopt;
    return *v << shift;
}

std::optional<uint64_t> parse_time_ps(const std::string& text) {
    std::string number, unit;
    split_number_unit(text, number, unit);
    const auto v = parse_real(number);
    if (!v || *v < 0) return std::nullopt;
    double scale;
    if (unit == "s" || unit == "sec")
        scale = 1e12;
    else if (unit == "ms")
        scale = 1e9;
    else if (unit == "us")
        scale = 1e6;
    else if (unit == "ns")
        scale = 1e3;
    else if (unit == "ps")
        scale = 1;
    else if (unit.empty() && *v == 0)
        scale = 0;
    else
        return std::nullopt;
    const double ps = std::round(*v * scale);
    if (ps > 1.8e19) return std::nullopt;
    return static_cast<uint64_t>(ps);
}

std::optional<double> parse_frequency_hz(const std::string& text) {
    std::string number, unit;
    split_number_unit(text, number, unit);
    const auto v = parse_real(number);
    if (!v || *v <= 0) return std::nullopt;
    const std::string u = lower(unit);
    if (u == "hz") return *v;
    if (u == "khz") return *v * 1e3;
    if (u == "mhz") return *v * 1e6;
    if (u == "ghz") return *v * 1e9;
    return std::nullopt;
}

std::optional<bool> parse_bool(const std::string& text) {
    const std::string t = lower(trim(text));
    if (t == "true" || t == "yes" || t == "on" || t == "1") return true;
    if (t == "false" || t == "no" || t == "off" || t == "0") return false;
    return std::nullopt;
}

std::string format_size(uint64_t bytes) {
    static const char* const units[] = {"TiB", "GiB", "MiB", "KiB"};
    static const unsigned shifts[] = {40, 30, 20, 10};
    if (bytes != 0)
        for (unsigned i = 0; i < 4; ++i)
            if ((bytes & ((uint64_t(1) << shifts[i]) - 1)) == 0)
                return std::to_string(bytes >> shifts[i]) + " " + units[i];
    return std::to_string(bytes);
}

std::string format_hex(uint64_t v) {
    std::ostringstream os;
    os << "0x" << std::hex << v;
    return os.str();
}

std::string format_time_ps(uint64_t ps) {
    static const char* const units[] = {"s", "ms", "us", "ns"};
    static const uint64_t scale[] = {1000000000000ull, 1000000000ull, 1000000ull, 1000ull};
    if (ps == 0) return "0 ns";
    for (unsigned i = 0; i < 4; ++i)
        if (ps % scale[i] == 0) return std::to_string(ps / scale[i]) + " " + units[i];
    return std::to_string(ps) + " ps";
}

std::string format_frequency_hz(double hz) {
    static const char* const units[] = {"GHz", "MHz", "kHz"};
    static const double scale[] = {1e9, 1e6, 1e3};
    for (unsigned i = 0; i < 3; ++i) {
        const double v = hz / scale[i];
        if (v >= 1 && v == std::floor(v)) return std::to_string(uint64_t(v)) + " " + units[i];
    }
    std::ostringstream os;
    os.precision(12);
    os << hz << " Hz";
    return os.str();
}

} // namespace trvp::platform
