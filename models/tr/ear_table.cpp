#include "ear_table.h"

#include <stdexcept>

namespace trvp {

const char* to_string(ear_kind k) {
    switch (k) {
    case ear_kind::code:
        return "code";
    case ear_kind::hidden:
        return "hidden";
    case ear_kind::shared:
        return "shared";
    case ear_kind::notify:
        return "notify";
    }
    return "?";
}

const char* to_string(ear_status s) {
    switch (s) {
    case ear_status::ok:
        return "ok";
    case ear_status::unaligned:
        return "unaligned or empty range";
    case ear_status::overlap:
        return "overlaps an entry of the context";
    case ear_status::full:
        return "no free entry";
    case ear_status::not_found:
        return "no such entry";
    }
    return "?";
}

ear_table::ear_table(unsigned entries) {
    if (entries == 0) throw std::invalid_argument("ear_table: at least one entry is needed");
    m_entries.resize(entries);
}

ear_status ear_table::check(const ear_entry& e) const {
    if (e.size == 0 || (e.va_base % page_size) || (e.size % page_size) ||
        uint64_t(e.va_base) + e.size > (uint64_t(1) << 32))
        return ear_status::unaligned;
    const uint64_t b = e.va_base, end = b + e.size;
    for (const ear_entry& o : m_entries)
        if (o.valid && o.context == e.context && b < uint64_t(o.va_base) + o.size &&
            o.va_base < end)
            return ear_status::overlap;
    if (m_used == m_entries.size()) return ear_status::full;
    return ear_status::ok;
}

ear_status ear_table::add(const ear_entry& e, unsigned* index) {
    const ear_status s = check(e);
    if (s != ear_status::ok) return s;
    for (unsigned i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].valid) continue;
        m_entries[i] = e;
        m_entries[i].valid = true;
        ++m_used;
        if (index) *index = i;
        return ear_status::ok;
    }
    return ear_status::full; // unreachable: check() counted a free entry
}

const ear_entry* ear_table::lookup(uint16_t context, uint32_t va) const {
    for (const ear_entry& e : m_entries)
        if (e.valid && e.context == context && va - e.va_base < e.size) return &e;
    return nullptr;
}

ear_status ear_table::remove(uint16_t context, uint32_t va_base, ear_entry* removed) {
    for (ear_entry& e : m_entries) {
        if (!e.valid || e.context != context || e.va_base != va_base) continue;
        if (removed) *removed = e;
        e = ear_entry{};
        --m_used;
        return ear_status::ok;
    }
    return ear_status::not_found;
}

std::vector<ear_entry> ear_table::remove_context(uint16_t context) {
    std::vector<ear_entry> out;
    for (ear_entry& e : m_entries) {
        if (!e.valid || e.context != context) continue;
        out.push_back(e);
        e = ear_entry{};
        --m_used;
    }
    return out;
}

} // namespace trvp
