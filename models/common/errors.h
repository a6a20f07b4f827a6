#pragma once
// The three kinds of error (docs/architecture.md#rules-every-model-follows):
//  - guest or bus errors become TLM response statuses and traps in the guest;
//  - user errors (config, files, images) throw user_error: one message, exit status 2;
//  - model bugs use TRVP_PANIC (SC_REPORT_FATAL with an id like "trvp/cache"): exit status 4.

#include "user_error.h"

#include <string>
#include <systemc>

#define TRVP_PANIC(id, msg) SC_REPORT_FATAL(id, (std::string(msg)).c_str())
