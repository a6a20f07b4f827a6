#pragma once
// Why a memory-side check refused a request (plain C++: the hart's trap path carries it too).

#include <cstdint>

namespace trvp {

/**
 * Why a memory-side check refused a request. The model that refuses sets it on the request's
 * mem_ext together with an error response, so that the requester (the core's secure unit,
 * the statistics, the run summary) can tell an integrity violation from a bus error.
 */
enum class mem_fault : uint8_t {
    none,
    integrity, // the encryption unit's tag or version check failed (docs/crypto.md)
    ownership, // the frame belongs to a protected context under another key id
};

const char* to_string(mem_fault f);

} // namespace trvp
