#include "run.h"

#include "progress.h"
#include "stop_signals.h"

#include "models/common/output_file.h"
#include "platform/analysis/identity.h"
#include "platform/analysis/value.h"
#include "platform/builder/platform.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <sys/utsname.h>

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

// The summary's "security" line: every non-zero frame-ownership refusal, the contexts
// the secure unit killed for an ownership or integrity refusal (the integrity line above
// counts violations) and why the last sealed image was refused. Empty when nothing happened, so
// honest runs print what they always printed.
std::string security_events(const stats::registry& reg) {
    std::string line;
    for (const stats::stat* s : reg.all()) {
        const std::string& n = s->name();
        if (const auto* t = dynamic_cast<const stats::text*>(s)) { // why a sealed image was refused
            if (ends_with(n, ".secure.image_refused") && !t->value().empty())
                line += (line.empty() ? "" : ", ") + n + ": " + t->value();
            continue;
        }
        if (!ends_with(n, ".ownership.refused") && !ends_with(n, ".secure.integrity_kills") &&
            !ends_with(n, ".secure.ownership_kills"))
            continue;
        const auto* c = dynamic_cast<const stats::counter*>(s);
        if (!c || !c->value()) continue;
        line += (line.empty() ? "" : ", ") + n + " " + std::to_string(c->value());
    }
    return line;
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

uint64_t retired_instructions(platform& p) {
    uint64_t insns = 0;
    for (component* c : p.components())
        if (const stats::stat* s = p.stats().find(c->stat_name("instret")))
            insns += uint64_t(stat_value(s));
    return insns;
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
          exit_reason(reg, "sim.exit_reason", "", "why the run (or phase) ended"),
          interrupted(reg, "sim.interrupted", "",
                      "1 when a signal (SIGINT, SIGTERM) stopped the run, else 0"),
          phases_not_written(
              reg, "sim.phases_not_written", "count",
              "phases ended past the first max_phase_dumps (1000): no files written") {}

    void fill(platform& p, const sc_core::sc_time& begin, const sc_core::sc_time& end, double host);
    static uint64_t to_ps(const sc_core::sc_time& t) {
        return uint64_t(t.to_seconds() * 1e12 + 0.5);
    }

    stats::counter begin_ps, time_ps;
    stats::scalar seconds, host_seconds;
    stats::counter instructions;
    stats::scalar host_mips, exit_code;
    stats::counter exit_status;
    stats::text exit_reason;
    stats::counter interrupted, phases_not_written;
};

void sim_stats::fill(platform& p, const sc_core::sc_time& begin, const sc_core::sc_time& end,
                     double host) {
    const uint64_t insns = retired_instructions(p);
    begin_ps.set(to_ps(begin));
    time_ps.set(to_ps(end));
    seconds.set((end - begin).to_seconds());
    host_seconds.set(host);
    instructions.set(insns);
    host_mips.set(host > 0 ? double(insns) / host / 1e6 : 0);
}

// What made this run's numbers (docs/platform.md, "Run identity"): the simulator build, the
// resolved configuration's hash and the input files' hashes, and the host. Written in
// stats.json (and in every phase dump: set again after each statistics reset).
class run_identity {
public:
    run_identity(stats::registry& reg, platform& p, const std::string& config_text)
        : m_version(reg, "sim.version", "", "the simulator: trvp <version>"),
          m_build(reg, "sim.build_id", "", "the trvp binary's GNU build id"),
          m_config(reg, "sim.config_hash", "",
                   "SHA-256 of the resolved configuration (config.yaml as written)"),
          m_host(reg, "sim.host", "", "the host: name, system, release, machine") {
        m_values.push_back(simulator_version());
        m_values.push_back(build_id());
        m_values.push_back(sha256_hex(config_text));
        m_values.push_back(host_name());
        if (!p.info().elf.empty()) {
            m_inputs.push_back(std::make_unique<stats::text>(
                reg, "sim.input.firmware", "", "SHA-256 of firmware.elf (" + p.info().elf + ")"));
            m_values.push_back(sha256_file(p.info().elf));
        }
        const auto& images = p.boot().images;
        for (size_t i = 0; i < images.size(); ++i) {
            m_inputs.push_back(std::make_unique<stats::text>(
                reg, "sim.input.image" + std::to_string(i), "",
                "SHA-256 of firmware.images." + std::to_string(i) + " (" + images[i].path + ")"));
            m_values.push_back(
                sha256_hex(std::string(images[i].bytes.begin(), images[i].bytes.end())));
        }
        set();
    }
    void set() {
        stats::text* all[] = {&m_version, &m_build, &m_config, &m_host};
        size_t v = 0;
        for (stats::text* t : all) t->set(m_values[v++]);
        for (auto& t : m_inputs) t->set(m_values[v++]);
    }

private:
    static std::string host_name() {
        utsname u{};
        if (uname(&u) != 0) return "unknown";
        return std::string(u.nodename) + " (" + u.sysname + " " + u.release + " " + u.machine + ")";
    }
    stats::text m_version, m_build, m_config, m_host;
    std::vector<std::unique_ptr<stats::text>> m_inputs;
    std::vector<std::string> m_values;
};

// A guest may mark any number of phases; the first this many are written (stats.phase<N>.*),
// the rest only counted (sim.phases_not_written), with one message. docs/platform.md.
constexpr unsigned max_phase_dumps = 1000;

// Writes <base>.json and <base>.txt as the outputs section asks; returns the write errors.
std::vector<std::string> write_stats(platform& p, const std::string& base) {
    std::vector<std::string> errors;
    auto write = [&](const std::string& path, void (stats::registry::*fn)(std::ostream&) const) {
        try {
            write_output(path, [&](std::ostream& os) { (p.stats().*fn)(os); });
        } catch (const user_error& e) {
            errors.push_back(e.what());
        }
    };
    if (p.outputs().stats_json) write(base + ".json", &stats::registry::write_json);
    if (p.outputs().stats_text) write(base + ".txt", &stats::registry::write_text);
    return errors;
}

// Runs the simulation in slices of simulated time: between two slices the kernel is paused,
// which the models never notice (their results do not depend on it), and trvp looks at the
// signals, the time limit and the progress line. Ends when the guest exits, a stop is
// requested, nothing can happen any more (no events), or at max_time.
void simulate(platform& p, const sc_core::sc_time& max_time, progress_line& progress) {
    using namespace sc_core;
    const sc_time slice = std::max(sc_time(1, SC_MS), tlm::tlm_global_quantum::instance().get());
    run_control& ctl = p.control();
    for (;;) {
        if (const int sig = stop_signals::pending())
            ctl.request_stop(std::string("interrupted (") + stop_signals::name(sig) + ")",
                             128 + sig);
        if (ctl.exit_requested() || ctl.limit_reached() || sc_get_status() == SC_STOPPED) return;
        sc_time step = slice;
        if (max_time != SC_ZERO_TIME) {
            if (sc_time_stamp() >= max_time) return;
            step = std::min(step, max_time - sc_time_stamp());
        }
        const sc_time target = sc_time_stamp() + step;
        sc_start(step, SC_EXIT_ON_STARVATION);
        if (ctl.exit_requested() || ctl.limit_reached() || sc_get_status() == SC_STOPPED) return;
        if (!sc_pending_activity()) return; // the last event happened: time stays there
        // Every event left lies after the target: move the time there (nothing runs).
        if (sc_time_stamp() < target) sc_start(target - sc_time_stamp());
        progress.update(sc_time_stamp().to_seconds(), retired_instructions(p));
    }
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
    // config.yaml as written (bases merged in) is what sim.config_hash identifies.
    const std::string config_text = resolved_config_text(p.resolved(), opts.config);
    if (p.outputs().config)
        write_output(out + "/config.yaml", [&](std::ostream& os) { os << config_text; });

    auto& reg = p.stats();
    sim_stats sim(reg);
    run_identity identity(reg, p, config_text);
    // A write error does not stop the other outputs: each is reported, and the run exits 2.
    std::vector<std::string> output_errors;
    auto guarded = [&output_errors](const std::function<void()>& fn) {
        try {
            fn();
        } catch (const user_error& e) {
            output_errors.push_back(e.what());
        }
    };
    const auto t0 = std::chrono::steady_clock::now();
    // Guest phase markers: begin resets every statistic, end dumps them (stats.phase<N>.*).
    sc_core::sc_time interval_begin = sc_core::SC_ZERO_TIME;
    auto host_begin = t0;
    unsigned phase_dumps = 0;
    p.control().on_phase([&](unsigned phase, unsigned event, const sc_core::sc_time& t) {
        const auto now = std::chrono::steady_clock::now();
        if (event == 1) {
            const uint64_t not_written = sim.phases_not_written.value();
            reg.reset_all();
            sim.phases_not_written.set(not_written);
            identity.set();
            interval_begin = t;
            host_begin = now;
        } else if (event == 2) {
            if (phase_dumps == max_phase_dumps) {
                sim.phases_not_written.set(sim.phases_not_written.value() + 1);
                if (sim.phases_not_written.value() == 1)
                    std::cerr << "trvp: the guest ended more than " << max_phase_dumps
                              << " phases: later phases are counted in sim.phases_not_written, "
                                 "not written\n";
                return;
            }
            ++phase_dumps;
            sim.fill(p, interval_begin, t, std::chrono::duration<double>(now - host_begin).count());
            sim.exit_reason.set("phase " + std::to_string(phase) + " ended");
            for (std::string& e : write_stats(p, out + "/stats.phase" + std::to_string(phase)))
                output_errors.push_back(std::move(e));
        }
    });
    p.control().on_exit([] { sc_core::sc_stop(); });
    {
        const stop_signals signals;
        progress_line progress(!opts.quiet, info.max_time.to_seconds());
        try {
            simulate(p, info.max_time, progress);
        } catch (const sc_core::sc_report& e) {
            rethrow_binding_error(e, opts.config);
        }
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
        status = ctl.stop_status();
        reason = ctl.reason();
    } else if (info.max_time != sc_core::SC_ZERO_TIME && sc_core::sc_pending_activity()) {
        status = exit_limit;
        reason = "max_time " + format_time_ps(uint64_t(info.max_time.to_seconds() * 1e12 + 0.5)) +
                 " reached (simulation.max_time; --max-time 0 lifts it)";
    } else {
        status = exit_fail;
        reason = "no more events: the guest did not exit and nothing can wake it";
    }
    sim.interrupted.set(status == exit_sigint || status == exit_sigterm ? 1 : 0);

    guarded([&] { p.end_of_run(); });
    const std::string trace_error = p.write_trace();
    if (!trace_error.empty()) output_errors.push_back(trace_error);
    sim.fill(p, interval_begin, end,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - host_begin).count());
    // (A stats file that fails to write cannot say so itself: the exit status does.)
    sim.exit_status.set(uint64_t(output_errors.empty() ? status : exit_user_error));
    sim.exit_reason.set(reason);
    for (std::string& e : write_stats(p, out + "/stats")) output_errors.push_back(std::move(e));
    const uint64_t insns = sim.instructions.value();
    // Write errors are the user's to fix (a full disk, a file size limit): exit status 2.
    std::cout.flush();
    for (const std::string& e : output_errors) std::cerr << "trvp: error: " << e << '\n';
    if (!output_errors.empty()) status = exit_user_error;

    if (!opts.quiet) {
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
