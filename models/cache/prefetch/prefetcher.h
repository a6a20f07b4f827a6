#pragma once
// Prefetch policies of a cache level: given a demand miss, which lines to fetch ahead. Plain
// C++ (addresses in, addresses out); the cache issues the refills and prefetch_lines
// (prefetch_lines.h) keeps the per-line bookkeeping and statistics.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace trvp {

class prefetcher {
public:
    /** Prefetches never leave the aligned region (a 4 KiB page) of the miss that caused them:
     *  the next page may be another process's, under another key id, or a hole. */
    static constexpr uint64_t region = 4096;

    prefetcher(unsigned line_size, unsigned degree) : m_line(line_size), m_degree(degree) {}
    virtual ~prefetcher() = default;

    /** A demand miss on line `line_addr`; appends up to degree() line addresses to fetch. */
    virtual void on_miss(uint64_t line_addr, std::vector<uint64_t>& out) = 0;
    virtual const char* name() const = 0;

    unsigned degree() const { return m_degree; }

protected:
    /** Appends `a` if it lies in the region of `from`. */
    static bool push_in_region(uint64_t from, uint64_t a, std::vector<uint64_t>& out) {
        if (a / region != from / region) return false;
        out.push_back(a);
        return true;
    }

    const unsigned m_line;
    const unsigned m_degree;
};

/** Fetches lines line_addr + k * line_size for k = 1..degree. */
class next_line_prefetcher : public prefetcher {
public:
    using prefetcher::prefetcher;
    void on_miss(uint64_t line_addr, std::vector<uint64_t>& out) override;
    const char* name() const override { return "next_line"; }
};

/**
 * Per-PC stride detection is impossible at the L2 (no PC there): a small table remembers,
 * per region, the last miss address and the last stride. A stride seen twice in a row
 * (misses a, a+s, a+2s) is confirmed and lines a+3s .. a+(2+degree)s are fetched; the
 * entry then remembers the last line fetched, so the stream's next miss (one stride past
 * it) confirms the stride again instead of breaking it.
 */
class stride_prefetcher : public prefetcher {
public:
    static constexpr unsigned table_entries = 16;

    using prefetcher::prefetcher;
    void on_miss(uint64_t line_addr, std::vector<uint64_t>& out) override;
    const char* name() const override { return "stride"; }

private:
    struct entry {
        uint64_t region = ~uint64_t(0); // region number, ~0 = unused
        uint64_t last = 0;              // last miss (or last prefetched) line address
        int64_t stride = 0;
        bool confirmed = false;
        uint64_t used = 0; // LRU stamp
    };
    entry m_table[table_entries];
    uint64_t m_clock = 0;
};

/**
 * The policy named `name` ("none" gives nullptr; "next_line", "stride"); user_error for any
 * other name or a degree outside 1..16.
 */
std::unique_ptr<prefetcher> make_prefetcher(const std::string& name, unsigned line_size,
                                            unsigned degree);

} // namespace trvp
