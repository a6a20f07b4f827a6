#include "prefetch_lines.h"

#include <algorithm>

namespace trvp {

prefetch_lines::prefetch_lines(stats::registry& reg, const std::string& prefix, unsigned sets,
                               unsigned ways, std::unique_ptr<prefetcher> policy)
    : m_ways(ways), m_policy(std::move(policy)), m_pending(size_t(sets) * ways, false),
      m_ready(size_t(sets) * ways),
      m_issued(reg, prefix + ".issued", "count", "prefetch refills that filled a line"),
      m_useful(reg, prefix + ".useful", "count",
               "prefetched lines whose first demand access hit them"),
      m_useless(reg, prefix + ".useless", "count",
                "prefetched lines evicted or invalidated before any demand access"),
      m_late(reg, prefix + ".late", "count",
             "useful prefetches whose demand hit waited for the data to arrive"),
      m_accuracy(reg, prefix + ".accuracy", "ratio", "useful / issued", [this] {
          return m_issued.value() ? double(m_useful.value()) / double(m_issued.value()) : 0.0;
      }) {}

uint64_t prefetch_lines::unused_resident() const {
    return uint64_t(std::count(m_pending.begin(), m_pending.end(), true));
}

} // namespace trvp
