#define BOOST_TEST_MODULE test_platform_identity
// platform/analysis/identity.*: the hashes that say what made a result. SHA-256 against the
// FIPS 180-2 test vectors, a file's hash equals its bytes' hash, an unreadable file is a
// user error naming it, and the build id is the test binary's own GNU build id.
#include "models/common/user_error.h"
#include "platform/analysis/identity.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <unistd.h>

using namespace trvp::platform;

BOOST_AUTO_TEST_CASE(sha256_matches_the_standard_vectors) {
    BOOST_TEST(sha256_hex("") ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256_hex("abc") ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(file_hash_is_the_hash_of_its_bytes) {
    const std::string path = "test_identity_input.bin";
    const std::string bytes("a\0b\nc", 5);
    std::ofstream(path, std::ios::binary) << bytes;
    BOOST_TEST(sha256_file(path) == sha256_hex(bytes));
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_a_user_error_naming_it) {
    try {
        sha256_file("no/such/file.elf");
        BOOST_FAIL("no exception");
    } catch (const trvp::user_error& e) {
        BOOST_TEST(std::string(e.what()).find("no/such/file.elf") != std::string::npos);
    }
}

// `readelf -n` of this very binary prints the same id: the test reads it the same way.
BOOST_AUTO_TEST_CASE(build_id_is_this_binarys_gnu_build_id) {
    const std::string& id = build_id();
    BOOST_TEST(!id.empty());
    BOOST_TEST(&id == &build_id()); // computed once
    char buf[256] = {};
    const std::string self = "/proc/" + std::to_string(getpid()) + "/exe";
    std::unique_ptr<FILE, int (*)(FILE*)> q(
        popen(("readelf -n " + self + " | sed -n 's/.*Build ID: //p'").c_str(), "r"), pclose);
    BOOST_REQUIRE(q);
    BOOST_REQUIRE(fgets(buf, sizeof buf, q.get()));
    std::string want(buf);
    while (!want.empty() && (want.back() == '\n' || want.back() == ' ')) want.pop_back();
    BOOST_TEST(id == want);
}

BOOST_AUTO_TEST_CASE(version_names_the_project) {
    BOOST_TEST(simulator_version().rfind("trvp ", 0) == 0);
}
