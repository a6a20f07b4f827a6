#include "policy.h"

#include "common/errors.h"
#include "fifo.h"
#include "lru.h"
#include "random.h"

namespace trvp {

replacement_policy::replacement_policy(unsigned sets, unsigned ways, bool stamp_on_hit)
    : m_ways(ways), m_stamp_on_hit(stamp_on_hit), m_stamp(uint64_t(sets) * ways, 0) {}

unsigned replacement_policy::oldest(unsigned set) const {
    const uint64_t* s = &m_stamp[set * m_ways];
    unsigned best = 0;
    for (unsigned w = 1; w < m_ways; ++w)
        if (s[w] < s[best]) best = w;
    return best;
}

std::unique_ptr<replacement_policy> make_replacement(const std::string& name, unsigned sets,
                                                     unsigned ways, uint64_t seed) {
    if (name == "lru") return std::make_unique<lru_policy>(sets, ways);
    if (name == "fifo") return std::make_unique<fifo_policy>(sets, ways);
    if (name == "random") return std::make_unique<random_policy>(sets, ways, seed);
    throw user_error("unknown cache replacement policy '" + name + "' (known: lru, fifo, random)");
}

} // namespace trvp
