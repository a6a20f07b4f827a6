#include "run.h"

#include "platform/analysis/value.h"
#include "platform/builder/platform.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace trvp::platform {

namespace {

double stat_value(const stats::stat* s) {
    if (auto c = dynamic_cast<const stats::counter*>(s)) return double(c->value());
    if (auto c = dynamic_cast<const stats::scalar*>(s)) return c->value();
    if (auto c = dynamic_cast<const stats::formula*>(s)) return c->value();
    return 0;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The summary's "security" line: every non-zero frame-ownership refusal and the contexts
// the secure unit killed for an ownership or integrity refusal (the integrity line above
// counts violations). Empty when nothing happened, so honest runs print what they always
// printed.
std::string security_events(const stats::registry& reg) {
    std::string line;
    for (const stats::stat* s : reg.all()) {
        const std::string& n = s->name();
        if (!ends_with(n, ".ownership.refused") && !ends_with(n, ".secure.integrity_kills") &&
            !ends_with(n, ".secure.ownership_kills"))
            continue;
        const auto* c = dynamic_cast<const stats::counter*>(s);
        if (!c || !c->value()) continue;
        line += (line.empty() ? "" : ", ") + n + " " + std::to_string(c->value());
    }
    return line;
}

void write_file(const std::string& path, const std::function<void(std::ostream&)>& fn) {
    std::ofstream os(path);
    if (!os) throw user_error(path + ": cannot write");
    fn(os);
    if (!os) throw user_error(path + ": write failed");
}

// SystemC reports an unbound initiator at elaboration: "... port not bound: port 'cpu.data'
// (...)". Name the socket the way the configuration does.
[[noreturn]] void rethrow_binding_error(const sc_core::sc_report& e, const std::string& config) {
    const std::string msg = e.what();
    if (msg.find("not bound") != std::string::npos) {
        std::string port = "?";
        const auto q = msg.find("port '");
        if (q != std::string::npos) {
            const auto end = msg.find('\'', q + 6);
            port = msg.substr(q + 6, end - q - 6);
        }
        throw user_error(config + ": socket '" + port +
                         "' is not connected; add it to 'connections:' (SystemC: " + e.get_msg() +
                         ")");
    }
    throw;
}

// The platform's own statistics; they describe the interval since the last reset.
struct sim_stats {
    explicit sim_stats(stats::registry& reg)
        : begin_ps(reg, "sim.begin_ps", "ps", "simulated time when these statistics began"),
          time_ps(reg, "sim.time_ps", "ps", "simulated time at the end of the run (or phase)"),
          seconds(reg, "sim.seconds", "s", "simulated seconds since sim.begin_ps"),
          host_seconds(reg, "sim.host_seconds", "s", "host wall-clock time since sim.begin_ps"),
          instructions(reg, "sim.instructions", "count",
                       "instructions retired by all cores (sum of <component>.instret)"),
          host_mips(reg, "sim.host_mips", "MIPS", "sim.instructions per host microsecond"),
          exit_code(reg, "sim.exit_code", "", "the guest's exit code (0: pass)"),
          exit_status(reg, "sim.exit_status", "", "trvp's process exit status"),
          exit_reason(reg, "sim.exit_reason", "", "why the run (or phase) ended") {}

    void fill(platform& p, const sc_core::sc_time& begin, const sc_core::sc_time& end,
              double host) {
        uint64_t insns = 0;
        for (component* c : p.components())
            if (const stats::stat* s = p.stats().find(c->stat_name("instret")))
                insns += uint64_t(stat_value(s));
        begin_ps.set(to_ps(begin));
        time_ps.set(to_ps(end));
        seconds.set((end - begin).to_seconds());
        host_seconds.set(host);
        instructions.set(insns);
        host_mips.set(host > 0 ? double(insns) / host / 1e6 : 0);
    }
    static uint64_t to_ps(const sc_core::sc_time& t) {
        return uint64_t(t.to_seconds() * 1e12 + 0.5);
    }

    stats::counter begin_ps, time_ps;
    stats::scalar seconds, host_seconds;
    stats::counter instructions;
    stats::scalar host_mips, exit_code;
    stats::counter exit_status;
    stats::text exit_reason;
};

// Writes <base>.json and <base>.txt as the outputs section asks.
void write_stats(platform& p, const std::string& base) {
    if (p.outputs().stats_json)
        write_file(base + ".json", [&](std::ostream& os) { p.stats().write_json(os); });
    if (p.outputs().stats_text)
        write_file(base + ".txt", [&](std::ostream& os) { p.stats().write_text(os); });
}

std::string format_seconds(double s) {
    std::ostringstream os;
    if (s >= 1)
        os << std::fixed << std::setprecision(3) << s << " s";
    else if (s >= 1e-3)
        os << std::fixed << std::setprecision(3) << s * 1e3 << " ms";
    else
        os << std::fixed << std::setprecision(3) << s * 1e6 << " us";
    return os.str();
}

} // namespace

std::string default_out_dir(const std::string& config) {
    return (std::filesystem::path("out") / std::filesystem::path(config).stem()).string();
}

int run(const cli_options& opts) {
    namespace fs = std::filesystem;
    config_doc doc = config_doc::load(opts.config);
    for (const auto& s : opts.sets) doc.apply_set(s);
    if (opts.max_instructions)
        doc.apply_set("simulation.max_instructions=" + *opts.max_instructions);
    if (opts.max_time) doc.apply_set("simulation.max_time=" + *opts.max_time);
    if (!opts.vcd.empty()) {
        // Relative to the current folder (outputs.vcd in a file is relative to the output one).
        std::string path = fs::absolute(opts.vcd).string(), quoted = "'";
        for (char c : path) quoted += c == '\'' ? std::string("''") : std::string(1, c);
        doc.apply_set("outputs.vcd=" + quoted + "'");
    }

    if (opts.dry_run) {
        std::cout << resolved_config_text(check_config(doc), opts.config);
        return exit_pass;
    }

    const std::string out = opts.out_dir.empty() ? default_out_dir(opts.config) : opts.out_dir;
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw user_error(out + ": cannot create output folder: " + ec.message());

    platform p(doc, out);
    const platform_info& info = p.info();
    if (p.outputs().config)
        write_file(out + "/config.yaml", [&](std::ostream& os) {
            os << resolved_config_text(p.resolved(), opts.config);
        });

    auto& reg = p.stats();
    sim_stats sim(reg);
    const auto t0 = std::chrono::steady_clock::now();
    // Guest phase markers: begin resets every statistic, end dumps them (stats.phase<N>.*).
    sc_core::sc_time interval_begin = sc_core::SC_ZERO_TIME;
    auto host_begin = t0;
    p.control().on_phase([&](unsigned phase, unsigned event, const sc_core::sc_time& t) {
        const auto now = std::chrono::steady_clock::now();
        if (event == 1) {
            reg.reset_all();
            interval_begin = t;
            host_begin = now;
        } else if (event == 2) {
            sim.fill(p, interval_begin, t, std::chrono::duration<double>(now - host_begin).count());
            sim.exit_reason.set("phase " + std::to_string(phase) + " ended");
            write_stats(p, out + "/stats.phase" + std::to_string(phase));
        }
    });
    p.control().on_exit([] { sc_core::sc_stop(); });
    try {
        if (info.max_time != sc_core::SC_ZERO_TIME)
            sc_core::sc_start(info.max_time);
        else
            sc_core::sc_start();
    } catch (const sc_core::sc_report& e) {
        rethrow_binding_error(e, opts.config);
    }
    const double host =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const run_control& ctl = p.control();
    const sc_core::sc_time end = std::max(sc_core::sc_time_stamp(), ctl.end_time());
    int status;
    std::string reason;
    if (ctl.exit_requested()) {
        status = ctl.exit_code() == 0 ? exit_pass : exit_fail;
        reason = ctl.reason();
        sim.exit_code.set(ctl.exit_code());
    } else if (ctl.limit_reached()) {
        status = exit_limit;
        reason = ctl.reason();
    } else if (info.max_time != sc_core::SC_ZERO_TIME && sc_core::sc_pending_activity()) {
        status = exit_limit;
        reason = "max_time " + format_time_ps(uint64_t(info.max_time.to_seconds() * 1e12 + 0.5)) +
                 " reached";
    } else {
        status = exit_fail;
        reason = "no more events: the guest did not exit and nothing can wake it";
    }

    p.end_of_run();
    const std::string trace_error = p.write_trace();
    if (!trace_error.empty()) {
        std::cerr << "trvp: " << trace_error << '\n';
        status = exit_user_error;
    }
    sim.fill(p, interval_begin, end,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - host_begin).count());
    sim.exit_status.set(uint64_t(status));
    sim.exit_reason.set(reason);
    write_stats(p, out + "/stats");
    const uint64_t insns = sim.instructions.value();

    if (!opts.quiet) {
        std::cout.flush();
        std::cerr << "trvp: " << reason << " (exit status " << status << ")\n"
                  << "  instructions    " << insns << '\n'
                  << "  simulated time  " << format_seconds(end.to_seconds()) << '\n'
                  << "  host time       " << format_seconds(host) << '\n'
                  << "  speed           " << std::fixed << std::setprecision(1)
                  << sim.host_mips.value() << " MIPS\n"
                  << "  outputs         " << out << "/\n";
        // Integrity checks (docs/crypto.md, Integrity): only units with integrity on.
        for (component* c : p.components())
            if (const stats::stat* v = p.stats().find(c->stat_name("integrity.violations"))) {
                const stats::stat* n = p.stats().find(c->stat_name("integrity.checked"));
                std::cerr << "  integrity       " << c->name() << ": " << uint64_t(stat_value(v))
                          << " violations, " << (n ? uint64_t(stat_value(n)) : 0)
                          << " lines checked\n";
            }
        const std::string security = security_events(p.stats());
        if (!security.empty()) std::cerr << "  security        " << security << '\n';
    }
    return status;
}

} // namespace trvp::platform
