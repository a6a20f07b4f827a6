#include "counter_tree.h"

#include <algorithm>
#include <stdexcept>

namespace trvp {

tree_stats::tree_stats(stats::registry& reg, const std::string& prefix, unsigned levels)
    : hits(reg, prefix + "tree.node_cache.hits", "lookups",
           "version lookups whose counter line was in the node cache"),
      misses(reg, prefix + "tree.node_cache.misses", "lookups",
             "version lookups that walked the tree"),
      nodes_read(reg, prefix + "tree.nodes_read", "lines",
                 "tree nodes (counter lines included) read from the metadata memory"),
      nodes_written(reg, prefix + "tree.nodes_written", "lines",
                    "tree nodes written back to the metadata memory"),
      nodes_created(reg, prefix + "tree.nodes_created", "nodes",
                    "zero nodes made on chip without a read (never written back before)"),
      violations(reg, prefix + "tree.violations", "nodes",
                 "tree nodes whose MAC did not match (replayed, moved or altered)"),
      bumps(reg, prefix + "tree.version_bumps", "lines", "line versions incremented"),
      overflows(reg, prefix + "tree.overflows", "pages",
                "split minor-counter overflows (a counter line's lines get a new major)"),
      levels(reg, prefix + "tree.levels_missing", "levels",
             "levels missing on chip per version lookup (0: counter line cached)", 1, levels + 1) {}

counter_tree::counter_tree(const tree_params& p, unsigned line_size, uint64_t cycle,
                           const uint8_t* key, meta_port& port, stats::registry& reg,
                           const std::string& prefix, const std::string& who)
    : m_layout(p, line_size, who), m_split(p.counters == counter_org::split),
      m_mac(uint64_t(p.mac_latency) * cycle), m_port(port),
      m_macs(key, line_size, m_layout.tag_bytes()), m_cache(p.cache_entries, p.cache_ways),
      m_root(m_layout.root_size(), 0), m_line(line_size),
      m_path(m_layout.levels(), std::vector<uint8_t>(line_size)), m_arrival(m_layout.levels()),
      m_nodes(m_layout.levels()), m_x(m_layout.levels() + 1), m_scratch(line_size),
      m_counts(reg, prefix, m_layout.levels()) {}

void counter_tree::make_zero(unsigned level, tree_node& n) const {
    n.major = 0;
    n.ctr.assign(m_layout.fanout(level), 0);
}

node_cache::entry* counter_tree::leaf_entry(uint64_t data_line, uint64_t at, tree_access& r) {
    if (data_line >= m_layout.data_lines())
        throw std::logic_error("counter_tree: data line " + std::to_string(data_line) +
                               " is outside the protected range");
    r.ready = at;
    const uint64_t leaf = data_line / m_layout.leaf_arity();
    if (node_cache::entry* e = m_cache.find(m_layout.node_id(0, leaf))) {
        ++m_counts.hits;
        m_counts.levels.sample(0);
        return e;
    }
    ++m_counts.misses;
    if (!walk(leaf, at, r)) return nullptr;
    return m_cache.find(m_layout.node_id(0, leaf));
}

bool counter_tree::walk(uint64_t leaf, uint64_t at, tree_access& r) {
    const unsigned levels = m_layout.levels(), arity = m_layout.arity();
    std::vector<uint64_t>& x = m_x; // levels + 1 entries
    x[0] = leaf;
    for (unsigned l = 0; l < levels; ++l) x[l + 1] = x[l] / arity;

    // The first level on chip: a cached node, or the root register (k == levels).
    unsigned k = 1;
    node_cache::entry* top = nullptr;
    while (k < levels && !(top = m_cache.find(m_layout.node_id(k, x[k])))) ++k;
    r.levels = k;
    m_counts.levels.sample(k);
    uint64_t pc = top ? top->node.ctr[x[k - 1] % arity] : m_root[x[k - 1]];

    uint64_t ready = at;
    if (pc == 0) {
        // Never written back: the whole missing path is zero nodes, made on chip.
        for (unsigned l = 0; l < k; ++l) make_zero(l, m_nodes[l]);
        m_counts.nodes_created += k;
    } else {
        for (unsigned l = 0; l < k; ++l) {
            const uint64_t addr = m_layout.address(m_layout.node_id(l, x[l]));
            if (!m_port.read(addr, m_path[l].data(), at, m_arrival[l])) {
                r.status = tree_status::bus_error;
                return false;
            }
        }
        r.fetched = k;
        m_counts.nodes_read += k;
        bool zero = false; // a parent counter of 0 below the top: the rest are zero nodes
        for (unsigned l = k; l-- > 0;) {
            if (zero || pc == 0) {
                zero = true;
                make_zero(l, m_nodes[l]);
                ++m_counts.nodes_created;
            } else {
                const uint64_t parent_arrival = l + 1 == k ? at : m_arrival[l + 1];
                ready = std::max(ready, std::max(m_arrival[l], parent_arrival) + m_mac);
                const uint64_t addr = m_layout.address(m_layout.node_id(l, x[l]));
                if (!m_macs.check(addr, pc, m_path[l].data())) {
                    ++m_counts.violations;
                    r.status = tree_status::violation;
                    r.ready = ready;
                    return false;
                }
                m_layout.unpack(l, m_path[l].data(), m_nodes[l]);
            }
            if (l > 0) pc = m_nodes[l].ctr[x[l - 1] % arity];
        }
    }
    r.ready = ready;

    // Top-down into the cache; dirty victims wait in the write buffer, then drain.
    for (unsigned l = k; l-- > 0;) {
        node_cache::entry victim;
        m_cache.insert(m_layout.node_id(l, x[l]), m_nodes[l], victim);
        if (victim.valid)
            m_held.push_back({victim.id, m_layout.level_of(victim.id), std::move(victim.node)});
    }
    if (!m_held.empty() && !drain(ready)) {
        r.status = m_fail;
        return false;
    }
    return true;
}

bool counter_tree::drain(uint64_t at) {
    // Children first: a held node's parent may be held too (then bumped there, written after).
    // (No stable sort: nodes of one level are independent, and std::sort needs no buffer.)
    std::sort(m_held.begin(), m_held.end(),
              [](const held& a, const held& b) { return a.level < b.level; });
    bool ok = true;
    for (size_t i = 0; i < m_held.size() && ok; ++i) {
        const held h = std::move(m_held[i]);
        m_held[i].id = ~uint64_t(0); // written: no longer found as a parent
        ok = write_back(h.level, h.id, h.node, at);
    }
    m_held.clear();
    return ok;
}

tree_node* counter_tree::on_chip_parent(unsigned level, uint64_t index, bool mark_dirty) {
    const uint64_t pid = m_layout.node_id(level + 1, index / m_layout.arity());
    if (node_cache::entry* e = m_cache.find(pid)) {
        if (mark_dirty) e->dirty = true;
        return &e->node;
    }
    for (held& h : m_held)
        if (h.id == pid) return &h.node;
    return nullptr;
}

bool counter_tree::parent_counter(unsigned level, uint64_t index, uint64_t at, uint64_t& value) {
    const unsigned slot = unsigned(index % m_layout.arity());
    if (level + 1 == m_layout.levels()) {
        value = m_root[index];
        return true;
    }
    if (const tree_node* p = on_chip_parent(level, index, false)) {
        value = p->ctr[slot];
        return true;
    }
    tree_node p;
    if (!load_uncached(level + 1, index / m_layout.arity(), at, p)) return false;
    value = p.ctr[slot];
    return true;
}

bool counter_tree::load_uncached(unsigned level, uint64_t index, uint64_t at, tree_node& n) {
    uint64_t pc = 0;
    if (!parent_counter(level, index, at, pc)) return false;
    if (pc == 0) {
        make_zero(level, n);
        ++m_counts.nodes_created;
        return true;
    }
    std::vector<uint8_t>& buf = m_scratch; // free again: parent_counter() is done with it
    const uint64_t addr = m_layout.address(m_layout.node_id(level, index));
    uint64_t done = 0;
    if (!m_port.read(addr, buf.data(), at, done)) {
        m_fail = tree_status::bus_error;
        return false;
    }
    ++m_counts.nodes_read;
    if (!m_macs.check(addr, pc, buf.data())) {
        ++m_counts.violations;
        m_fail = tree_status::violation;
        return false;
    }
    m_layout.unpack(level, buf.data(), n);
    return true;
}

bool counter_tree::bump_parent(unsigned level, uint64_t index, uint64_t at, uint64_t& value) {
    const unsigned pl = level + 1;
    const unsigned slot = unsigned(index % m_layout.arity());
    uint64_t* c = nullptr;
    if (pl == m_layout.levels()) {
        c = &m_root[index];
    } else if (tree_node* on_chip = on_chip_parent(level, index, true)) {
        c = &on_chip->ctr[slot];
    } else {
        // Read-verify-modify-write of the uncached parent (it is not cached: no fill, so no
        // further eviction); its own write-back bumps the grandparent in turn.
        tree_node p;
        if (!load_uncached(pl, index / m_layout.arity(), at, p)) return false;
        if (p.ctr[slot] == m_layout.counter_max(pl))
            throw std::overflow_error("counter_tree: a node counter wrapped");
        value = ++p.ctr[slot];
        return write_back(pl, m_layout.node_id(pl, index / m_layout.arity()), p, at);
    }
    if (*c == m_layout.counter_max(pl))
        throw std::overflow_error("counter_tree: a node counter wrapped");
    value = ++*c;
    return true;
}

bool counter_tree::write_back(unsigned level, uint64_t id, const tree_node& n, uint64_t at) {
    uint64_t pc = 0;
    if (!bump_parent(level, m_layout.index_of(id), at, pc)) return false;
    m_layout.pack(level, n, m_line.data());
    const uint64_t addr = m_layout.address(id);
    m_macs.seal(addr, pc, m_line.data());
    uint64_t done = 0;
    if (!m_port.write(addr, m_line.data(), at, done)) {
        m_fail = tree_status::bus_error;
        return false;
    }
    ++m_counts.nodes_written;
    return true;
}

tree_access counter_tree::read_version(uint64_t data_line, uint64_t at) {
    tree_access r;
    node_cache::entry* e = leaf_entry(data_line, at, r);
    if (e) r.version = version_of(e->node, unsigned(data_line % m_layout.leaf_arity()));
    return r;
}

tree_access counter_tree::bump_version(uint64_t data_line, uint64_t at) {
    tree_access r;
    node_cache::entry* e = leaf_entry(data_line, at, r);
    if (!e) return r;
    const unsigned la = m_layout.leaf_arity(), slot = unsigned(data_line % la);
    tree_node& n = e->node;
    e->dirty = true;
    ++m_counts.bumps;
    if (n.ctr[slot] < m_layout.counter_max(0)) {
        ++n.ctr[slot];
    } else {
        if (!m_split) throw std::overflow_error("counter_tree: a version counter wrapped");
        // Minor overflow: a new major for the whole leaf, every minor back to 0.
        m_old.resize(la);
        for (unsigned i = 0; i < la; ++i) m_old[i] = version_of(n, i);
        ++n.major;
        std::fill(n.ctr.begin(), n.ctr.end(), 0);
        ++m_counts.overflows;
        r.overflow = true;
        r.page_first = data_line - slot;
        r.page_lines = la;
        r.old_versions = &m_old;
    }
    r.version = version_of(n, slot);
    return r;
}

bool counter_tree::peek_node(unsigned level, uint64_t index, tree_node& n) {
    if (const node_cache::entry* e = m_cache.peek(m_layout.node_id(level, index))) {
        n = e->node;
        return true;
    }
    uint64_t pc = 0;
    if (level + 1 == m_layout.levels()) {
        pc = m_root[index];
    } else {
        tree_node p;
        if (!peek_node(level + 1, index / m_layout.arity(), p)) return false;
        pc = p.ctr[index % m_layout.arity()];
    }
    if (pc == 0) {
        n = m_layout.zero_node(level);
        return true;
    }
    std::vector<uint8_t> buf(m_layout.line_size());
    if (!m_port.debug(false, m_layout.address(m_layout.node_id(level, index)), buf.data()))
        return false;
    m_layout.unpack(level, buf.data(), n);
    return true;
}

uint64_t counter_tree::peek_version(uint64_t data_line) {
    const unsigned la = m_layout.leaf_arity();
    tree_node leaf;
    if (data_line >= m_layout.data_lines() || !peek_node(0, data_line / la, leaf)) return 0;
    return version_of(leaf, unsigned(data_line % la));
}

tree_status counter_tree::flush(uint64_t at) {
    for (unsigned l = 0; l < m_layout.levels(); ++l)
        for (node_cache::entry& e : m_cache.entries())
            if (e.valid && e.dirty && m_layout.level_of(e.id) == l) {
                e.dirty = false;
                if (!write_back(l, e.id, e.node, at)) return m_fail;
            }
    return tree_status::ok;
}

} // namespace trvp
