// trvp vcd: reading back the tracer's VCD files (see vcd.h).

#include "vcd.h"

#include "models/common/user_error.h"
#include "value.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace trvp::platform::vcd {

namespace {

/** "b1010" / "1" -> "0xa" / "1"; bit strings with x or z stay as they are. */
std::string format_value(const std::string& bits, unsigned width) {
    if (bits.find_first_not_of("01") != std::string::npos) return bits;
    if (width == 1) return bits;
    if (bits.size() > 64) return "b" + bits;
    uint64_t v = 0;
    for (char c : bits) v = v << 1 | uint64_t(c == '1');
    std::ostringstream os;
    os << "0x" << std::hex << v;
    return os.str();
}

std::string format_ps(uint64_t ps) {
    std::ostringstream os;
    os << ps / 1000 << '.' << std::setw(3) << std::setfill('0') << ps % 1000;
    return os.str();
}

} // namespace

const signal* file::find(const std::string& name) const {
    for (const signal& s : signals)
        if (s.name == name) return &s;
    return nullptr;
}

file parse(const std::string& text, const std::string& source) {
    file f;
    std::map<std::string, std::vector<size_t>> by_id; // a VCD id may alias several variables
    std::vector<std::string> scopes;
    std::istringstream in(text);
    std::string line;
    unsigned line_no = 0;
    bool defs = true;
    uint64_t now = 0;
    auto fail = [&](const std::string& what) -> user_error {
        return user_error(source + ":" + std::to_string(line_no) + ": " + what);
    };
    auto record = [&](const std::string& id, std::string bits) {
        auto it = by_id.find(id);
        if (it == by_id.end()) throw fail("value change of undeclared signal id '" + id + "'");
        for (size_t k : it->second) {
            signal& s = f.signals[k];
            if (bits.size() < s.width) // VCD drops leading zeros (x/z extend as themselves)
                bits.insert(0, s.width - bits.size(), bits[0] == '1' ? '0' : bits[0]);
            if (s.changes.empty() || s.changes.back().second != bits) {
                if (!s.changes.empty() && s.changes.back().first == now)
                    s.changes.back().second = bits;
                else
                    s.changes.emplace_back(now, bits);
            }
        }
    };
    while (std::getline(in, line)) {
        ++line_no;
        std::istringstream words(line);
        std::string w;
        while (words >> w) {
            if (defs) {
                if (w == "$timescale") {
                    std::string ts, unit;
                    while (words >> unit && unit != "$end") ts += unit;
                    const auto ps = parse_time_ps(ts); // "1ps", "10 ns", ...
                    if (!ps || *ps == 0) throw fail("unsupported timescale '" + ts + "'");
                    f.timescale_ps = *ps;
                } else if (w == "$scope") {
                    std::string kind, name;
                    words >> kind >> name;
                    scopes.push_back(name);
                } else if (w == "$upscope") {
                    if (scopes.empty()) throw fail("$upscope without $scope");
                    scopes.pop_back();
                } else if (w == "$var") {
                    std::string type, width, id, name;
                    if (!(words >> type >> width >> id >> name))
                        throw fail("malformed $var declaration");
                    signal s;
                    for (size_t k = 1; k < scopes.size(); ++k) // scope 0 is the top module
                        s.name += scopes[k] + ".";
                    s.name += name;
                    // Widths pad every value to that many characters: keep them sane.
                    const long w = std::strtol(width.c_str(), nullptr, 10);
                    if (width.empty() || width.find_first_not_of("0123456789") != width.npos ||
                        w < 1 || w > 4096)
                        throw fail("$var width must be 1 to 4096 bits, got '" + width + "'");
                    s.width = unsigned(w);
                    by_id[id].push_back(f.signals.size());
                    f.signals.push_back(std::move(s));
                } else if (w == "$enddefinitions") {
                    defs = false;
                }
                continue; // other header words ($date text, $end, ...) are skipped
            }
            if (w[0] == '#') {
                const auto t = parse_integer(w.substr(1));
                if (!t) throw fail("bad timestamp '" + w + "'");
                if (*t < now) throw fail("timestamps go backwards at '" + w + "'");
                now = *t;
                f.end_time = now;
            } else if (w[0] == 'b' || w[0] == 'B') {
                std::string id;
                if (!(words >> id)) throw fail("vector value without an id");
                record(id, w.substr(1));
            } else if (w[0] == '0' || w[0] == '1' || w[0] == 'x' || w[0] == 'z' || w[0] == 'X' ||
                       w[0] == 'Z') {
                if (w.size() < 2) throw fail("scalar value without an id");
                record(w.substr(1), std::string(1, char(std::tolower(w[0]))));
            } else if (w == "$comment") {
                while (words >> w && w != "$end") {
                }
            } else if (w[0] == '$') {
                continue; // $dumpvars, $end, ...
            } else if (w[0] == 'r' || w[0] == 'R') {
                words >> w; // real values: not written by the tracer, skipped
            } else {
                throw fail("unexpected '" + w + "'");
            }
        }
    }
    if (defs) throw user_error(source + ": not a VCD file (no $enddefinitions)");
    return f;
}

file read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw user_error(path + ": cannot read the VCD file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

void list(std::ostream& os, const file& f) {
    size_t w = 6;
    for (const signal& s : f.signals) w = std::max(w, s.name.size());
    os << std::left << std::setw(int(w)) << "signal"
       << "  width  changes\n";
    for (const signal& s : f.signals)
        os << std::left << std::setw(int(w)) << s.name << "  " << std::right << std::setw(5)
           << s.width << "  " << std::setw(7) << s.changes.size() << '\n';
    os << "end time " << format_ps(f.end_time * f.timescale_ps) << " ns\n";
}

void excerpt(std::ostream& os, const file& f, const excerpt_options& o) {
    std::vector<const signal*> sigs;
    for (const std::string& n : o.names) {
        const signal* s = f.find(n);
        if (!s) {
            std::string known;
            for (const signal& k : f.signals) known += " " + k.name;
            throw user_error("no signal '" + n + "' in the VCD file; it has:" + known);
        }
        sigs.push_back(s);
    }
    const uint64_t from = o.from_ps / f.timescale_ps;
    const uint64_t to = o.to_ps ? o.to_ps / f.timescale_ps : UINT64_MAX;

    // The times to print: the window's start, then every change of a named signal inside it.
    std::vector<uint64_t> times{from};
    for (const signal* s : sigs)
        for (const auto& [t, v] : s->changes)
            if (t > from && t <= to) times.push_back(t);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());

    auto value_at = [](const signal& s, uint64_t t) -> std::string {
        auto it = std::upper_bound(
            s.changes.begin(), s.changes.end(), t,
            [](uint64_t x, const std::pair<uint64_t, std::string>& c) { return x < c.first; });
        return it == s.changes.begin() ? "x" : std::prev(it)->second;
    };
    auto changes_at = [](const signal& s, uint64_t t) {
        return std::binary_search(s.changes.begin(), s.changes.end(),
                                  std::make_pair(t, std::string()),
                                  [](const auto& a, const auto& b) { return a.first < b.first; });
    };

    std::vector<size_t> width;
    os << std::right << std::setw(14) << "time (ns)";
    if (o.period_ps) os << std::setw(11) << "cycle";
    for (const signal* s : sigs) {
        width.push_back(std::max<size_t>(s->name.size(), 12));
        os << "  " << std::setw(int(width.back())) << s->name;
    }
    os << '\n';
    size_t rows = 0;
    for (uint64_t t : times) {
        if (o.limit && rows == o.limit) {
            os << "... " << times.size() - rows << " more (--limit)\n";
            break;
        }
        const uint64_t ps = t * f.timescale_ps;
        os << std::setw(14) << format_ps(ps);
        if (o.period_ps) os << std::setw(11) << ps / o.period_ps;
        for (size_t k = 0; k < sigs.size(); ++k) {
            std::string v = format_value(value_at(*sigs[k], t), sigs[k]->width);
            if (rows > 0 && changes_at(*sigs[k], t)) v = "*" + v;
            os << "  " << std::setw(int(width[k])) << v;
        }
        os << '\n';
        ++rows;
    }
}

int run_vcd(const vcd_options& in) {
    excerpt_options o;
    auto time_of = [](const std::string& opt, const std::string& v) {
        const auto ps = parse_time_ps(v);
        if (!ps) throw user_error(opt + " needs a time such as '2 us', got '" + v + "'");
        return *ps;
    };
    o.names = in.signals;
    if (!in.from.empty()) o.from_ps = time_of("--from", in.from);
    if (!in.to.empty()) o.to_ps = time_of("--to", in.to);
    if (!in.period.empty()) o.period_ps = time_of("--period", in.period);
    if (!in.limit.empty()) {
        const auto n = parse_integer(in.limit);
        if (!n) throw user_error("--limit needs a number, got '" + in.limit + "'");
        o.limit = size_t(*n);
    }
    if (o.to_ps && o.to_ps < o.from_ps) throw user_error("vcd: --to is before --from");
    const file f = read(in.file);
    if (o.names.empty())
        list(std::cout, f);
    else
        excerpt(std::cout, f, o);
    return 0;
}

} // namespace trvp::platform::vcd
