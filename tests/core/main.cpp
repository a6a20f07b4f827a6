#define BOOST_TEST_MODULE trvp_core_iss
#include <boost/test/unit_test.hpp>
