#pragma once
// Lets Boost.Test print the secure library's status codes.

#include "secure/pka.h"
#include "secure/sealed_image.h"

#include <ostream>

namespace trvp::secure {
inline std::ostream& operator<<(std::ostream& os, pka_status s) {
    return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, seal_status s) {
    return os << to_string(s);
}
} // namespace trvp::secure
