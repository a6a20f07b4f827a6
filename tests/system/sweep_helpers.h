#pragma once
// Helpers shared by the sweep and compare system tests: a small sweep file over the hello
// program on configs/virt.yaml, and a CSV reader (the sweep's values hold no commas).
#include "run_trvp.h"

#include <map>

namespace trvp::systest {

/** hello.elf on virt.yaml, DRAM latency x quantum (4 runs unless `values` says otherwise). */
inline std::string
hello_sweep(const std::string& name,
            const std::string& latencies = "{from: 40, to: 60, step: 20, unit: ns}",
            const std::string& extra = "") {
    return write_file(name, "base: " + config_path("virt.yaml") +
                                "\n"
                                "set: [firmware.elf=" +
                                firmware_path("hello.elf") +
                                "]\n"
                                "parameters:\n"
                                "  components.dram.latency: " +
                                latencies +
                                "\n"
                                "  simulation.quantum: [1 us, 10 us]\n"
                                "metrics: [sim.time_ps, sim.instructions, cpu.instret, "
                                "dram.reads, sim.exit_code]\n" +
                                extra);
}

struct csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    size_t col(const std::string& n) const {
        for (size_t i = 0; i < header.size(); ++i)
            if (header[i] == n) return i;
        throw std::runtime_error("no column " + n);
    }
};

inline csv read_csv(const std::string& path) {
    std::istringstream in(read_file(path));
    csv c;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::string cell;
        std::istringstream ls(line);
        while (std::getline(ls, cell, ',')) f.push_back(cell);
        if (!line.empty() && line.back() == ',') f.push_back("");
        if (first)
            c.header = f;
        else
            c.rows.push_back(f);
        first = false;
    }
    return c;
}

/** The text of a statistic's value in a stats.json (histograms: "name.mean" etc.). */
inline std::string stat_text(const YAML::Node& stats, const std::string& name) {
    if (stats[name]) return stats[name]["value"].Scalar();
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && stats[name.substr(0, dot)])
        return stats[name.substr(0, dot)]["value"][name.substr(dot + 1)].Scalar();
    return "";
}

} // namespace trvp::systest
