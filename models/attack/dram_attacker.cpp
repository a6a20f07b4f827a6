#include "dram_attacker.h"

namespace trvp {

dram_attacker::dram_attacker(const sc_core::sc_module_name& nm, sim_env& env,
                             const dram_attacker_params& p, std::vector<raw_memory> memories,
                             std::vector<metadata_area> metadata)
    : component(nm, env), regs("regs"),
      m_engine(std::move(memories), metadata, p.line_size, p.slots, p.max_bytes), m_regs(name()),
      m_commands(stats(), stat_name("commands"), "commands", "attacker commands executed"),
      m_failed(stats(), stat_name("failed"), "commands",
               "attacker commands refused (bad memory, range, slot, length)"),
      m_bytes(stats(), stat_name("bytes_tampered"), "bytes",
              "raw memory bytes the attacker wrote (restore, copy, xor)") {
    for (const metadata_area& a : metadata) m_kinds_present |= a.kind;
    m_regs.add("id", 0x00, 4, id_value).read_only();
    m_regs
        .add("config", 0x04, 4,
             m_engine.memories() | m_engine.metadata_areas() << 8 | m_kinds_present << 16)
        .read_only();
    m_regs.add("mem", 0x08, 4);
    m_regs.add("len", 0x0c, 4);
    m_regs.add("addr", 0x10, 8);
    m_regs.add("dst", 0x18, 8);
    m_regs.add("value", 0x20, 4);
    m_regs.add("slot", 0x24, 4);
    m_regs.add("command", 0x28, 4)
        .on_read([]() -> uint64_t { return 0; })
        .on_write([this](uint64_t v) { command(uint32_t(v)); });
    m_regs.add("status", 0x2c, 4).read_only();
    m_regs.add("commands", 0x30, 4).read_only().on_read([this]() -> uint64_t {
        return m_commands.value();
    });
    regs.register_b_transport(this, &dram_attacker::b_transport);
    expose_target("regs", regs);
}

void dram_attacker::command(uint32_t v) {
    using status = attack_engine::status;
    const unsigned mem = unsigned(m_regs["mem"].get());
    const uint64_t len = m_regs["len"].get(), addr = m_regs["addr"].get();
    const unsigned kinds = (v >> 8) & 0xff;
    const uint64_t before = m_engine.bytes_tampered();
    status s = status::bad_command;
    switch (v & 0xff) {
    case op_snapshot:
        s = m_engine.snapshot(unsigned(m_regs["slot"].get()), mem, addr, len, kinds);
        break;
    case op_restore:
        s = m_engine.restore(unsigned(m_regs["slot"].get()));
        break;
    case op_copy:
        s = m_engine.copy(mem, addr, m_regs["dst"].get(), len, kinds);
        break;
    case op_xor:
        s = m_engine.xor32(mem, addr, uint32_t(m_regs["value"].get()));
        break;
    case op_xor_meta:
        s = m_engine.xor_meta(kinds, addr, m_regs["dst"].get(), uint32_t(m_regs["value"].get()));
        break;
    case op_read: {
        uint32_t value = 0;
        s = m_engine.read32(mem, addr, value);
        if (s == status::ok) m_regs["value"].set(value);
        break;
    }
    default:
        break;
    }
    ++m_commands;
    if (s != status::ok) ++m_failed;
    m_bytes += m_engine.bytes_tampered() - before;
    m_regs["status"].set(uint32_t(s));
}

} // namespace trvp
