#pragma once
// Victim choice of the encryption unit's small set-associative metadata caches (counter
// cache, metadata cache, tree node cache): the first invalid way, else the least recently
// used one. Entry needs `bool valid` and a use stamp `uint64_t lru`.

namespace trvp {

template <class Entry>
Entry* lru_victim(Entry* set, unsigned ways) {
    Entry* v = &set[0];
    for (unsigned w = 0; w < ways; ++w) {
        if (!set[w].valid) return &set[w];
        if (set[w].lru < v->lru) v = &set[w];
    }
    return v;
}

} // namespace trvp
