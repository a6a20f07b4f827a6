// The `trvp` command line, parsed with CLI11: one subcommand per command, each with its own
// options and `--help`. An option given twice takes its last value (tests and scripts
// append overrides); --set, --tol, --ignore and -s accumulate. The overview (`trvp --help`) is
// written by hand so it shows every command's synopsis at once. Mistakes keep the messages trvp has
// always printed where a test or a user relies on them ("unknown command 'x'", "unknown option
// '--x'").

#include "cli.h"

#include "sweep_inputs.h"

#include "models/common/user_error.h"

#include <CLI/CLI.hpp>
#include <functional>

namespace trvp::platform {

std::string usage() {
    return "usage:\n"
           "  trvp run CONFIG [--set key.path=value]... [--out DIR] [--max-instructions N]\n"
           "                  [--max-time T] [--dump-dram] [--vcd FILE [--vcd-format F]]\n"
           "                  [--trace FILE [--trace-disasm]] [--quiet] [--dry-run]\n"
           "  trvp describe [TYPE|SECTION]   parameters, defaults, units and descriptions\n"
           "  trvp describe --schema         JSON Schema of a configuration (editors)\n"
           "  trvp sweep FILE [-j N] [--out DIR] [--dry-run|--collect|--export parallel|slurm]\n"
           "                  runs a parameter sweep (docs/sweeps.md; trvp sweep --help)\n"
           "  trvp compare BASELINE CURRENT [--tol METRIC=REL]... [--host-tol REL] [--primary "
           "M...]\n"
           "                  compares statistics; exit 1 on a regression (trvp compare --help)\n"
           "  trvp vcd FILE [-s SIGNAL]... [--from T] [--to T]\n"
           "                  lists a VCD file's signals or prints their changes (trvp vcd "
           "--help)\n"
           "  trvp --help | --version\n"
           "\n"
           "run: builds the platform described by CONFIG (YAML), loads its firmware and runs it.\n"
           "  --set k=v             override a key (value parsed as YAML); 'dram.latency=60 ns'\n"
           "                        is short for 'components.dram.latency=60 ns'\n"
           "  --out DIR             output folder (default out/<config name>/): config.yaml,\n"
           "                        stats.json, stats.txt, transcripts\n"
           "  --max-instructions N  same as --set simulation.max_instructions=N\n"
           "  --max-time T          same as --set simulation.max_time=T (e.g. '10 ms')\n"
           "  --dump-dram           same as --set outputs.dram_dump=true (<out>/<dram>.bin)\n"
           "  --vcd FILE            write VCD waveforms to FILE (outputs.vcd; window: outputs.\n"
           "                        vcd_start/vcd_end), streamed; slower inside the window\n"
           "  --vcd-format F        vcd (default) or fst (through GTKWave's vcd2fst)\n"
           "  --trace FILE          write an instruction trace (commit log, Spike's format) to\n"
           "                        FILE (outputs.trace; window: outputs.trace_start/_end/\n"
           "                        _first/_count)\n"
           "  --trace-disasm        add each instruction's disassembly to the trace\n"
           "  --quiet               no summary on stderr\n"
           "  --dry-run             check the resolved configuration (bases, --set) and print\n"
           "                        it; build and run nothing\n"
           "exit status: 0 guest passed, 1 guest failed, 2 user error, 3 run limit reached,\n"
           "             4 internal error\n";
}

namespace {

// CLI11 collects what it did not expect (allow_extras); name each the way trvp always has.
// `too_many` words the error for a surplus positional argument `extra` (quoted).
void reject_extras(const CLI::App& cmd,
                   const std::function<std::string(const std::string&)>& too_many) {
    const std::vector<std::string> extra = cmd.remaining();
    if (extra.empty()) return;
    const std::string help = "\nsee 'trvp " + cmd.get_name() + " --help'";
    for (const std::string& a : extra)
        if (a.size() > 1 && a[0] == '-') throw user_error("unknown option '" + a + "'" + help);
    throw user_error(too_many("'" + extra.front() + "'") + help);
}

void add_run(CLI::App& app, cli_options& o, std::string& max_insns, std::string& max_time,
             bool& dump_dram) {
    CLI::App* run = app.add_subcommand(
        "run", "builds the platform described by CONFIG (YAML), loads its firmware and runs it");
    run->add_option("CONFIG", o.config, "the platform's configuration (YAML)");
    run->add_option("--set", o.sets,
                    "override a key (value parsed as YAML); 'dram.latency=60 ns' is short for "
                    "'components.dram.latency=60 ns'")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
    run->add_option("--out", o.out_dir,
                    "output folder (default out/<config name>/): config.yaml, stats.json, "
                    "stats.txt, transcripts")
        ->type_name("DIR")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    run->add_option("--max-instructions", max_insns, "same as --set simulation.max_instructions=N")
        ->type_name("N")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    run->add_option("--max-time", max_time, "same as --set simulation.max_time=T (e.g. '10 ms')")
        ->type_name("T")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    run->add_flag("--dump-dram", dump_dram,
                  "same as --set outputs.dram_dump=true (<out>/<dram>.bin), after every --set");
    run->add_option("--vcd", o.vcd,
                    "write VCD waveforms to FILE (outputs.vcd; window: outputs.vcd_start/"
                    "vcd_end), streamed to disk; slower inside the window (the cores' fast "
                    "paths are off there)")
        ->type_name("FILE")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    run->add_option("--vcd-format", o.vcd_format,
                    "vcd (default) or fst: GTKWave's compressed format, converted with vcd2fst "
                    "(same as --set outputs.vcd_format=F)")
        ->type_name("F")
        ->check(CLI::IsMember({"vcd", "fst"}))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    run->add_option("--trace", o.trace,
                    "write an instruction trace (a commit log in Spike's --log-commits format) "
                    "to FILE (outputs.trace; window: outputs.trace_start/trace_end/trace_first/"
                    "trace_count)")
        ->type_name("FILE")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    run->add_flag("--trace-disasm", o.trace_disasm,
                  "add each instruction's disassembly to the trace (outputs.trace_disasm)");
    run->add_flag("-q,--quiet", o.quiet, "no summary on stderr");
    run->add_flag("-n,--dry-run", o.dry_run,
                  "resolve the configuration (bases, --set) and check every key and rule; "
                  "print the resolved configuration and run nothing");
    run->footer("exit status: 0 guest passed, 1 guest failed, 2 user error, 3 run limit "
                "reached,\n             4 internal error\n");
}

void add_sweep(CLI::App& app, sweep::sweep_options& so) {
    CLI::App* sweep = app.add_subcommand(
        "sweep", "runs the cross product of a sweep file as parallel trvp processes, gathers "
                 "their statistics into results.csv and plots them (docs/sweeps.md)");
    sweep->add_option("FILE", so.file, "the sweep file (YAML)");
    sweep->add_option("-j,--jobs", so.jobs, "runs at a time (default: the host's cores)")
        ->type_name("N")
        ->check(CLI::Range(1u, 65536u))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    sweep
        ->add_option("--out", so.out,
                     "output folder (default: the sweep file's 'out', else out/sweeps/<name>): "
                     "results.csv, runs/<id>/, plots/")
        ->type_name("DIR")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    sweep->add_flag("-n,--dry-run", so.dry_run,
                    "check every parameter key, value and metric name, list the commands "
                    "still to run; run nothing");
    sweep->add_flag("--collect", so.collect_only,
                    "run nothing; gather runs/*/stats.json into results.csv and plots");
    sweep->add_flag("--no-plots", so.no_plots, "do not render the plots");
    sweep
        ->add_option("--export", so.export_kind,
                     "write jobs.txt for GNU parallel (parallel) or also a Slurm job-array "
                     "script sweep.sbatch (slurm), then --collect")
        ->type_name("KIND")
        ->check(CLI::IsMember({"parallel", "slurm"}))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    sweep->add_flag("-q,--quiet", so.quiet, "no progress on stderr");
    sweep->footer("A stored run is reused only while its identity (simulator build, resolved "
                  "configuration,\ninput files) holds. Ctrl-C keeps results.csv for what "
                  "finished; rerun to resume.\nexit status: 0 every run passed, 1 some run "
                  "failed or is missing, 2 user error,\n130/143 interrupted (SIGINT/SIGTERM)\n");
}

void add_compare(CLI::App& app, compare::compare_options& co) {
    CLI::App* compare = app.add_subcommand(
        "compare", "compares statistics metric by metric; exit 1 on a regression");
    compare->add_option("BASELINE", co.baseline,
                        "stats.json file, run folder (holding stats.json) or sweep CSV / sweep "
                        "folder (holding results.csv; rows matched by run)");
    compare->add_option("CURRENT", co.current, "the same kinds as BASELINE");
    compare
        ->add_option("--tol", co.tols,
                     "relative tolerance for metrics matching the glob (default 0: simulated "
                     "metrics are deterministic and must match exactly)")
        ->type_name("METRIC=REL")
        ->allow_extra_args(false);
    compare
        ->add_option("--host-tol", co.host_tol,
                     "tolerance of host-speed metrics (sim.host_*, *.host.*; default 0.5): "
                     "they are reported, and fail only with --host-fail")
        ->type_name("REL")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    compare->add_flag("--host-fail", co.host_fail, "host-speed metrics beyond tolerance fail");
    compare->add_option("--ignore", co.ignore, "leave out metrics matching the glob")
        ->type_name("METRIC")
        ->allow_extra_args(false);
    compare
        ->add_option("--primary", co.primary,
                     "gate on these metrics (globs) only: the others are reported but never "
                     "fail; takes several names (put it last, or repeat it)")
        ->type_name("METRIC...")
        ->allow_extra_args(true);
    compare->add_flag("--exact", co.exact,
                      "improvements beyond tolerance fail too (regression tests of a "
                      "deterministic simulator: any change is suspect)");
    compare->add_flag("--all", co.all, "list every metric, not only the differences");
    compare->footer(
        "Each statistic says whether lower or higher is better (stats.json \"better\"):\n"
        "a difference beyond tolerance is a regression, an improvement, or a change\n"
        "with no better direction (which fails like a regression).\n"
        "exit status: 0 no regression, 1 regression (of a --primary metric, if "
        "given), 2 user error\n");
}

void add_vcd(CLI::App& app, vcd::vcd_options& vo) {
    CLI::App* vcd = app.add_subcommand(
        "vcd", "lists a VCD file's signals and their change counts, or prints one row per "
               "change of the named signals (hex; '*' marks what changed)");
    vcd->add_option("FILE", vo.file, "the VCD file");
    vcd->add_option("-s,--signal", vo.signals, "a signal, dotted as listed; repeat for more")
        ->type_name("SIGNAL")
        ->allow_extra_args(false);
    vcd->add_option("--from", vo.from, "start of the window, e.g. '2 us'")
        ->type_name("TIME")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    vcd->add_option("--to", vo.to, "end of the window")
        ->type_name("TIME")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    vcd->add_option("--period", vo.period, "adds a column of clock cycles")
        ->type_name("TIME")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    vcd->add_option("--limit", vo.limit, "rows at most (default 40, 0 = all)")
        ->type_name("N")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    vcd->footer("exit status: 0 listed or printed, 2 user error (no such file or signal)\n");
}

} // namespace

cli_options parse_cli(int argc, char** argv) {
    cli_options o;
    if (argc < 2) throw user_error("no command given\n" + usage());

    CLI::App app{"trvp: the TRVP virtual platform", "trvp"};
    app.set_help_flag("-h,--help", "this overview; 'trvp COMMAND --help' for one command");
    bool version = false;
    app.add_flag("-V,--version", version, "the version of trvp and SystemC");
    app.add_subcommand("help", "")->group(""); // hidden: `trvp help` is `trvp --help`
    std::string max_insns, max_time;
    bool dump_dram = false;
    add_run(app, o, max_insns, max_time, dump_dram);
    CLI::App* describe =
        app.add_subcommand("describe", "parameters, defaults, units and descriptions");
    describe->add_option("TYPE", o.describe_type, "a component type or section (default: all)");
    describe->add_flag("--schema", o.schema,
                       "write the JSON Schema of a configuration file (configs/trvp.schema.json)");
    add_sweep(app, o.sweep_opts);
    add_compare(app, o.compare_opts);
    add_vcd(app, o.vcd_opts);
    app.require_subcommand(0, 1);
    app.allow_extras();
    for (CLI::App* sub : app.get_subcommands({})) {
        sub->allow_extras();
        sub->set_help_flag("-h,--help", "this command's options");
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        o.cmd = cli_options::command::help;
        o.help_text = app.get_subcommands().empty() ? usage() : app.help();
        return o;
    } catch (const CLI::ParseError& e) {
        const auto subs = app.get_subcommands();
        throw user_error(std::string(e.what()) + "\nsee 'trvp " +
                         (subs.empty() ? std::string() : subs.front()->get_name() + " ") +
                         "--help'");
    }

    const auto subs = app.get_subcommands();
    if (subs.empty()) {
        const std::vector<std::string> extra = app.remaining();
        if (version && extra.empty()) {
            o.cmd = cli_options::command::version;
            return o;
        }
        if (!extra.empty() && extra.front().size() > 1 && extra.front()[0] == '-')
            throw user_error("unknown option '" + extra.front() + "'\n" + usage());
        if (!extra.empty()) throw user_error("unknown command '" + extra.front() + "'\n" + usage());
        throw user_error("no command given\n" + usage());
    }
    const CLI::App& sub = *subs.front();
    const std::string name = sub.get_name();
    if (name == "help") {
        o.cmd = cli_options::command::help;
        o.help_text = usage();
    } else if (name == "run") {
        reject_extras(sub, [&](const std::string& extra) {
            return "more than one configuration given ('" + o.config + "', " + extra + ")";
        });
        if (o.config.empty())
            throw user_error("run needs a configuration file\nsee 'trvp run --help'");
        if (sub.count("--max-instructions")) o.max_instructions = max_insns;
        if (sub.count("--max-time")) o.max_time = max_time;
        if (dump_dram) o.sets.push_back("outputs.dram_dump=true");
        o.cmd = cli_options::command::run;
    } else if (name == "describe") {
        reject_extras(sub, [](const std::string& extra) {
            return "describe takes at most one type, got another: " + extra;
        });
        o.cmd = cli_options::command::describe;
    } else if (name == "sweep") {
        reject_extras(sub, [&](const std::string& extra) {
            return "sweep: more than one sweep file ('" + o.sweep_opts.file + "', " + extra + ")";
        });
        if (o.sweep_opts.file.empty())
            throw user_error("sweep needs a sweep file\nsee 'trvp sweep --help'");
        o.sweep_opts.inputs = sweep_run_inputs;
        o.cmd = cli_options::command::sweep;
    } else if (name == "compare") {
        reject_extras(sub, [](const std::string& extra) {
            return "compare needs BASELINE and CURRENT only, got also " + extra;
        });
        if (o.compare_opts.current.empty())
            throw user_error("compare needs BASELINE and CURRENT\nsee 'trvp compare --help'");
        o.cmd = cli_options::command::compare;
    } else if (name == "vcd") {
        reject_extras(
            sub, [](const std::string& extra) { return "vcd needs one FILE, got also " + extra; });
        if (o.vcd_opts.file.empty()) throw user_error("vcd needs one FILE\nsee 'trvp vcd --help'");
        o.cmd = cli_options::command::vcd;
    }
    return o;
}

} // namespace trvp::platform
