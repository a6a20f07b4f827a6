#pragma once
// user_error: the user's fault (a bad config value, a missing or malformed input file); one
// message, exit status 2. Pure C++, so tools without SystemC (trvp-seal) can throw it too;
// errors.h adds the other kinds of error.

#include <stdexcept>
#include <string>

namespace trvp {

/** The user's fault: a bad config value, a missing or malformed input file. */
class user_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace trvp
