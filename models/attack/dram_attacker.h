#pragma once
// The physical DRAM attacker (attack configurations only): an MMIO register block that the
// untrusted kernel drives to do what a board-level attacker with a probe on the memory bus
// can do - snapshot and restore ranges, copy lines with their metadata, flip bits - on the
// raw contents of the memory components it names (data DRAM, the ctr counter memory, the
// tag or tree memory). The work is done by attack_engine through the memories' probe ports;
// it takes no simulated time. Registers and commands: docs/attacks.md.
//
//   0x00 id       ro  0x54415254 ("TRAT")
//   0x04 config   ro  memories | metadata areas << 8 | kinds present << 16
//   0x08 mem      rw  memory index of the next command (0 = the data memory)
//   0x0c len      rw  bytes
//   0x10 addr     rw  64 bits: address in the memory (its base + offset)
//   0x18 dst      rw  64 bits: destination address (copy)
//   0x20 value    rw  XOR mask (xor), the word read (read)
//   0x24 slot     rw  snapshot slot
//   0x28 command  wo  op | kinds << 8: 1 snapshot, 2 restore, 3 copy, 4 xor, 5 read,
//                     6 xor into metadata (the data line at addr's entry of one kind, at
//                     byte dst of the entry); kinds (memory 0 only): 1 tag, 2 counter,
//                     4 tree node metadata
//   0x2c status   ro  of the last command: attack_engine::status
//   0x30 commands ro  commands executed

#include "attack_engine.h"
#include "common/component.h"
#include "peripherals/reg_bank.h"

#include <tlm_utils/simple_target_socket.h>

namespace trvp {

struct dram_attacker_params {
    unsigned line_size = 64;
    unsigned slots = 16;
    uint64_t max_bytes = 4096; // data bytes per snapshot or copy
};

class dram_attacker : public component {
public:
    static constexpr uint32_t id_value = 0x54415254;
    enum op : uint32_t {
        op_snapshot = 1,
        op_restore = 2,
        op_copy = 3,
        op_xor = 4,
        op_read = 5,
        op_xor_meta = 6
    };

    tlm_utils::simple_target_socket<dram_attacker, 32> regs;

    dram_attacker(const sc_core::sc_module_name& nm, sim_env& env, const dram_attacker_params& p,
                  std::vector<raw_memory> memories, std::vector<metadata_area> metadata);

    attack_engine& engine() { return m_engine; }

private:
    attack_engine m_engine;
    reg_bank m_regs;
    uint32_t m_kinds_present = 0;
    stats::counter m_commands;
    stats::counter m_failed;
    stats::counter m_bytes;

    void command(uint32_t v);
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        m_regs.b_transport(trans, delay);
    }
};

} // namespace trvp
