#pragma once
// Replacement policies: which way of a full set leaves on a fill. Each is a small class
// behind this interface, chosen by name (make_replacement).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace trvp {

class replacement_policy {
public:
    replacement_policy(unsigned sets, unsigned ways, bool stamp_on_hit);
    virtual ~replacement_policy() = default;

    /**
     * A hit on (set, way). Deliberately not virtual: it runs on the core's fast path. Every
     * policy here keeps one stamp per line; those that track recency (LRU) restamp on hits.
     */
    void touch(unsigned set, unsigned way) {
        if (m_stamp_on_hit) m_stamp[set * m_ways + way] = ++m_clock;
    }
    /** A line was filled into (set, way). */
    virtual void fill(unsigned set, unsigned way) = 0;
    /** The line in (set, way) left (eviction or invalidation). */
    virtual void invalidate(unsigned set, unsigned way) = 0;
    /** The way to replace in `set`, all of whose ways are valid. */
    virtual unsigned victim(unsigned set) = 0;
    virtual const char* name() const = 0;

    unsigned ways() const { return m_ways; }

protected:
    /** The way of `set` with the smallest stamp (the oldest). */
    unsigned oldest(unsigned set) const;

    const unsigned m_ways;
    const bool m_stamp_on_hit;
    std::vector<uint64_t> m_stamp; // per line; 0 = never stamped
    uint64_t m_clock = 0;
};

/** Builds policy `name`; an unknown name is a user_error listing the known ones. */
std::unique_ptr<replacement_policy> make_replacement(const std::string& name, unsigned sets,
                                                     unsigned ways, uint64_t seed);

} // namespace trvp
