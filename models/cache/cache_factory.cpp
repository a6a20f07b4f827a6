// YAML factory of a cache level.

#include "platform/builder/registry.h"

#include "common/ownership_factory.h"

#include "cache/cache.h"

namespace trvp::platform {
namespace {

struct cache_config {
    cache_params cache;
    ownership_config ownership;
};

// The geometry rules of tag_store, reported at the key to change (file, line, component).
void check_geometry(param_reader& r, const cache_params& p) {
    if (p.line_size & (p.line_size - 1))
        r.fail("line_size",
               "the line size must be a power of two, got " + std::to_string(p.line_size));
    const uint64_t way_bytes = uint64_t(p.ways) * p.line_size;
    if (p.size == 0 || p.size % way_bytes != 0)
        r.fail("size", "the size (" + std::to_string(p.size) +
                           " bytes) must be a non-zero multiple of ways * line_size = " +
                           std::to_string(p.ways) + " * " + std::to_string(p.line_size));
    const uint64_t sets = p.size / way_bytes;
    if ((sets & (sets - 1)) || sets > (uint64_t(1) << 24))
        r.fail("size", "size / (ways * line_size) = " + std::to_string(sets) +
                           " sets, which must be a power of two (at most 2^24)");
}

const component_factory<cache_config> cache_type{
    "cache",
    "set-associative cache level tagged by (address, key id): target 'cpu' (several upstream "
    "bind to it), initiator 'mem'",
    [](param_reader& r) {
        cache_config c;
        cache_params& p = c.cache;
        p.size = r.size("size", p.size, "bytes of data");
        p.ways = unsigned(r.integer("ways", p.ways, "", "associativity", 1, 1024));
        p.line_size = unsigned(
            r.integer("line_size", p.line_size, "bytes", "line size, a power of two", 4, 4096));
        p.hit_latency = unsigned(r.integer("hit_latency", p.hit_latency, "cycles",
                                           "lookup latency of every "
                                           "access",
                                           0, 1u << 20));
        p.replacement =
            r.choice("replacement", p.replacement, {"lru", "fifo", "random"}, "replacement policy");
        p.write_back = r.boolean("write_back", p.write_back, "false: write-through");
        p.write_allocate =
            r.boolean("write_allocate", p.write_allocate, "false: write misses bypass the cache");
        p.seed = r.integer("seed", p.seed, "", "seed of the random replacement policy");
        p.key_stats =
            unsigned(r.integer("key_stats", p.key_stats, "",
                               "key ids 0..N-1 get their own hit/miss counters", 1, 65536));
        p.prefetch =
            r.choice("prefetch", p.prefetch, {"none", "next_line", "stride"}, "prefetcher");
        p.prefetch_degree = unsigned(r.integer("prefetch_degree", p.prefetch_degree, "lines",
                                               "lines fetched ahead per trigger", 1, 16));
        read_ownership(r, c.ownership);
        if (!r.describing()) check_geometry(r, p);
        return c;
    },
    [](build_context& c, const cache_config& cc) {
        cache_params p = cc.cache;
        p.ownership = cc.ownership.params;
        p.owners = find_frame_owners(c, cc.ownership);
        return std::make_unique<cache>(c.name.c_str(), c.env, p);
    }};

} // namespace

void register_cache(component_registry& registry) {
    registry.add(cache_type);
}

} // namespace trvp::platform
