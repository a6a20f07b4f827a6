#pragma once
// Lets Boost.Test print the secure library's status codes.

#include "sealing/pka.h"
#include "sealing/sealed_image.h"

#include <ostream>

namespace trvp::sealing {
inline std::ostream& operator<<(std::ostream& os, pka_status s) {
    return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, seal_status s) {
    return os << to_string(s);
}
} // namespace trvp::sealing
