/* Shared by the benchmarks: region-of-interest markers and the closing report. */
#ifndef BENCH_H
#define BENCH_H
#include "trvp.h"

struct roi {
    uint64_t instret, cycles, mtime;
};

static inline struct roi roi_now(void) {
    struct roi r = {rdinstret64(), rdcycle64(), mtime_read()};
    return r;
}

/* Prints the region's cost; the numbers depend on the core, hence [impl]. */
static inline void roi_report(const char* name, struct roi a, struct roi b) {
    printf("%s: %llu instructions, %llu cycles, %llu us of mtime [impl]\n", name,
           b.instret - a.instret, b.cycles - a.cycles,
           (b.mtime - a.mtime) / (TIMEBASE_HZ / 1000000));
}
#endif
