#include "sweep_plot.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace trvp::platform::sweep {

namespace {

// 'text' for gnuplot: single quotes take no escapes except '' for a quote.
std::string gp_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

// The last segment of a key path: "components.eu.mode" -> "mode".
std::string short_name(const std::string& key) {
    const auto dot = key.rfind('.');
    return dot == std::string::npos ? key : key.substr(dot + 1);
}

int run_gnuplot(const std::string& dir, const std::string& script) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, (dir + "/" + script + ".log").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::string cd = "cd " + gp_quote(dir);
    const std::string file = script + ".gp";
    char* argv[] = {const_cast<char*>("gnuplot"), const_cast<char*>("-e"),
                    const_cast<char*>(cd.c_str()), const_cast<char*>(file.c_str()), nullptr};
    pid_t pid;
    const int rc = posix_spawnp(&pid, "gnuplot", &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int ws = 0;
    waitpid(pid, &ws, 0);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
}

} // namespace

unsigned render_plots(const sweep_spec& s, const csv_table& t, const std::string& dir,
                      std::ostream& log) {
    unsigned rendered = 0;
    const int status = t.column("status");
    for (const plot_spec& p : s.plots) {
        const int xc = t.column(p.x), sc = p.series.empty() ? -1 : t.column(p.series);
        std::vector<int> yc;
        for (const auto& y : p.y) yc.push_back(t.column(y));
        // Rows that passed, match `where` and have every y as a number, grouped by series.
        std::vector<std::string> series_order;
        std::map<std::string, std::vector<const std::vector<std::string>*>> groups;
        std::vector<std::string> x_order;
        bool numeric_x = true;
        for (const auto& row : t.rows) {
            if (status >= 0 && row[size_t(status)] != "0") continue;
            bool keep = true;
            for (const auto& w : p.where) {
                const int c = t.column(w.first);
                keep = keep && c >= 0 && row[size_t(c)] == w.second;
            }
            double v;
            for (int c : yc) keep = keep && c >= 0 && parse_number(row[size_t(c)], v);
            if (!keep) continue;
            const std::string key = sc >= 0 ? row[size_t(sc)] : "";
            if (!groups.count(key)) series_order.push_back(key);
            groups[key].push_back(&row);
            const std::string& x = row[size_t(xc)];
            if (std::find(x_order.begin(), x_order.end(), x) == x_order.end()) x_order.push_back(x);
            numeric_x = numeric_x && parse_number(x, v);
        }
        if (groups.empty()) {
            log << "sweep: plot '" << p.name << "': no passing run with numeric " << p.y[0]
                << "; skipped\n";
            continue;
        }
        // The data: one block per series (gnuplot `index`), x then the y columns.
        std::ofstream dat(dir + "/" + p.name + ".dat");
        dat << "# " << p.x;
        for (const auto& y : p.y) dat << "  " << y;
        dat << "\n";
        for (size_t g = 0; g < series_order.size(); ++g) {
            dat << (g ? "\n\n" : "") << "# " << (p.series.empty() ? "all" : p.series) << "="
                << series_order[g] << "\n";
            for (const auto* row : groups[series_order[g]]) {
                const std::string& x = (*row)[size_t(xc)];
                if (numeric_x)
                    dat << x;
                else
                    dat << (std::find(x_order.begin(), x_order.end(), x) - x_order.begin()) << " \""
                        << x << "\"";
                for (int c : yc) dat << ' ' << (*row)[size_t(c)];
                dat << '\n';
            }
        }
        dat.close();

        std::ofstream gp(dir + "/" + p.name + ".gp");
        gp << "# " << p.title << ": regenerate with `gnuplot " << p.name << ".gp` in this folder\n"
           << "set datafile commentschars '#'\n"
           << "set title " << gp_quote(p.title) << " noenhanced\n"
           << "set xlabel " << gp_quote(p.xlabel) << " noenhanced\n"
           << "set ylabel " << gp_quote(p.ylabel) << " noenhanced\n"
           << (p.y.size() > 1 ? "set key outside below noenhanced\n"
                              : "set key outside right top noenhanced\n")
           << "set grid\n"
           << (p.logx ? "set logscale x\n" : "") << (p.logy ? "set logscale y\n" : "");
        const int first_y = numeric_x ? 2 : 3;
        std::string plot = "plot ";
        for (size_t g = 0; g < series_order.size(); ++g) {
            for (size_t k = 0; k < p.y.size(); ++k) {
                std::string title =
                    p.series.empty() ? p.y[k] : short_name(p.series) + "=" + series_order[g];
                if (!p.series.empty() && p.y.size() > 1) title = p.y[k] + ", " + title;
                plot += std::string(plot.size() > 5 ? ", \\\n     " : "") +
                        gp_quote(p.name + ".dat") + " index " + std::to_string(g) + " using " +
                        (numeric_x ? "1" : "1") + ":" + std::to_string(first_y + int(k)) +
                        (numeric_x ? "" : ":xtic(2)") + " with linespoints title " +
                        gp_quote(title);
            }
        }
        gp << "set terminal pngcairo size 960,600\nset output " << gp_quote(p.name + ".png") << "\n"
           << plot << "\n"
           << "set terminal svg size 960,600\nset output " << gp_quote(p.name + ".svg") << "\n"
           << "replot\nset output\n";
        gp.close();
        const int rc = run_gnuplot(dir, p.name);
        if (rc == -1) {
            log << "sweep: gnuplot not found; plots/<name>.gp are written, PNG/SVG are not\n";
            return rendered;
        }
        if (rc != 0)
            log << "sweep: gnuplot failed on " << dir << "/" << p.name << ".gp (see " << p.name
                << ".log)\n";
        else
            ++rendered;
    }
    return rendered;
}

} // namespace trvp::platform::sweep
