// Firmware loading: ELF segments and boot arguments through the load router's debug
// transport (so any memory in the map works), and the HTIF `tohost` exit convention.

#include "platform.h"
#include "platform/analysis/value.h"
#include "platform_impl.h"

#include <filesystem>
#include <iostream>
#include <tlm>

#ifndef TRVP_FIRMWARE_DIR
#define TRVP_FIRMWARE_DIR ""
#endif

namespace trvp::platform {

std::string find_firmware(const std::string& elf, const std::string& config_dir,
                          std::vector<std::string>* tried) {
    namespace fs = std::filesystem;
    std::vector<std::string> candidates;
    if (!elf.empty() && elf[0] == '/') {
        candidates.push_back(elf);
    } else {
        candidates.push_back((fs::path(config_dir) / elf).lexically_normal().string());
        if (std::string(TRVP_FIRMWARE_DIR).size())
            candidates.push_back((fs::path(TRVP_FIRMWARE_DIR) / elf).lexically_normal().string());
    }
    for (auto& c : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(c, ec)) return fs::absolute(c, ec).lexically_normal().string();
    }
    if (tried) *tried = candidates;
    return "";
}

target_socket_base& platform::load_socket() {
    instance* i = lookup(m_load_via);
    if (!i)
        throw user_error("firmware.load_via: no component '" + m_load_via +
                         "' to load the firmware through");
    component& c = *i->comp;
    const auto names = c.target_names();
    if (c.has_target("in"))
        m_load_socket = "in";
    else if (names.size() == 1)
        m_load_socket = names.front();
    else
        throw user_error("firmware.load_via: '" + m_load_via +
                         "' needs a target socket named 'in' (or exactly one target socket)");
    return c.target(m_load_socket);
}

void platform::write_memory(uint64_t addr, const uint8_t* data, uint64_t len,
                            const std::string& what) {
    auto& socket = m_loader->socket;
    static const std::vector<uint8_t> zeros(64 * 1024, 0);
    uint64_t done = 0;
    while (done < len) {
        const uint64_t chunk = std::min<uint64_t>(len - done, zeros.size());
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_WRITE_COMMAND);
        gp.set_address(addr + done);
        gp.set_data_ptr(const_cast<uint8_t*>(data ? data + done : zeros.data()));
        gp.set_data_length(unsigned(chunk));
        gp.set_streaming_width(unsigned(chunk));
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        const unsigned n = socket->transport_dbg(gp);
        if (n == 0)
            throw user_error(m_info.elf + ": " + what + " does not fit the address map: address " +
                             format_hex(addr + done) + " is not backed by memory (via '" +
                             m_load_via + "')");
        done += n;
    }
}

void platform::load_firmware() {
    if (!m_elf) return;
    for (auto& s : m_elf->segments()) {
        const std::string what = "segment [" + format_hex(s.paddr) + ", " +
                                 format_hex(uint64_t(s.paddr) + s.memsz) + ")";
        if (s.filesz) write_memory(s.paddr, m_elf->data(s), s.filesz, what);
        if (s.memsz > s.filesz)
            write_memory(uint64_t(s.paddr) + s.filesz, nullptr, s.memsz - s.filesz, what);
    }
    write_args();
    load_boot();
    if (m_info.tohost) watch_tohost(*m_info.tohost);
}

namespace {
std::vector<uint8_t> le_words(const std::vector<uint64_t>& words) {
    std::vector<uint8_t> bytes;
    for (uint64_t w : words)
        for (int b = 0; b < 4; ++b) bytes.push_back(uint8_t(w >> (8 * b)));
    return bytes;
}
} // namespace

void platform::write_args() {
    if (!m_info.args) {
        if (!m_args.empty())
            std::cerr << "trvp: warning: firmware.args given but " << m_info.elf
                      << " has no symbol 'trvp_args'; ignored\n";
        return;
    }
    // Only the words given are written: the others keep the program's defaults.
    if (!m_args.empty()) {
        const auto bytes = le_words(m_args);
        write_memory(*m_info.args, bytes.data(), bytes.size(), "trvp_args");
    }
    // trvp_args[15]: the statistics marker's address, unless the configuration gives it.
    if (m_args.size() < 16)
        for (auto& i : m_instances)
            if (i->type == "stats_device")
                if (const auto base = system_bus_base(i->name)) {
                    const auto bytes = le_words({*base});
                    write_memory(*m_info.args + 60, bytes.data(), 4, "trvp_args[15]");
                    break;
                }
}

std::optional<uint64_t> platform::system_bus_base(const std::string& component) const {
    for (auto& i : m_instances) {
        if (i->name != m_load_via) continue;
        for (auto& l : m_links)
            if (!l.irq && l.from == i->name && l.to == component)
                for (auto& e : i->map)
                    if (e.port == l.from_socket) return e.base;
    }
    return std::nullopt;
}

// Follows the address from the load router through the map and the connections to the
// memory that holds it: routers translate to offsets, pass-through components (a single
// initiator socket, e.g. an encryption unit) keep them.
void platform::watch_tohost(uint64_t addr) {
    instance* cur = lookup(m_load_via);
    uint64_t off = addr;
    for (int hops = 0; cur && hops < 16; ++hops) {
        if (cur->watch) {
            cur->watch(off, 8, [this](const uint8_t* data, uint64_t) {
                // The command is in the low word (RV32 guests store it first; the high
                // word of an exit command is zero).
                uint32_t v = 0;
                for (int b = 0; b < 4; ++b) v |= uint32_t(data[b]) << (8 * b);
                if (v == 0) return;
                if (v & 1) {
                    const uint32_t code = v >> 1;
                    m_control.request_exit(int(code), code == 0
                                                          ? "tohost: pass"
                                                          : "tohost: fail " + std::to_string(code));
                } else {
                    m_control.request_exit(-1, "tohost: unsupported HTIF command " + format_hex(v));
                }
            });
            return;
        }
        std::string port;
        if (!cur->map.empty()) {
            const map_entry* hit = nullptr;
            for (auto& e : cur->map)
                if (off >= e.base && off - e.base < e.size) hit = &e;
            if (!hit) break;
            port = hit->port;
            off -= hit->base;
        } else {
            const auto inits = cur->comp->initiator_names();
            if (inits.size() != 1) break;
            port = inits.front();
        }
        instance* next = nullptr;
        for (auto& l : m_links)
            if (!l.irq && l.from == cur->name && l.from_socket == port) next = lookup(l.to);
        cur = next;
    }
    std::cerr << "trvp: warning: " << m_info.elf << ": cannot watch tohost at " << format_hex(addr)
              << " (no memory with a write watch behind '" << m_load_via
              << "'); the guest must exit through a device\n";
}

} // namespace trvp::platform
