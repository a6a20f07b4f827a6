#include "run.h"

#include "platform.h"
#include "value.h"

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

    const std::string out = opts.out_dir.empty() ? default_out_dir(opts.config) : opts.out_dir;
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw user_error(out + ": cannot create output folder: " + ec.message());

    platform p(doc, out);
    const platform_info& info = p.info();
    if (p.outputs().config)
        write_file(out + "/config.yaml", [&](std::ostream& os) {
            YAML::Emitter em;
            em << p.resolved();
            os << "# Resolved configuration of " << opts.config << " (every default filled in)\n"
               << em.c_str() << '\n';
        });

    auto& reg = p.stats();
    stats::counter time_ps(reg, "sim.time_ps", "ps", "simulated time at the end of the run");
    stats::scalar seconds(reg, "sim.seconds", "s", "simulated time at the end of the run");
    stats::scalar host_seconds(reg, "sim.host_seconds", "s", "host wall-clock time of the run");
    stats::counter instructions(reg, "sim.instructions", "count",
                                "instructions retired by all cores (<core>.instret)");
    stats::scalar host_mips(reg, "sim.host_mips", "MIPS", "instructions per host microsecond");
    stats::scalar exit_code(reg, "sim.exit_code", "", "the guest's exit code (0: pass)");
    stats::counter exit_status(reg, "sim.exit_status", "", "trvp's process exit status");
    stats::text exit_reason(reg, "sim.exit_reason", "", "why the run ended");

    p.control().on_exit([] { sc_core::sc_stop(); });
    const auto t0 = std::chrono::steady_clock::now();
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
        exit_code.set(ctl.exit_code());
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

    for (component* c : p.components()) c->end_of_run();
    uint64_t insns = 0;
    for (component* c : p.components())
        if (const stats::stat* s = reg.find(c->stat_name("instret")))
            insns += uint64_t(stat_value(s));
    time_ps.set(uint64_t(end.to_seconds() * 1e12 + 0.5));
    seconds.set(end.to_seconds());
    host_seconds.set(host);
    instructions.set(insns);
    host_mips.set(host > 0 ? double(insns) / host / 1e6 : 0);
    exit_status.set(uint64_t(status));
    exit_reason.set(reason);

    if (p.outputs().stats_json)
        write_file(out + "/stats.json", [&](std::ostream& os) { reg.write_json(os); });
    if (p.outputs().stats_text)
        write_file(out + "/stats.txt", [&](std::ostream& os) { reg.write_text(os); });

    if (!opts.quiet) {
        std::cout.flush();
        std::cerr << "trvp: " << reason << " (exit status " << status << ")\n"
                  << "  instructions    " << insns << '\n'
                  << "  simulated time  " << format_seconds(end.to_seconds()) << '\n'
                  << "  host time       " << format_seconds(host) << '\n'
                  << "  speed           " << std::fixed << std::setprecision(1) << host_mips.value()
                  << " MIPS\n"
                  << "  outputs         " << out << "/\n";
    }
    return status;
}

} // namespace trvp::platform
