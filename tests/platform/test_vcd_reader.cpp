#define BOOST_TEST_MODULE test_platform_vcd
// platform/vcd.*: the reader behind `trvp vcd` on hand-written VCD text: scopes become dotted
// names, VCD's dropped leading zeros are restored, aliases share changes, and the excerpt
// table shows the value of every named signal at each change inside the window.
#include "models/common/user_error.h"
#include "platform/analysis/vcd.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace trvp::platform;

namespace {

const char* const sample = R"($date test $end
$timescale 1ps $end
$scope module top $end
$scope module cpu.secure $end
$var wire 16 ! context $end
$var wire 1 " encrypted $end
$upscope $end
$scope module eu $end
$var wire 8 # busy $end
$var wire 8 # busy_alias $end
$upscope $end
$upscope $end
$enddefinitions $end
$dumpvars
b0 !
0"
b0 #
$end
#1000
b11 !
1"
#2500
b1 #
#4000
b0 !
0"
b0 #
)";

std::string excerpt_of(const vcd::file& f, vcd::excerpt_options o) {
    std::ostringstream os;
    vcd::excerpt(os, f, o);
    return os.str();
}

} // namespace

BOOST_AUTO_TEST_CASE(scopes_widths_and_changes) {
    const vcd::file f = vcd::parse(sample, "sample.vcd");
    BOOST_TEST(f.timescale_ps == 1u);
    BOOST_TEST(f.end_time == 4000u);
    BOOST_TEST_REQUIRE(f.signals.size() == 4u);
    const vcd::signal* ctx = f.find("cpu.secure.context");
    BOOST_TEST_REQUIRE(ctx);
    BOOST_TEST(ctx->width == 16u);
    BOOST_TEST_REQUIRE(ctx->changes.size() == 3u);
    BOOST_TEST(ctx->changes[1].first == 1000u);
    BOOST_TEST(ctx->changes[1].second == "0000000000000011"); // leading zeros restored
    // An id declared twice drives both names.
    BOOST_TEST(f.find("eu.busy_alias")->changes.size() == f.find("eu.busy")->changes.size());
    BOOST_TEST(!f.find("eu.nope"));
}

BOOST_AUTO_TEST_CASE(excerpt_rows_mark_what_changed) {
    const vcd::file f = vcd::parse(sample, "sample.vcd");
    vcd::excerpt_options o;
    o.names = {"cpu.secure.context", "cpu.secure.encrypted"};
    o.period_ps = 500;
    const std::string all = excerpt_of(f, o);
    std::istringstream rows(all);
    std::string header, r0, r1, r2, extra;
    std::getline(rows, header);
    std::getline(rows, r0);
    std::getline(rows, r1);
    std::getline(rows, r2);
    BOOST_TEST(header.find("cpu.secure.context") != std::string::npos);
    BOOST_TEST(r0.find("0.000") != std::string::npos);
    BOOST_TEST(r1.find("1.000") != std::string::npos);
    BOOST_TEST(r1.find("*0x3") != std::string::npos);
    BOOST_TEST(r1.find("*1") != std::string::npos);
    BOOST_TEST(r1.find(" 2 ") != std::string::npos); // cycle 1000 ps / 500 ps
    BOOST_TEST(r2.find("4.000") != std::string::npos);
    BOOST_TEST(r2.find("*0x0") != std::string::npos);
    BOOST_TEST(!std::getline(rows, extra)); // eu.busy's change at 2.5 ns is not a row

    // A window starting inside the run gives the values at its start, unmarked.
    o.from_ps = 2000;
    o.to_ps = 3000;
    o.names = {"cpu.secure.context", "eu.busy"};
    const std::string win = excerpt_of(f, o);
    BOOST_TEST(win.find("2.000") != std::string::npos);
    BOOST_TEST(win.find("2.500") != std::string::npos);
    BOOST_TEST(win.find("4.000") == std::string::npos);
    BOOST_TEST(win.find("*0x1") != std::string::npos);

    // --limit cuts the table and says how much is left.
    o = {};
    o.names = {"cpu.secure.context"};
    o.limit = 1;
    BOOST_TEST(excerpt_of(f, o).find("... 2 more") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_file_and_line) {
    auto message = [](const std::string& text) {
        try {
            vcd::parse(text, "bad.vcd");
        } catch (const trvp::user_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message("hello") == "bad.vcd: not a VCD file (no $enddefinitions)");
    BOOST_TEST(message("$timescale 3 parsecs $end\n$enddefinitions $end\n").find("bad.vcd:1:") ==
               0u);
    BOOST_TEST(message("$enddefinitions $end\n#10\n1?\n")
                   .find("bad.vcd:3: value change of "
                         "undeclared signal id '?'") == 0u);
    BOOST_TEST(message("$enddefinitions $end\n#10\n#5\n").find("backwards") != std::string::npos);
    // A huge width used to pad every value to that many characters (1.2e9 for 99999999999).
    BOOST_TEST(message("$var wire 99999999999 ! x $end\n$enddefinitions $end\n") ==
               "bad.vcd:1: $var width must be 1 to 4096 bits, got '99999999999'");
    BOOST_TEST(message("$var wire 0 ! x $end\n$enddefinitions $end\n").find("width") !=
               std::string::npos);
    const vcd::file f = vcd::parse(sample, "sample.vcd");
    vcd::excerpt_options o;
    o.names = {"cpu.nope"};
    std::ostringstream os;
    BOOST_CHECK_THROW(vcd::excerpt(os, f, o), trvp::user_error);
    BOOST_CHECK_THROW(vcd::read("/nonexistent/x.vcd"), trvp::user_error);
}
