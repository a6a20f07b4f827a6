#pragma once
// A small RV32IMAC + Zicsr + Zifencei + privileged disassembler for the instruction trace
// (docs/core.md#instruction-trace). Independent of the hart's decoder on purpose: it reads
// the raw bits the way a reader of the trace would, and tells the commit log which register
// an instruction writes and which memory it touches.

#include <cstdint>
#include <string>

namespace trvp::core {

/** What an instruction does, as far as the commit log needs it. */
struct insn_info {
    unsigned len = 4;     // 2 (compressed) or 4
    bool known = false;   // a valid encoding of RV32IMAC + Zicsr + Zifencei + privileged
    std::string mnemonic; // "addi", "c.lw", "csrrw" ("unknown" when !known)
    std::string operands; // "a0, a1, -4"; targets of jumps and branches as absolute addresses
    uint8_t rd = 0;       // register written (0: none)
    enum class mem_kind : uint8_t { none, load, store, lr, sc, amo } mem = mem_kind::none;
    uint8_t size = 0;   // bytes accessed
    uint8_t base = 0;   // address register (rs1)
    int32_t offset = 0; // address offset
    uint8_t data = 0;   // store data register (rs2)
    uint8_t amo_op = 0; // funct5 of an AMO
    int csr = -1;       // CSR a Zicsr instruction writes, -1 when it writes none
};

/** Decodes `raw` (its low 16 bits when compressed) at address `pc`. */
insn_info decode_insn(uint32_t raw, uint32_t pc);
/** "mnemonic operands", padded like Spike's disassembler ("addi    a0, a0, 1"). */
std::string disassemble(const insn_info& i);
/** ABI name of register x<i> ("zero", "ra", "sp", ...). */
const char* reg_name(unsigned i);
/** Name of a CSR ("mstatus"), or nullptr when this hart has no CSR by that number. */
const char* csr_name(unsigned csr);
/** The value an AMO stores, from the value it loaded and its rs2 operand. */
uint32_t amo_result(uint8_t funct5, uint32_t loaded, uint32_t operand);

} // namespace trvp::core
