#pragma once
// Result codes of the TR instructions (docs/tr-isa.md): >= 0 success, < 0 one of these.
#include <cstdint>

namespace trvp::tr {

constexpr int32_t ok = 0;
constexpr int32_t einval = -1;   // malformed operand: unaligned, zero size, unknown op
constexpr int32_t enospc = -2;   // no free context, EAR entry, key id or handle
constexpr int32_t eperm = -3;    // not allowed here (mode, foreign handle, secret placement)
constexpr int32_t eoverlap = -4; // the range overlaps an entry of the caller
constexpr int32_t efault = -5;   // an operand address does not translate or faults
constexpr int32_t eimage = -6;   // the sealed image is refused
constexpr int32_t econtext = -7; // no such context, destroyed, or not resumable
constexpr int32_t everify = -8;  // a saved context blob was refused (altered or stale)
constexpr int32_t enosave = -9;  // memory context save: the context has no save area yet

const char* error_name(int32_t code);

} // namespace trvp::tr
