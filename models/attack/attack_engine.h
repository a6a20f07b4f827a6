#pragma once
// What a physical DRAM attacker can do to raw memory, as plain C++: keep copies of ranges
// (snapshots) and put them back later, copy bytes from one address to another, XOR bits into
// a word. It works on the raw contents of memories (through the DRAM probe ports, which no
// guest reaches): ciphertext, counters, tags and tree nodes alike. docs/attacks.md.
//
// Memory 0 is the data memory. A line operation can also move the line's metadata (its ctr
// counter, its tag, its tree nodes): each metadata area says where the entry of data line N
// (N = the line's data address / line size, as the encryption unit numbers lines) lives, by
// the same formula as the unit: base + N * entry, or, with `per_line` entries packed in each
// metadata line, base + (N / per_line) * line + (N % per_line) * entry (mod 2^64).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace trvp {

/** One memory the attacker reaches: raw reads and writes at offsets [0, size). */
struct raw_memory {
    std::string name;
    uint64_t base = 0; // the address the attacker uses for offset 0 (DRAM: its physical base)
    uint64_t size = 0;
    std::function<void(uint64_t offset, uint8_t* dst, uint64_t len)> read;
    std::function<void(uint64_t offset, const uint8_t* src, uint64_t len)> write;
};

/** Where data line N's metadata of one kind lives (see above). */
struct metadata_area {
    enum kind_t : unsigned { tag = 1, counter = 2, node = 4 };
    kind_t kind = tag;
    unsigned memory = 1;     // index into the attacker's memories (not 0)
    uint64_t base = 0;       // address in that memory of entry 0 (mod 2^64)
    unsigned entry = 8;      // bytes of one data line's entry (0: whole lines only, e.g. a
                             // tree node covering per_line data lines)
    unsigned per_line = 0;   // entries packed in one metadata line (0: back to back)
    unsigned line = 64;      // metadata line bytes (per_line != 0)
    bool whole_line = false; // snapshots take the whole metadata line holding the entry

    /** Offset of data line N's entry in its memory. */
    uint64_t entry_at(uint64_t n) const {
        return per_line ? base + n / per_line * line + n % per_line * entry : base + n * entry;
    }
};

class attack_engine {
public:
    enum class status : uint32_t {
        ok = 0,
        bad_command = 1,
        bad_memory = 2,
        out_of_range = 3,
        bad_slot = 4,
        too_long = 5,
        misaligned = 6,
    };

    /** `line_size`: data line bytes; `slots` snapshots of at most `max_bytes` data each. */
    attack_engine(std::vector<raw_memory> memories, std::vector<metadata_area> metadata,
                  unsigned line_size, unsigned slots, uint64_t max_bytes);

    /** Copies [addr, addr + len) of memory `mem` (and, for memory 0, the metadata of the
     *  kinds in `kinds` of every line it touches) into slot `slot`. */
    status snapshot(unsigned slot, unsigned mem, uint64_t addr, uint64_t len, unsigned kinds);
    /** Writes slot `slot` back where it was taken. */
    status restore(unsigned slot);
    /** Copies [src, src + len) to [dst, dst + len) in memory `mem`; with `kinds` (memory 0,
     *  whole lines) each line's metadata moves to the destination line's place too. */
    status copy(unsigned mem, uint64_t src, uint64_t dst, uint64_t len, unsigned kinds);
    /** XORs `mask` into the little-endian 32-bit word at `addr` of memory `mem`. */
    status xor32(unsigned mem, uint64_t addr, uint32_t mask);
    /** XORs `mask` into the 32-bit word at byte `offset` of the entry of kind `kind` (one
     *  kind) of the data line at `addr` (memory 0): e.g. a tag entry's stamp. */
    status xor_meta(unsigned kind, uint64_t addr, uint64_t offset, uint32_t mask);
    /** Reads the 32-bit word at `addr` of memory `mem` into `value`. */
    status read32(unsigned mem, uint64_t addr, uint32_t& value);

    size_t memories() const { return m_mem.size(); }
    size_t metadata_areas() const { return m_meta.size(); }
    /** Bytes written into memories so far (restore, copy, xor). */
    uint64_t bytes_tampered() const { return m_tampered; }

private:
    struct piece {
        unsigned mem = 0;
        uint64_t offset = 0; // raw offset in the memory
        std::vector<uint8_t> bytes;
    };
    struct slot_t {
        bool valid = false;
        std::vector<piece> pieces;
    };

    std::vector<raw_memory> m_mem;
    std::vector<metadata_area> m_meta;
    const unsigned m_line;
    const uint64_t m_max_bytes;
    std::vector<slot_t> m_slots;
    uint64_t m_tampered = 0;

    // The raw offset of [addr, addr + len) in memory `mem`, or an error status.
    status locate(unsigned mem, uint64_t addr, uint64_t len, uint64_t& offset) const;
    // The bytes a snapshot (whole = a.whole_line) or copy of data line n's metadata in area a
    // covers: an offset in a.memory and a length, or out_of_range.
    status meta_range(const metadata_area& a, uint64_t n, bool whole, uint64_t& offset,
                      uint64_t& len) const;
    piece take(unsigned mem, uint64_t offset, uint64_t len) const;
    void put(const piece& p);
};

} // namespace trvp
