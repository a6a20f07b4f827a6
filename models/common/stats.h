#pragma once
// Statistics: counters, scalars, histograms and formulas with stable dotted names, gem5
// style: a statistic IS the count (a model increments the statistic itself, nothing copies it
// or publishes it later), declared next to the state it counts with a unit and a one-line
// description, in a group (a registry and a dotted prefix, usually a component's name).
// Vectors hold one counter per key id, timing class or cause. Pure C++: the instruction-set
// simulator registers its counters here too.

#include "divider.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace trvp::stats {

class registry;

/**
 * Which way a statistic improves, so `trvp compare` can tell a regression from an improvement
 * (docs/sweeps.md). Every statistic has one: a default from its unit and name
 * (default_better), or its model's explicit declaration (stat::set_better).
 */
enum class better { neither, lower, higher };

/** "lower", "higher" or "neither" (the text stats.json carries). */
const char* better_name(better b);
/** Parses better_name's text; false if it is none of them. */
bool parse_better(const std::string& text, better& out);
/**
 * The default direction of a statistic from its unit and name: times, cycles and latencies are
 * better lower (not timestamps: *begin*, *start*), rates and bandwidths (MIPS, bytes/s) higher,
 * hit rates and *hits higher, *misses and counts of errors and faults lower; plain counts,
 * bytes, ratios and texts have none.
 */
better default_better(const std::string& name, const std::string& unit);

/** Where statistics go: a registry and the dotted prefix of their names (gem5's Stats::Group). */
class group {
public:
    group(registry& reg, std::string prefix) : m_reg(&reg), m_prefix(std::move(prefix)) {}
    registry& reg() const { return *m_reg; }
    /** The full name of a statistic of this group: prefix + leaf. */
    std::string name(const std::string& leaf) const { return m_prefix + leaf; }
    /** A nested group: prefix + name + ".". */
    group child(const std::string& name) const { return group(*m_reg, m_prefix + name + "."); }

private:
    registry* m_reg;
    std::string m_prefix;
};

/** Base of every statistic: a dotted name, a unit and a one-line description. */
class stat {
public:
    stat(registry& reg, std::string name, std::string unit, std::string desc);
    stat(const group& g, const std::string& leaf, std::string unit, std::string desc)
        : stat(g.reg(), g.name(leaf), std::move(unit), std::move(desc)) {}
    virtual ~stat();
    stat(const stat&) = delete;
    stat& operator=(const stat&) = delete;

    const std::string& name() const { return m_name; }
    const std::string& unit() const { return m_unit; }
    const std::string& desc() const { return m_desc; }
    /** Which way this statistic improves (default_better unless declared). */
    better direction() const { return m_declared ? m_better : default_better(m_name, m_unit); }
    /** Declares the direction where the default does not fit. */
    stat& set_better(better b) {
        m_better = b;
        m_declared = true;
        return *this;
    }

    /** Writes the value as a JSON value (number or object). */
    virtual void write_json(std::ostream& os) const = 0;
    /** Writes one or more aligned "name value unit # desc" lines. */
    virtual void write_text(std::ostream& os) const = 0;
    virtual void reset() = 0;

protected:
    friend class vector;
    stat() = default; // a vector element, registered by attach()
    void attach(registry& reg, std::string name, std::string unit, std::string desc);

private:
    registry* m_registry = nullptr;
    std::string m_name;
    std::string m_unit;
    std::string m_desc;
    better m_better = better::neither;
    bool m_declared = false;
};

/**
 * A 64-bit event counter; incrementing it is a plain add on the hot path. Two other forms
 * read a count that a model keeps in its own hot state:
 *  - bound to a model's storage, as the elements of a vector over a model's array (a hart's
 *    per-class counts): the model increments its storage, the statistic reads it and a
 *    reset zeroes it: they are the same memory;
 *  - over a `running` count that the model needs for itself (a hart's cycle and instret
 *    counts, which the architecture reads): the statistic shows it since the last reset.
 */
class counter : public stat {
public:
    using stat::stat;
    counter(const group& g, const std::string& leaf, std::string unit, std::string desc,
            const uint64_t& running)
        : stat(g, leaf, std::move(unit), std::move(desc)), m_running(&running), m_value(running) {}
    /** Increments (not for the bound and running forms: their model counts). */
    counter& operator++() {
        ++m_value;
        return *this;
    }
    counter& operator+=(uint64_t n) {
        m_value += n;
        return *this;
    }
    uint64_t value() const {
        return m_bound ? *m_bound : m_running ? *m_running - m_value : m_value;
    }
    operator uint64_t() const { return value(); }
    void set(uint64_t v) { m_value = v; }
    void write_json(std::ostream& os) const override;
    void write_text(std::ostream& os) const override;
    void reset() override;

private:
    friend class vector;
    counter() = default;
    uint64_t* m_bound = nullptr;         // the bound form's storage
    const uint64_t* m_running = nullptr; // the running form's count; m_value is the base
    uint64_t m_value = 0;
};

/**
 * Counters of one family, indexed 0..size()-1, each registered under its own name (the
 * name function maps an index to a leaf, e.g. 3 -> "key3.hits"). Either the vector owns
 * the counters (`++v[i]`), or it is bound to a model's array of `size` counts, which the
 * model increments itself (the elements are then the bound form of counter).
 */
class vector {
public:
    using namer = std::function<std::string(unsigned)>;
    vector(const group& g, unsigned size, const namer& leaf, const std::string& unit,
           const namer& desc, uint64_t* storage = nullptr);
    counter& operator[](unsigned i) { return m_items[i]; }
    const counter& operator[](unsigned i) const { return m_items[i]; }
    unsigned size() const { return m_size; }
    /** The values, in index order. */
    std::vector<uint64_t> values() const;

private:
    unsigned m_size;
    std::unique_ptr<counter[]> m_items;
};

/**
 * Per key id counters: key0..key<N-1> own one each, larger ids share key_other (so every run
 * prints the same names). One family per leaf, e.g. per_key(g, 16, "hits", ...) gives
 * key0.hits .. key15.hits and key_other.hits. N is the `key_stats` parameter (1..65536).
 */
class per_key {
public:
    per_key(const group& g, unsigned slots, const std::string& leaf, const std::string& unit,
            const std::string& what);
    counter& operator[](uint16_t key_id) { return m_v[key_id < m_slots ? key_id : m_slots]; }
    /** Throws std::invalid_argument unless 1 <= slots <= 65536. */
    static unsigned checked_slots(unsigned slots);

private:
    unsigned m_slots;
    vector m_v;
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
    /** {"name": {"value": ..., "unit": ..., "better": ..., "desc": ...}, ...} sorted by name. */
    void write_json(std::ostream& os) const;
    /** Aligned text, one statistic a line, sorted by name, like gem5's stats.txt. */
    void write_text(std::ostream& os) const;

private:
    std::vector<stat*> m_stats;
};

/** Writes s as a JSON string literal, escaped. */
void write_json_string(std::ostream& os, const std::string& s);

} // namespace trvp::stats
