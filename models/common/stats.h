#pragma once
// Statistics: counters, scalars, histograms and formulas with stable dotted names.
// Every statistic is declared next to the state it counts, with a unit and a one-line
// description, and registers itself in the registry of its group (usually a component).

#include "divider.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace trvp::stats {

class registry;

/** Base of every statistic: a dotted name, a unit and a one-line description. */
class stat {
public:
    stat(registry& reg, std::string name, std::string unit, std::string desc);
    virtual ~stat();
    stat(const stat&) = delete;
    stat& operator=(const stat&) = delete;

    const std::string& name() const { return m_name; }
    const std::string& unit() const { return m_unit; }
    const std::string& desc() const { return m_desc; }

    /** Writes the value as a JSON value (number or object). */
    virtual void write_json(std::ostream& os) const = 0;
    /** Writes one or more aligned "name value unit # desc" lines. */
    virtual void write_text(std::ostream& os) const = 0;
    virtual void reset() = 0;

private:
    registry& m_registry;
    std::string m_name;
    std::string m_unit;
    std::string m_desc;
};

/** A 64-bit event counter; incrementing it is a plain add on the hot path. */
class counter : public stat {
public:
    using stat::stat;
    counter& operator++() {
        ++m_value;
        return *this;
    }
    counter& operator+=(uint64_t n) {
        m_value += n;
        return *this;
    }
    uint64_t value() const { return m_value; }
    /** Raw pointer for fast paths that must bump the same count the slow path would. */
    uint64_t* raw() { return &m_value; }
    void set(uint64_t v) { m_value = v; }
    void write_json(std::ostream& os) const override;
    void write_text(std::ostream& os) const override;
    void reset() override { m_value = 0; }

private:
    uint64_t m_value = 0;
};

/** A value set at the end of a run (or sampled): simulated time, host seconds, MIPS. */
class scalar : public stat {
public:
    using stat::stat;
    void set(double v) { m_value = v; }
    double value() const { return m_value; }
    void write_json(std::ostream& os) const override;
    void write_text(std::ostream& os) const override;
    void reset() override { m_value = 0; }

private:
    double m_value = 0;
};

/** A string set at the end of a run (why it ended); JSON string, text as is. */
class text : public stat {
public:
    using stat::stat;
    void set(std::string v) { m_value = std::move(v); }
    const std::string& value() const { return m_value; }
    void write_json(std::ostream& os) const override;
    void write_text(std::ostream& os) const override;
    void reset() override { m_value.clear(); }

private:
    std::string m_value;
};

/** A value computed from other statistics when it is written (hit rate, bandwidth). */
class formula : public stat {
public:
    formula(registry& reg, std::string name, std::string unit, std::string desc,
            std::function<double()> fn);
    double value() const { return m_fn(); }
    void write_json(std::ostream& os) const override;
    void write_text(std::ostream& os) const override;
    void reset() override {}

private:
    std::function<double()> m_fn;
};

/**
 * A distribution of integer samples (latencies in cycles): exact count, sum, min and max,
 * and linear buckets of a fixed width with an overflow bucket; percentiles are read from
 * the buckets (exact when the width is 1 and no sample overflows).
 *
 * Per-request latencies mostly repeat, so sample() keeps a run of equal values and folds it
 * into the totals when another value arrives or anything is read: the same results as adding
 * each sample at once, for a compare and an add per sample.
 */
class histogram : public stat {
public:
    histogram(registry& reg, std::string name, std::string unit, std::string desc,
              uint64_t bucket_width = 1, unsigned buckets = 512);
    void sample(uint64_t v, uint64_t times = 1) {
        if (v != m_run_value) {
            fold();
            m_run_value = v;
        }
        m_run_times += times;
    }
    uint64_t count() const {
        fold();
        return m_count;
    }
    uint64_t sum() const {
        fold();
        return m_sum;
    }
    uint64_t min() const {
        fold();
        return m_count ? m_min : 0;
    }
    uint64_t max() const {
        fold();
        return m_max;
    }
    double mean() const {
        fold();
        return m_count ? double(m_sum) / double(m_count) : 0.0;
    }
    /** The smallest bucket bound b such that at least p percent of samples are <= b. */
    uint64_t percentile(double p) const;
    void write_json(std::ostream& os) const override;
    void write_text(std::ostream& os) const override;
    void reset() override;

private:
    // Adds the pending run to the totals (const: readers fold before they read).
    void fold() const {
        if (m_run_times == 0) return;
        const uint64_t b = m_width(m_run_value);
        m_buckets[b < m_overflow ? b : m_overflow] += m_run_times;
        m_count += m_run_times;
        m_sum += m_run_value * m_run_times;
        if (m_run_value < m_min) m_min = m_run_value;
        if (m_run_value > m_max) m_max = m_run_value;
        m_run_times = 0;
    }

    divider m_width;                         // the bucket width
    mutable std::vector<uint64_t> m_buckets; // last one counts overflow
    size_t m_overflow;                       // index of the overflow bucket
    mutable uint64_t m_count = 0, m_sum = 0, m_min = UINT64_MAX, m_max = 0;
    uint64_t m_run_value = 0; // the pending run: m_run_times samples of this value
    mutable uint64_t m_run_times = 0;
};

/** All statistics of one simulation, in registration order. */
class registry {
public:
    void add(stat* s);
    void remove(stat* s);
    const std::vector<stat*>& all() const { return m_stats; }
    const stat* find(const std::string& name) const;
    void reset_all();
    /** {"name": {"value": ..., "unit": ..., "desc": ...}, ...} sorted by name. */
    void write_json(std::ostream& os) const;
    /** Aligned text, one statistic a line, sorted by name, like gem5's stats.txt. */
    void write_text(std::ostream& os) const;

private:
    std::vector<stat*> m_stats;
};

/** Writes s as a JSON string literal, escaped. */
void write_json_string(std::ostream& os, const std::string& s);

} // namespace trvp::stats
