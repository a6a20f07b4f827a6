#pragma once
// Least recently used: stamps on fills and hits, evicts the oldest stamp.

#include "policy.h"

namespace trvp {

class lru_policy : public replacement_policy {
public:
    lru_policy(unsigned sets, unsigned ways) : replacement_policy(sets, ways, true) {}
    void fill(unsigned set, unsigned way) override { touch(set, way); }
    void invalidate(unsigned set, unsigned way) override { m_stamp[set * m_ways + way] = 0; }
    unsigned victim(unsigned set) override { return oldest(set); }
    const char* name() const override { return "lru"; }
};

} // namespace trvp
