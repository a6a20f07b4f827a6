#pragma once
// Random: a seeded xorshift64* generator, so a run is reproducible bit for bit.

#include "policy.h"

namespace trvp {

class random_policy : public replacement_policy {
public:
    random_policy(unsigned sets, unsigned ways, uint64_t seed)
        : replacement_policy(sets, ways, false), m_state(seed ? seed : 0x9e3779b97f4a7c15ull) {}
    void fill(unsigned, unsigned) override {}
    void invalidate(unsigned, unsigned) override {}
    unsigned victim(unsigned) override { return unsigned(next() % m_ways); }
    const char* name() const override { return "random"; }

private:
    uint64_t next() {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545f4914f6cdd1dull;
    }
    uint64_t m_state;
};

} // namespace trvp
