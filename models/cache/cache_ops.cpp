// The cache's side doors: maintenance operations (cache_op_ext) and debug transport.
#include "cache.h"

namespace trvp {

using namespace sc_core;
using tlm::tlm_generic_payload;

bool cache::maintain(tlm_generic_payload& t, cache_op_ext& op, mem_ext* ext, sc_time& delay) {
    // One lookup's time for the walk, then every write-back as a real, sequential transaction.
    delay += m_hit_time;
    if (ext) ext->latency.add(stage::cache, m_hit_time);
    const uint64_t line = m_tags.line_size();
    const uint64_t range_end = op.base + op.size < op.base ? ~uint64_t(0) : op.base + op.size;
    uint64_t written = 0;
    for (unsigned set = 0; set < m_tags.sets(); ++set) {
        for (unsigned way = 0; way < m_tags.ways(); ++way) {
            const tag_store::line_info li = m_tags.line(set, way);
            if (!li.valid) continue;
            if (op.which == cache_op_ext::scope::key_id && li.key_id != op.key_id) continue;
            if (op.which == cache_op_ext::scope::range &&
                !(li.addr < range_end && li.addr + line > op.base))
                continue;
            if (op.what != cache_op_ext::op::invalidate && li.dirty) {
                const tlm::tlm_response_status st = write_back(set, way, ext, delay);
                if (st != tlm::TLM_OK_RESPONSE) {
                    op.lines_written_back += written;
                    t.set_response_status(st);
                    return false;
                }
                ++written;
            }
            if (op.what != cache_op_ext::op::clean) {
                if (m_prefetch) m_prefetch->dropped(set, way);
                m_tags.invalidate(set, way);
                ++m_invalidations;
            }
        }
    }
    op.lines_written_back += written;
    return true;
}

unsigned cache::transport_dbg(int, tlm_generic_payload& t) {
    const tlm::tlm_command cmd = t.get_command();
    if (cmd == tlm::TLM_IGNORE_COMMAND) return mem->transport_dbg(t);
    const mem_ext* ext = t.get_extension<mem_ext>();
    const uint16_t key_id = ext ? ext->key_id : 0;
    uint64_t addr = t.get_address();
    uint8_t* data = t.get_data_ptr();
    unsigned left = t.get_data_length();
    unsigned done = 0;
    while (left) {
        const unsigned n = std::min<unsigned>(left, m_tags.line_size() - m_tags.offset(addr));
        const unsigned got = debug_chunk(t, addr, data, n, key_id);
        done += got;
        if (got < n) break;
        addr += n;
        data += n;
        left -= n;
    }
    return done;
}

// One line's part of a debug access: a resident line under the same key id holds the newest
// data (reads come from it; writes update it without making it dirty, and go downstream
// too so that a clean line stays equal to the memory below). No state changes otherwise.
unsigned cache::debug_chunk(tlm_generic_payload& t, uint64_t addr, uint8_t* data, unsigned len,
                            uint16_t key_id) {
    const unsigned set = m_tags.set_of(addr);
    const int way = m_tags.find(set, m_tags.line_addr(addr), key_id);
    const bool write = t.get_command() == tlm::TLM_WRITE_COMMAND;
    if (way >= 0) {
        uint8_t* line = m_tags.data(set, unsigned(way)) + m_tags.offset(addr);
        if (!write) {
            std::memcpy(data, line, len);
            return len;
        }
        std::memcpy(line, data, len);
    }
    tlm_generic_payload p;
    p.set_command(t.get_command());
    p.set_address(addr);
    p.set_data_ptr(data);
    p.set_data_length(len);
    p.set_streaming_width(len);
    mem_ext* ext = t.get_extension<mem_ext>();
    if (ext) p.set_extension(ext);
    const unsigned got = mem->transport_dbg(p);
    if (ext) p.clear_extension(ext);
    return way >= 0 ? len : got;
}

} // namespace trvp
