#pragma once
// The encrypted attribute registers (EAR): entries {valid, context, va_base, size, key id,
// perms, kind}, looked up by (context, virtual address). Pure C++, no SystemC.
//
// Ranges are page aligned (4 KiB) and never overlap another entry of the same context;
// entries of different contexts may cover the same virtual addresses (each process has its
// own address space). Running out of entries is a status, never an exception.

#include <cstdint>
#include <vector>

namespace trvp {

/** What an entry protects: code (program key), hidden data (the context's data key), a
 *  shared region or a key notification region (a key loaded through a handle). */
enum class ear_kind : uint8_t { code = 0, hidden = 1, shared = 2, notify = 3 };
const char* to_string(ear_kind k);

/** Entry permission bits (the manifest's: R 1, W 2, X 4). */
enum ear_perm : uint8_t { ear_r = 1, ear_w = 2, ear_x = 4 };

enum class ear_status : uint8_t {
    ok,
    unaligned, // va_base or size not page aligned, size 0, or the range wraps past 2^32
    overlap,   // overlaps an entry of the same context
    full,      // no free entry
    not_found, // no entry of that context starts at that address
};
const char* to_string(ear_status s);

struct ear_entry {
    bool valid = false;
    uint16_t context = 0;
    uint32_t va_base = 0;
    uint32_t size = 0;
    uint16_t key_id = 0;
    uint8_t perms = 0;
    ear_kind kind = ear_kind::hidden;

    bool contains(uint32_t va) const { return valid && va - va_base < size; }
};

class ear_table {
public:
    static constexpr uint32_t page_size = 4096;

    /** `entries` registers (>= 1; std::invalid_argument otherwise). */
    explicit ear_table(unsigned entries);

    /** Installs `e` (its `valid` is ignored); `index` receives the register used. */
    ear_status add(const ear_entry& e, unsigned* index = nullptr);
    /** The entry of `context` covering `va`, or nullptr. */
    const ear_entry* lookup(uint16_t context, uint32_t va) const;
    /** Removes the entry of `context` starting at `va_base`; `removed` receives it. */
    ear_status remove(uint16_t context, uint32_t va_base, ear_entry* removed = nullptr);
    /** Removes every entry of `context` and returns them. */
    std::vector<ear_entry> remove_context(uint16_t context);
    /** Checks a range as add() would, without installing it. */
    ear_status check(const ear_entry& e) const;

    const std::vector<ear_entry>& entries() const { return m_entries; }
    unsigned capacity() const { return static_cast<unsigned>(m_entries.size()); }
    unsigned used() const { return m_used; }

private:
    std::vector<ear_entry> m_entries;
    unsigned m_used = 0;
};

} // namespace trvp
