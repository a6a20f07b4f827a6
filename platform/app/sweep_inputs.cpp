#include "sweep_inputs.h"

#include "platform/analysis/identity.h"
#include "platform/builder/boot.h"
#include "platform/builder/config.h"
#include "platform/builder/platform.h"

#include <map>

namespace trvp::platform {

namespace {

// Files repeat across the points of a sweep: each is hashed once per process.
std::string file_hash(const std::string& path) {
    static std::map<std::string, std::string> cache;
    auto it = cache.find(path);
    if (it != cache.end()) return it->second;
    return cache[path] = sha256_file(path);
}

std::string input_line(const std::string& key, const std::string& path) {
    return "input " + key + " " + (path.empty() ? std::string("missing") : file_hash(path)) + "\n";
}

} // namespace

std::string sweep_run_inputs(const std::string& base, const std::vector<std::string>& sets) {
    // The base is parsed once; each point applies its --set to a deep copy.
    static std::map<std::string, config_doc> bases;
    auto it = bases.find(base);
    if (it == bases.end()) it = bases.emplace(base, config_doc::load(base)).first;
    config_doc doc = it->second;
    doc.root() = YAML::Clone(it->second.root());
    for (const auto& s : sets) doc.apply_set(s);

    YAML::Emitter em;
    em << doc.root();
    std::string id = "build " + build_id() + "\nconfig " + sha256_hex(em.c_str()) + "\n";
    const YAML::Node fw = static_cast<const YAML::Node&>(doc.root())["firmware"];
    if (!fw || !fw.IsMap()) return id;
    const YAML::Node elf = fw["elf"];
    if (elf && elf.IsScalar() && !elf.Scalar().empty())
        id += input_line("firmware.elf", find_firmware(elf.Scalar(), doc.folder()));
    const YAML::Node images = fw["images"];
    if (images && images.IsSequence())
        for (size_t i = 0; i < images.size(); ++i) {
            const YAML::Node file = images[i].IsMap() ? images[i]["file"] : YAML::Node();
            if (file && file.IsScalar())
                id += input_line("firmware.images." + std::to_string(i),
                                 find_image(file.Scalar(), doc.folder()));
        }
    return id;
}

} // namespace trvp::platform
