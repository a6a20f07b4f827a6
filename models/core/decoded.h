#pragma once
// The ISA table's element (insn_desc) and the decode cache's element (decoded_insn).
#include "params.h"

#include <cstdint>

namespace trvp::core {

class hart;
struct decoded_insn;
struct insn_desc;

/** Semantic function: executes one decoded instruction on the hart. */
using sem_fn = void (*)(hart&, const decoded_insn&);

/** Operand layout; selects which immediate the decoder extracts. */
enum class insn_format : uint8_t { r, i, s, b, u, j, csr, none };

/** One row of the opcode table: (raw & mask) == match selects it. */
struct insn_desc {
    const char* name;
    uint32_t match;
    uint32_t mask;
    insn_format format;
    timing_class cls;
    sem_fn fn;
    void* user = nullptr; // extension context (e.g. the secure unit), reached via d.desc->user
};

/**
 * A decoded instruction, as cached per physical page. `rd` is the register index to write:
 * 32 (a dump register) when the encoding names x0, so x0 stays zero without checks.
 * `rs1` is the raw field (also the uimm of csr*i); `imm` is the format's sign-extended
 * immediate (the CSR number for the csr format). A compressed instruction is decoded as the
 * 32-bit instruction it expands to, but `raw` keeps its 16-bit encoding and `len` is 2.
 */
struct decoded_insn {
    sem_fn fn;
    const insn_desc* desc;
    int32_t imm;
    uint32_t raw;
    uint32_t cost : 24; // cycles of the timing class (the configuration allows up to 2^20)
    uint32_t len : 8;   // 2 (compressed) or 4 bytes: the next pc is pc + len
    uint8_t rd, rs1, rs2;
    uint8_t cls; // timing_class, or num_timing_classes for a not-yet-decoded slot
};

} // namespace trvp::core
