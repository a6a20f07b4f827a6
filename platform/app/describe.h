#pragma once
// What `trvp describe` lists: the platform's sections and every registered component type
// with the parameters their readers declare (the same declarations that read a
// configuration), and the JSON Schema written from them (`trvp describe --schema`).

#include "platform/builder/params.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace trvp::platform {

/** A section of the configuration or a component type, with its parameters. */
struct described {
    bool section = false; // simulation, firmware, outputs; else a component type
    std::string name;
    std::string summary; // types only
    std::vector<param_info> schema;
};

/** The sections, then the component types in name order. */
std::vector<described> describe_all();

/** Writes the JSON Schema (draft-07) of a configuration file (docs/platform.md). */
void write_schema(std::ostream& os);

} // namespace trvp::platform
