#define BOOST_TEST_MODULE system_readme
// Every command README.md shows, run as written, so the README cannot drift from the
// program. The commands are extracted from README.md itself: every line of a ```sh block or
// of a 4-space indented block (a trailing backslash continues a command), and every inline
// `build/trvp ...` span. Placeholders (CONFIG) have one substitution here; a command with an
// unknown placeholder fails the test. Commands that build or test the project itself
// (tools/demo, tools/check, tools/fuzz, cmake, ctest) are not rerun inside the suite: the
// test checks what they name exists (tools/fuzz: its harness list). Sweeps run with
// --dry-run (the file, its base config, every key and metric checked, no runs); host-speed
// measurements (bench/*, valgrind) run under a 20 s limit and must start without an error.
// docs/platform.md.
#include "run_trvp.h"

#include <regex>

using namespace trvp::systest;

namespace {

struct command {
    std::string text; // as the README shows it, comment stripped
    size_t line;      // README line
};

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

// A shell comment starts at " #" (README commands quote no '#').
std::string strip_comment(const std::string& s) {
    const auto h = s.find(" #");
    return trim(h == std::string::npos ? s : s.substr(0, h));
}

std::vector<command> readme_commands() {
    std::ifstream in(std::string(TRVP_SOURCE_DIR) + "/README.md");
    BOOST_REQUIRE_MESSAGE(in, "cannot read README.md");
    std::vector<command> out;
    std::string line;
    bool fenced = false, sh = false, blank_before = true;
    const std::regex inline_cmd("`(build/trvp [^`]+)`");
    for (size_t n = 1; std::getline(in, line); ++n) {
        if (line.rfind("```", 0) == 0) {
            sh = !fenced && trim(line) == "```sh";
            fenced = !fenced;
            continue;
        }
        if (fenced) {
            if (sh && !strip_comment(line).empty()) out.push_back({strip_comment(line), n});
        } else if (line.rfind("    ", 0) == 0 && !trim(line).empty() &&
                   (blank_before || (!out.empty() && out.back().line == n - 1))) {
            out.push_back({strip_comment(line), n});
        } else {
            for (std::sregex_iterator i(line.begin(), line.end(), inline_cmd), e; i != e; ++i)
                out.push_back({(*i)[1].str(), n});
        }
        blank_before = trim(line).empty();
    }
    // A command continued with a trailing backslash is one command.
    std::vector<command> joined;
    for (const command& c : out) {
        if (!joined.empty() && !joined.back().text.empty() && joined.back().text.back() == '\\' &&
            c.line == joined.back().line + 1) {
            joined.back().text.pop_back();
            joined.back().text = trim(joined.back().text) + " " + c.text;
            joined.back().line = c.line; // the next line continues from here
            continue;
        }
        joined.push_back(c);
    }
    return joined;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
    return s;
}

// The scratch folder the commands run in: the repository's folders they read, linked; the
// build folder; fresh out/ and waveforms/ folders (with the repository's save files), so the
// commands write nothing into the source tree.
std::string workdir() {
    const std::string dir = scratch_dir() + "/repo";
    fs::create_directories(dir + "/waveforms");
    const fs::path src(TRVP_SOURCE_DIR);
    for (const char* d :
         {"configs", "bench", "tools", "firmware", "docs", "tests", "README.md", "CMakeLists.txt"})
        if (!fs::exists(fs::path(dir) / d)) fs::create_symlink(src / d, fs::path(dir) / d);
    if (!fs::exists(fs::path(dir) / "build"))
        fs::create_symlink(fs::path(trvp_binary()).parent_path(), fs::path(dir) / "build");
    for (const auto& e : fs::directory_iterator(src / "waveforms"))
        if (e.path().extension() != ".vcd" &&
            !fs::exists(fs::path(dir) / "waveforms" / e.path().filename()))
            fs::create_symlink(e.path(), fs::path(dir) / "waveforms" / e.path().filename());
    return dir;
}

struct outcome {
    int status;
    std::string output;
};

// Runs `cmd` with sh in `dir`, build/ first on PATH, stopped after `limit` seconds
// (status 124 then).
outcome shell(const std::string& dir, const std::string& cmd, int limit) {
    static int n = 0;
    const std::string log = scratch_dir() + "/cmd" + std::to_string(++n) + ".log";
    const std::string full = "cd '" + dir + "' && PATH='" + dir + "/build':\"$PATH\" TRVP='" + dir +
                             "/build/trvp' timeout " + std::to_string(limit) + " sh -c '" +
                             replace_all(cmd, "'", "'\\''") + "' > '" + log + "' 2>&1 < /dev/null";
    const int ws = std::system(full.c_str());
    return {WIFEXITED(ws) ? WEXITSTATUS(ws) : 128, read_file(log)};
}

// Every match (group `group`) of `re` in `s`.
std::vector<std::string> matches(const std::string& s, const std::regex& re, int group) {
    std::vector<std::string> out;
    for (std::sregex_iterator i(s.begin(), s.end(), re), e; i != e; ++i)
        out.push_back((*i)[group].str());
    return out;
}
const std::regex option_re("-D(TRVP_[A-Z_]+)=");
const std::regex viewer_file_re(R"(\S+\.(gtkw|vcd))");

} // namespace

BOOST_AUTO_TEST_CASE(the_readme_shows_the_commands_this_test_knows) {
    const auto cmds = readme_commands();
    BOOST_TEST(cmds.size() >= 20u, "found " << cmds.size() << " commands in README.md");
}

BOOST_AUTO_TEST_CASE(every_readme_command_runs_as_the_readme_says) {
    firmware_path("hello.elf");
    const std::string dir = workdir();
    // Placeholders the README uses, and their value here.
    const std::vector<std::pair<std::string, std::string>> subst = {
        {"CONFIG", "configs/default.yaml"}};
    const std::regex placeholder(R"((^|\s)([A-Z][A-Z_]{2,}|<[^>]+>)(\s|$))");
    size_t ran = 0;
    for (const command& c : readme_commands()) {
        std::string cmd = c.text;
        for (const auto& [from, to] : subst)
            cmd = std::regex_replace(cmd, std::regex("\\b" + from + "\\b"), to);
        BOOST_TEST_CONTEXT("README.md:" << c.line << ": " << c.text) {
            std::smatch m;
            const std::string args =
                cmd.substr(cmd.find(' ') == std::string::npos ? cmd.size() : cmd.find(' '));
            if (std::regex_search(args, m, placeholder) && cmd.rfind("ASAN_OPTIONS=", 0) != 0) {
                BOOST_ERROR("unknown placeholder '" << m[2] << "': give a runnable command");
                continue;
            }
            const std::string prog = cmd.substr(0, cmd.find(' '));
            // Commands that build or test the project itself: what they name exists.
            if (prog == "tools/demo" || prog == "tools/check") {
                BOOST_TEST(fs::exists(fs::path(TRVP_SOURCE_DIR) / prog));
                continue;
            }
            if (prog == "tools/fuzz") { // builds its own clang build: its harness list only
                const outcome o = shell(dir, "tools/fuzz --list", 30);
                BOOST_TEST(o.status == 0, o.output);
                for (const auto& e :
                     fs::directory_iterator(std::string(TRVP_SOURCE_DIR) + "/tests/fuzz/corpus"))
                    BOOST_TEST(o.output.find(e.path().filename().string() + "\n") !=
                                   std::string::npos,
                               e.path().filename() << " is a harness of tools/fuzz");
                continue;
            }
            if (prog == "cmake" || cmd.rfind("ASAN_OPTIONS=", 0) == 0) {
                const std::string cml = read_file(std::string(TRVP_SOURCE_DIR) + "/CMakeLists.txt");
                for (const std::string& opt : matches(cmd, option_re, 1))
                    BOOST_TEST(cml.find("option(" + opt) != std::string::npos,
                               opt << " is an option");
                continue;
            }
            if (prog == "gtkwave") { // a viewer: its files exist once the trace was written
                for (const std::string& f : matches(cmd, viewer_file_re, 0))
                    BOOST_TEST(fs::exists(fs::path(dir) / f), f << " exists");
                continue;
            }
            if (cmd.find(" sweep ") != std::string::npos) cmd += " --dry-run";
            // Host-speed measurements (numbers, not pass/fail) run under a short limit: they
            // must start and print, not finish.
            const bool bench = prog.rfind("bench/", 0) == 0 || prog == "valgrind";
            const outcome o = shell(dir, cmd, bench ? 20 : 600);
            ++ran;
            // The one scenario whose guests fail by design: the README must say so.
            const bool by_design = cmd.find("scenarios/akx.yaml") != std::string::npos;
            if (bench) {
                BOOST_TEST((o.status == 0 || o.status == 124), "status " << o.status << "\n"
                                                                         << o.output);
                BOOST_TEST(o.output.find("error") == std::string::npos, o.output);
                BOOST_TEST(o.output.find("usage") == std::string::npos, o.output);
            } else if (by_design) {
                BOOST_TEST(o.status == 1, "status " << o.status << "\n" << o.output);
            } else {
                BOOST_TEST(o.status == 0, "status " << o.status << "\n" << o.output);
            }
        }
    }
    BOOST_TEST(ran >= 15u);
    const std::string readme = read_file(std::string(TRVP_SOURCE_DIR) + "/README.md");
    BOOST_TEST(std::regex_search(readme, std::regex("akx\\.yaml[^\n]*exits 1 by design")),
               "README.md says akx.yaml exits 1 by design where it runs it");
}
