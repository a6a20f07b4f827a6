#include "prefetcher.h"

#include "common/errors.h"

namespace trvp {

void next_line_prefetcher::on_miss(uint64_t line_addr, std::vector<uint64_t>& out) {
    for (unsigned k = 1; k <= m_degree; ++k)
        if (!push_in_region(line_addr, line_addr + uint64_t(k) * m_line, out)) break;
}

void stride_prefetcher::on_miss(uint64_t line_addr, std::vector<uint64_t>& out) {
    const uint64_t r = line_addr / region;
    entry* e = nullptr;
    for (entry& x : m_table)
        if (x.region == r) e = &x;
    if (!e) { // a new region takes the least recently used entry
        e = &m_table[0];
        for (entry& x : m_table)
            if (x.used < e->used) e = &x;
        *e = entry{};
        e->region = r;
        e->last = line_addr;
        e->used = ++m_clock;
        return;
    }
    e->used = ++m_clock;
    const int64_t s = int64_t(line_addr - e->last);
    e->confirmed = s != 0 && s == e->stride;
    e->stride = s;
    e->last = line_addr;
    if (!e->confirmed) return;
    for (unsigned k = 1; k <= m_degree; ++k) {
        const uint64_t a = line_addr + uint64_t(s * int64_t(k));
        if (!push_in_region(line_addr, a, out)) break;
        e->last = a;
    }
}

std::unique_ptr<prefetcher> make_prefetcher(const std::string& name, unsigned line_size,
                                            unsigned degree) {
    if (name == "none") return nullptr;
    if (degree < 1 || degree > 16)
        throw user_error("cache prefetch_degree must be between 1 and 16, got " +
                         std::to_string(degree));
    if (name == "next_line") return std::make_unique<next_line_prefetcher>(line_size, degree);
    if (name == "stride") return std::make_unique<stride_prefetcher>(line_size, degree);
    throw user_error("cache prefetch '" + name + "' is unknown (none, next_line, stride)");
}

} // namespace trvp
