#define BOOST_TEST_MODULE output_file
// common/output_file.h: a file appears under its name complete or not at all, and a write
// error names the file and the system's reason.
#include "common/output_file.h"
#include "common/user_error.h"

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;
using trvp::output_file;
using trvp::user_error;

namespace {

std::string folder() {
    const std::string name = boost::unit_test::framework::current_test_case().p_name;
    const fs::path d =
        fs::temp_directory_path() / ("trvp-output-file-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d.string();
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

size_t entries(const std::string& dir) {
    return size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

} // namespace

BOOST_AUTO_TEST_CASE(the_name_appears_only_at_commit) {
    const std::string dir = folder(), path = dir + "/stats.json";
    output_file f(path);
    f.stream() << "{\"a\": 1}\n";
    f.flush();
    BOOST_TEST(!fs::exists(path));
    BOOST_TEST(contents(f.temp_path()) == "{\"a\": 1}\n");
    BOOST_TEST(f.temp_path().find(dir + "/stats.json.") == 0u, "beside the final file");
    f.commit();
    BOOST_TEST(contents(path) == "{\"a\": 1}\n");
    BOOST_TEST(entries(dir) == 1u, "the temporary file is gone");
}

BOOST_AUTO_TEST_CASE(without_commit_nothing_is_left) {
    const std::string dir = folder(), path = dir + "/old.txt";
    std::ofstream(path) << "previous run";
    {
        output_file f(path);
        f.stream() << "half";
    }
    BOOST_TEST(contents(path) == "previous run", "the old file is untouched");
    BOOST_TEST(entries(dir) == 1u);
}

BOOST_AUTO_TEST_CASE(sparse_writes_and_size) {
    const std::string dir = folder(), path = dir + "/dram.bin";
    output_file f(path);
    f.write_at("xy", 2, 4096);
    f.resize(8192);
    f.commit();
    const std::string c = contents(path);
    BOOST_TEST(c.size() == 8192u);
    BOOST_TEST(c.substr(4096, 2) == "xy");
    BOOST_TEST(c[0] == '\0');
}

BOOST_AUTO_TEST_CASE(a_write_error_names_the_file_and_the_reason) {
    // A file size limit with SIGXFSZ ignored: write(2) fails with EFBIG, as on a full disk.
    const std::string dir = folder(), path = dir + "/stats.json";
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 1000;
    BOOST_REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    std::string error;
    {
        output_file f(path);
        f.stream() << std::string(200000, 'x');
        try {
            f.commit();
        } catch (const user_error& e) {
            error = e.what();
        }
    }
    setrlimit(RLIMIT_FSIZE, &old);
    BOOST_TEST(error == path + ": write failed: File too large");
    BOOST_TEST(!fs::exists(path));
    BOOST_TEST(entries(dir) == 0u, "no temporary file left");
}

BOOST_AUTO_TEST_CASE(a_folder_that_does_not_exist_is_named) {
    const std::string path = folder() + "/no/such/folder/x.txt";
    BOOST_CHECK_EXCEPTION(output_file{path}, user_error, [&](const user_error& e) {
        return std::string(e.what()) == path + ": cannot create: No such file or directory";
    });
}
