#pragma once
// The secure library stays free of SystemC, so it does not throw trvp::user_error
// (models/common/errors.h pulls <systemc>). Files it reads (device key files, ELF inputs)
// that are malformed throw seal_error instead; the platform maps it to user_error and the
// host tool to exit status 2. Guest-supplied inputs (sealed images in guest memory) never
// throw: they return status codes.

#include <stdexcept>

namespace trvp::sealing {

/** The user's fault: a missing or malformed key file or ELF; the message names the file. */
class seal_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace trvp::sealing
