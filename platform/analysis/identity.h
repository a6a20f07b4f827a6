#pragma once
// What made a result: the simulator build and hashes of its inputs. `trvp run` writes these
// into stats.json (sim.version, sim.build_id, sim.config_hash, sim.input.*), and a sweep keys
// its stored runs on them, so a rebuilt simulator or a changed input never serves old numbers.

#include <string>

namespace trvp::platform {

/** SHA-256 of `bytes`, as 64 lower-case hex digits. */
std::string sha256_hex(const std::string& bytes);

/** SHA-256 of a file's contents; throws user_error naming `path` if it cannot be read. */
std::string sha256_file(const std::string& path);

/**
 * The running executable's GNU build id (hex, from its .note.gnu.build-id: the linker hashes
 * the whole output, so any rebuild that changes the binary changes it); if the binary has no
 * such note, the SHA-256 of /proc/self/exe. Computed once.
 */
const std::string& build_id();

/** "trvp <project version>", as `trvp --version` prints it. */
std::string simulator_version();

} // namespace trvp::platform
