#include "cli.h"

#include "boot.h"
#include "models/common/errors.h"
#include "registry.h"
#include "sections.h"

#include <functional>
#include <ostream>

namespace trvp::platform {

std::string usage() {
    return "usage:\n"
           "  trvp run CONFIG [--set key.path=value]... [--out DIR] [--max-instructions N]\n"
           "                  [--max-time T] [--dump-dram] [--vcd FILE] [--quiet]\n"
           "  trvp describe [TYPE|SECTION]   parameters, defaults, units and descriptions\n"
           "  trvp sweep FILE [-j N] [--out DIR] [--dry-run|--collect|--export parallel|slurm]\n"
           "                  runs a parameter sweep (docs/sweeps.md; trvp sweep --help)\n"
           "  trvp compare BASELINE CURRENT [--tol METRIC=REL]... [--host-tol REL]\n"
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
           "                        vcd_start/vcd_end); slower: the cores' fast paths are off\n"
           "  --quiet               no summary on stderr\n"
           "exit status: 0 guest passed, 1 guest failed, 2 user error, 3 run limit reached,\n"
           "             4 internal error\n";
}

bool option_value(const std::vector<std::string>& args, size_t& i,
                  std::initializer_list<const char*> names, std::string& value,
                  const std::string& usage_text) {
    const std::string& a = args[i];
    for (const std::string opt : names) {
        if (a == opt) {
            if (i + 1 >= args.size()) throw user_error(opt + " needs a value\n" + usage_text);
            value = args[++i];
            return true;
        }
        if (a.compare(0, opt.size() + 1, opt + "=") == 0) {
            value = a.substr(opt.size() + 1);
            return true;
        }
    }
    return false;
}

cli_options parse_cli(int argc, char** argv) {
    cli_options o;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) throw user_error("no command given\n" + usage());
    const std::string cmd = args[0];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        o.cmd = cli_options::command::help;
        return o;
    }
    if (cmd == "--version" || cmd == "-V") {
        o.cmd = cli_options::command::version;
        return o;
    }
    if (cmd == "describe") {
        o.cmd = cli_options::command::describe;
        if (args.size() > 2) throw user_error("describe takes at most one type\n" + usage());
        if (args.size() == 2) o.describe_type = args[1];
        return o;
    }
    if (cmd != "run") throw user_error("unknown command '" + cmd + "'\n" + usage());
    o.cmd = cli_options::command::run;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        std::string v;
        if (option_value(args, i, {"--set"}, v, usage()))
            o.sets.push_back(v);
        else if (option_value(args, i, {"--out"}, v, usage()))
            o.out_dir = v;
        else if (option_value(args, i, {"--max-instructions"}, v, usage()))
            o.max_instructions = v;
        else if (option_value(args, i, {"--max-time"}, v, usage()))
            o.max_time = v;
        else if (option_value(args, i, {"--vcd"}, v, usage()))
            o.vcd = v;
        else if (a == "--dump-dram")
            o.sets.push_back("outputs.dram_dump=true");
        else if (a == "--quiet" || a == "-q")
            o.quiet = true;
        else if (a == "--help" || a == "-h")
            o.cmd = cli_options::command::help;
        else if (!a.empty() && a[0] == '-')
            throw user_error("unknown option '" + a + "'\n" + usage());
        else if (o.config.empty())
            o.config = a;
        else
            throw user_error("more than one configuration given ('" + o.config + "', '" + a + "')");
    }
    if (o.cmd == cli_options::command::run && o.config.empty())
        throw user_error("run needs a configuration file\n" + usage());
    return o;
}

void describe(std::ostream& os, const std::string& which) {
    bool found = false;
    auto section = [&](const std::string& name, const std::function<void(param_reader&)>& read) {
        if (!which.empty() && which != name) return;
        found = true;
        param_reader r = param_reader::describing("section '" + name + "'");
        read(r);
        os << "section " << name << ":\n";
        print_schema(os, r.schema());
        os << '\n';
    };
    platform_info info;
    output_options out;
    std::vector<uint64_t> args;
    std::string load_via;
    section("simulation", [&](param_reader& r) { read_simulation_section(r, info); });
    section("firmware", [&](param_reader& r) {
        read_firmware_section(r, args, load_via);
        boot_config boot;
        read_boot_section(r, "", boot);
    });
    section("outputs", [&](param_reader& r) { read_outputs_section(r, out); });
    auto& reg = component_registry::instance();
    for (const auto& name : reg.types()) {
        if (!which.empty() && which != name) continue;
        found = true;
        const component_type* t = reg.find(name);
        param_reader r = param_reader::describing("type " + name);
        t->describe(r);
        os << "type " << name << ": " << t->summary() << '\n';
        if (r.schema().empty())
            os << "  (no parameters)\n";
        else
            print_schema(os, r.schema());
        os << '\n';
    }
    if (!found) {
        std::string known;
        for (const auto& n : reg.types()) known += " " + n;
        throw user_error("describe: unknown component type or section '" + which +
                         "'; sections: simulation firmware outputs; types:" + known);
    }
}

} // namespace trvp::platform
