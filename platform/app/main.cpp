// trvp: the virtual platform's command line. libsystemc provides a main() that prints the
// SystemC banner before sc_main runs; ours hides it (unless the user asked for it through
// SC_COPYRIGHT_MESSAGE/SYSTEMC_DISABLE_COPYRIGHT_MESSAGE) and then hands over to SystemC.

#include "cli.h"
#include "describe.h"
#include "run.h"

#include "models/common/user_error.h"
#include "platform/analysis/identity.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <systemc>
#include <vector>

namespace {

using namespace trvp::platform;

// Errors and fatals become exceptions (caught below); warnings and infos go to stderr so
// that stdout carries only the guest's console.
void report_handler(const sc_core::sc_report& r, const sc_core::sc_actions& actions) {
    using namespace sc_core;
    if (actions & SC_DISPLAY) {
        static const char* const sev[] = {"info", "warning", "error", "fatal"};
        std::cerr << "trvp: " << sev[r.get_severity() < 4 ? r.get_severity() : 3] << ": "
                  << r.get_msg_type() << ": " << r.get_msg() << '\n';
    }
    if (actions & SC_THROW) throw r;
    if (actions & SC_STOP) sc_stop();
    if (actions & SC_ABORT) std::abort();
}

int dispatch(int argc, char** argv) {
    const cli_options o = parse_cli(argc, argv);
    switch (o.cmd) {
    case cli_options::command::help:
        std::cout << o.help_text;
        return exit_pass;
    case cli_options::command::version:
        std::cout << trvp::platform::simulator_version() << " (build " << trvp::platform::build_id()
                  << ", SystemC " << sc_core::sc_release() << ")\n";
        return exit_pass;
    case cli_options::command::describe:
        if (o.schema) {
            if (!o.describe_type.empty())
                throw trvp::user_error("describe --schema takes no type, got '" + o.describe_type +
                                       "'");
            write_schema(std::cout);
        } else {
            describe(std::cout, o.describe_type);
        }
        return exit_pass;
    case cli_options::command::run:
        return run(o);
    case cli_options::command::sweep:
        return sweep::run_sweep(o.sweep_opts);
    case cli_options::command::compare:
        return compare::run_compare(o.compare_opts);
    case cli_options::command::vcd:
        return vcd::run_vcd(o.vcd_opts);
    }
    return exit_internal;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    using namespace sc_core;
    sc_report_handler::set_handler(report_handler);
    sc_report_handler::set_actions(SC_ERROR, SC_THROW);
    sc_report_handler::set_actions(SC_FATAL, SC_THROW);
    sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", SC_DO_NOTHING);
    // "Simulation stopped by user": every run ends with sc_stop(); the summary says why.
    sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING);
    try {
        return dispatch(argc, argv);
    } catch (const trvp::user_error& e) {
        std::cerr << "trvp: error: " << e.what() << '\n';
        return exit_user_error;
    } catch (const sc_report& e) {
        std::cerr << "trvp: internal error: " << e.what() << '\n';
        return exit_internal;
    } catch (const std::exception& e) {
        std::cerr << "trvp: internal error: " << e.what() << '\n';
        return exit_internal;
    } catch (...) {
        std::cerr << "trvp: internal error: unknown exception\n";
        return exit_internal;
    }
}

int main(int argc, char* argv[]) {
    if (!std::getenv("SC_COPYRIGHT_MESSAGE")) setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
