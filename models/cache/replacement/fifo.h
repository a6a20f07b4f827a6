#pragma once
// First in, first out: stamps on fills only (hits do not matter), evicts the oldest fill.

#include "policy.h"

namespace trvp {

class fifo_policy : public replacement_policy {
public:
    fifo_policy(unsigned sets, unsigned ways) : replacement_policy(sets, ways, false) {}
    void fill(unsigned set, unsigned way) override { m_stamp[set * m_ways + way] = ++m_clock; }
    void invalidate(unsigned set, unsigned way) override { m_stamp[set * m_ways + way] = 0; }
    unsigned victim(unsigned set) override { return oldest(set); }
    const char* name() const override { return "fifo"; }
};

} // namespace trvp
