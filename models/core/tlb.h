#pragma once
// Sv32 translation look-aside buffer: sets x ways, round-robin replacement.
#include <cstdint>
#include <vector>

namespace trvp::core {

// Sv32 PTE bits.
namespace pte {
constexpr uint32_t v = 1, r = 2, w = 4, x = 8, u = 16, g = 32, a = 64, d = 128;
}

class tlb {
public:
    struct entry {
        uint32_t vpn; // 4 KiB virtual page number (megapages are cached per 4 KiB page)
        uint32_t ppn; // 4 KiB physical frame number
        uint16_t asid;
        uint16_t key;  // key id from the translation hook (0 = plaintext)
        uint8_t flags; // PTE bits V R W X U G A D
        bool mega;     // from a 4 MiB leaf
        bool valid;
        uint8_t deny; // access types the translation hook refuses here (1 << access_type)
    };

    /** entries and ways: powers of two, ways <= entries. */
    tlb(unsigned entries, unsigned ways);

    /** The entry for (vpn, asid) (global entries match any ASID), or nullptr. */
    entry* lookup(uint32_t vpn, uint16_t asid) {
        entry* set = &m_entries[(vpn & m_set_mask) * m_ways];
        for (unsigned w = 0; w < m_ways; ++w) {
            entry& e = set[w];
            if (e.valid && e.vpn == vpn && (e.asid == asid || (e.flags & pte::g))) return &e;
        }
        return nullptr;
    }
    void insert(const entry& e);
    void flush_all();
    /** sfence.vma semantics: by address (if has_va) and/or by ASID (if has_asid, non-global). */
    void flush(bool has_va, uint32_t va, bool has_asid, uint16_t asid);

private:
    std::vector<entry> m_entries;
    std::vector<unsigned> m_next; // round-robin victim per set
    unsigned m_ways;
    uint32_t m_set_mask;
};

} // namespace trvp::core
