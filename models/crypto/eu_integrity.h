#pragma once
// Private to the encryption unit's sources: the integrity state it owns when integrity is on
// (the engine, its timed link to the "meta" socket, the violation statistics).
#include "common/tracer.h"
#include "encryption_unit.h"
#include "integrity/counter_tree.h"
#include "integrity/meta_port.h"

#include <memory>
#include <string>
#include <vector>

namespace trvp {

// Real transactions on "meta", timed from the request being served (m_now).
class eu_meta_link : public meta_port {
public:
    eu_meta_link(encryption_unit& eu, unsigned line_size, stats::registry& reg,
                 const std::string& prefix)
        : m_eu(eu), m_reads(reg, prefix + "meta_reads", "lines",
                            "metadata lines read from the metadata memory"),
          m_writes(reg, prefix + "meta_writes", "lines",
                   "metadata lines written to the metadata memory") {
        m_trans.set_data_length(line_size);
        m_trans.set_streaming_width(line_size);
    }

    bool read(uint64_t addr, uint8_t* line, uint64_t at, uint64_t& done) override {
        ++m_reads;
        return transact(tlm::TLM_READ_COMMAND, addr, line, at, done);
    }
    bool write(uint64_t addr, const uint8_t* line, uint64_t at, uint64_t& done) override {
        ++m_writes;
        return transact(tlm::TLM_WRITE_COMMAND, addr, const_cast<uint8_t*>(line), at, done);
    }
    bool debug(bool write, uint64_t addr, uint8_t* line) override {
        tlm::tlm_generic_payload p;
        p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        p.set_address(addr);
        p.set_data_ptr(line);
        p.set_data_length(m_trans.get_data_length());
        p.set_streaming_width(m_trans.get_data_length());
        return m_eu.meta.size() && m_eu.meta->transport_dbg(p) == m_trans.get_data_length();
    }

private:
    bool transact(tlm::tlm_command cmd, uint64_t addr, uint8_t* line, uint64_t at, uint64_t& done);

    encryption_unit& m_eu;
    tlm::tlm_generic_payload m_trans;
    stats::counter m_reads, m_writes;
};

// integrity tree (encryption_unit_tree.cpp): the counter tree giving each line its version,
// and the split-overflow renewal's own data transactions.
struct eu_tree_state {
    counter_tree tree;
    const uint64_t first_line; // request line of the tree's data line 0
    tlm::tlm_generic_payload page;
    mem_ext* page_ext; // owned by `page`
    std::vector<uint8_t> buf, plain;
    stats::counter reencrypted, retagged, outside;

    eu_tree_state(const integrity_params& p, unsigned line_size, uint64_t cycle, const uint8_t* key,
                  meta_port& port, stats::registry& reg, const std::string& prefix,
                  const std::string& who)
        : tree(p.tree_config(), line_size, cycle, key, port, reg, prefix, who),
          first_line(p.protected_base / line_size), page_ext(new mem_ext), buf(line_size),
          plain(line_size),
          reencrypted(reg, prefix + "tree.reencrypted_lines", "lines",
                      "ctr lines re-encrypted under their new version after a minor overflow"),
          retagged(reg, prefix + "tree.retagged_lines", "lines",
                   "xts/ecb lines re-tagged under their new version after a minor overflow"),
          outside(reg, prefix + "tree.outside", "accesses",
                  "encrypted requests outside the tree's protected range (refused)") {
        page.set_extension(page_ext);
        page.set_data_length(line_size);
        page.set_streaming_width(line_size);
        page.set_data_ptr(buf.data());
    }
};

struct encryption_unit::integrity_state {
    eu_meta_link link;
    std::unique_ptr<integrity_engine> engine;
    std::unique_ptr<eu_tree_state> tree; // integrity tree only
    stats::counter violations;
    std::vector<std::unique_ptr<stats::counter>> by_kind; // index = violation_kind
    stats::histogram wait;
    tracer::signal sig_violation = 0;

    integrity_state(encryption_unit& eu, stats::registry& reg, const std::string& prefix)
        : link(eu, eu.m_params.line_size, reg, prefix),
          violations(reg, prefix + "violations", "lines",
                     "encrypted lines refused because their integrity check failed"),
          wait(reg, prefix + "latency", "cycles",
               "exposed metadata time of encrypted requests (tag fetch and check)") {
        for (size_t k = 1; k < violation_kind_count; ++k)
            by_kind.push_back(std::make_unique<stats::counter>(
                reg, prefix + "violations." + to_string(violation_kind(k)), "lines",
                std::string("violations of kind ") + to_string(violation_kind(k))));
    }
};

} // namespace trvp
