#include "disasm.h"

#include <cstdio>

namespace trvp::core {

namespace {

const char* const abi[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                             "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                             "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

int32_t sext(uint32_t v, unsigned bits) {
    const uint32_t m = 1u << (bits - 1);
    return int32_t((v ^ m) - m);
}

std::string hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%x", v);
    return b;
}

std::string csr_text(unsigned csr) {
    const char* n = csr_name(csr);
    return n ? n : hex(csr);
}

struct builder {
    insn_info i;
    uint32_t pc;

    void op(const char* m, std::string ops = "") {
        i.known = true;
        i.mnemonic = m;
        i.operands = std::move(ops);
    }
    static std::string r(unsigned x) { return abi[x & 31]; }
    static std::string mem(int32_t off, unsigned base) {
        return std::to_string(off) + "(" + r(base) + ")";
    }
    std::string target(int32_t off) const { return hex(pc + uint32_t(off)); }
    void load(const char* m, unsigned rd, unsigned base, int32_t off, unsigned size) {
        op(m, r(rd) + ", " + mem(off, base));
        i.rd = uint8_t(rd);
        i.mem = insn_info::mem_kind::load;
        i.base = uint8_t(base), i.offset = off, i.size = uint8_t(size);
    }
    void store(const char* m, unsigned data, unsigned base, int32_t off, unsigned size) {
        op(m, r(data) + ", " + mem(off, base));
        i.mem = insn_info::mem_kind::store;
        i.base = uint8_t(base), i.offset = off, i.size = uint8_t(size), i.data = uint8_t(data);
    }
    void alu(const char* m, unsigned rd, const std::string& rest) {
        op(m, r(rd) + ", " + rest);
        i.rd = uint8_t(rd);
    }
};

void decode32(builder& b, uint32_t x) {
    const unsigned rd = (x >> 7) & 31, rs1 = (x >> 15) & 31, rs2 = (x >> 20) & 31;
    const unsigned f3 = (x >> 12) & 7, f7 = x >> 25;
    const int32_t imm_i = int32_t(x) >> 20;
    const int32_t imm_s = sext(((x >> 25) << 5) | ((x >> 7) & 31), 12);
    const auto R = builder::r;
    switch (x & 0x7f) {
    case 0x37:
        b.alu("lui", rd, hex(x >> 12));
        return;
    case 0x17:
        b.alu("auipc", rd, hex(x >> 12));
        return;
    case 0x6f: {
        const uint32_t off =
            ((x >> 11) & 0x100000) | (x & 0xff000) | ((x >> 9) & 0x800) | ((x >> 20) & 0x7fe);
        b.alu("jal", rd, b.target(sext(off, 21)));
        return;
    }
    case 0x67:
        if (f3 == 0) b.alu("jalr", rd, builder::mem(imm_i, rs1));
        return;
    case 0x63: {
        static const char* const names[8] = {"beq", "bne", nullptr, nullptr,
                                             "blt", "bge", "bltu",  "bgeu"};
        const uint32_t off =
            ((x >> 19) & 0x1000) | ((x << 4) & 0x800) | ((x >> 20) & 0x7e0) | ((x >> 7) & 0x1e);
        if (names[f3]) b.op(names[f3], R(rs1) + ", " + R(rs2) + ", " + b.target(sext(off, 13)));
        return;
    }
    case 0x03: {
        static const char* const names[8] = {"lb",  "lh",  "lw",    nullptr,
                                             "lbu", "lhu", nullptr, nullptr};
        static const unsigned size[8] = {1, 2, 4, 0, 1, 2, 0, 0};
        if (names[f3]) b.load(names[f3], rd, rs1, imm_i, size[f3]);
        return;
    }
    case 0x23: {
        static const char* const names[3] = {"sb", "sh", "sw"};
        if (f3 < 3) b.store(names[f3], rs2, rs1, imm_s, 1u << f3);
        return;
    }
    case 0x13: {
        static const char* const names[8] = {"addi", nullptr, "slti", "sltiu",
                                             "xori", nullptr, "ori",  "andi"};
        if (names[f3]) {
            b.alu(names[f3], rd, R(rs1) + ", " + std::to_string(imm_i));
        } else if (f3 == 1 && f7 == 0) {
            b.alu("slli", rd, R(rs1) + ", " + std::to_string(rs2));
        } else if (f3 == 5 && (f7 == 0 || f7 == 0x20)) {
            b.alu(f7 ? "srai" : "srli", rd, R(rs1) + ", " + std::to_string(rs2));
        }
        return;
    }
    case 0x33: {
        static const char* const base[8] = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
        static const char* const mul[8] = {"mul", "mulh", "mulhsu", "mulhu",
                                           "div", "divu", "rem",    "remu"};
        const std::string ops = R(rs1) + ", " + R(rs2);
        if (f7 == 0)
            b.alu(base[f3], rd, ops);
        else if (f7 == 1)
            b.alu(mul[f3], rd, ops);
        else if (f7 == 0x20 && (f3 == 0 || f3 == 5))
            b.alu(f3 ? "sra" : "sub", rd, ops);
        return;
    }
    case 0x0f:
        if (f3 == 0)
            b.op("fence");
        else if (f3 == 1)
            b.op("fence.i");
        return;
    case 0x2f: {
        if (f3 != 2) return;
        const unsigned f5 = x >> 27;
        const std::string suffix =
            std::string((x >> 26) & 1 ? ".aq" : "") + ((x >> 25) & 1 ? ".rl" : "");
        static const struct {
            unsigned f5;
            const char* name;
        } amos[] = {{0x01, "amoswap.w"}, {0x00, "amoadd.w"},  {0x04, "amoxor.w"},
                    {0x0c, "amoand.w"},  {0x08, "amoor.w"},   {0x10, "amomin.w"},
                    {0x14, "amomax.w"},  {0x18, "amominu.w"}, {0x1c, "amomaxu.w"}};
        b.i.base = uint8_t(rs1), b.i.size = 4, b.i.data = uint8_t(rs2), b.i.amo_op = uint8_t(f5);
        if (f5 == 0x02 && rs2 == 0) {
            b.alu("lr.w", rd, "(" + R(rs1) + ")");
            b.i.mnemonic += suffix;
            b.i.mem = insn_info::mem_kind::lr;
            return;
        }
        if (f5 == 0x03) {
            b.alu("sc.w", rd, R(rs2) + ", (" + R(rs1) + ")");
            b.i.mnemonic += suffix;
            b.i.mem = insn_info::mem_kind::sc;
            return;
        }
        for (const auto& a : amos)
            if (a.f5 == f5) {
                b.alu(a.name, rd, R(rs2) + ", (" + R(rs1) + ")");
                b.i.mnemonic += suffix;
                b.i.mem = insn_info::mem_kind::amo;
            }
        return;
    }
    case 0x73: {
        if (f3 == 0) {
            if (x == 0x00000073) b.op("ecall");
            if (x == 0x00100073) b.op("ebreak");
            if (x == 0x30200073) b.op("mret");
            if (x == 0x10200073) b.op("sret");
            if (x == 0x10500073) b.op("wfi");
            if (f7 == 0x09 && rd == 0) b.op("sfence.vma", R(rs1) + ", " + R(rs2));
            return;
        }
        static const char* const names[8] = {nullptr, "csrrw",  "csrrs",  "csrrc",
                                             nullptr, "csrrwi", "csrrsi", "csrrci"};
        if (!names[f3]) return;
        const unsigned csr = x >> 20;
        const std::string src = f3 >= 5 ? std::to_string(rs1) : R(rs1);
        b.alu(names[f3], rd, csr_text(csr) + ", " + src);
        if ((f3 & 3) == 1 || rs1 != 0) b.i.csr = int(csr); // csrrw(i) always writes
        return;
    }
    default:
        return;
    }
}

void decode16(builder& b, uint32_t x) {
    const unsigned q = x & 3, f3 = (x >> 13) & 7;
    const unsigned rd = (x >> 7) & 31, rs2 = (x >> 2) & 31;
    const unsigned rdp = 8 + ((x >> 2) & 7), rs1p = 8 + ((x >> 7) & 7);
    const int32_t imm6 = sext(((x >> 7) & 0x20) | ((x >> 2) & 0x1f), 6);
    const auto R = builder::r;
    if (q == 0) {
        const int32_t uimm = int32_t(((x >> 7) & 0x38) | ((x >> 4) & 4) | ((x << 1) & 0x40));
        if (f3 == 0) {
            const uint32_t nz =
                ((x >> 7) & 0x30) | ((x >> 1) & 0x3c0) | ((x >> 4) & 4) | ((x >> 2) & 8);
            if (nz) b.alu("c.addi4spn", rdp, "sp, " + std::to_string(nz));
        } else if (f3 == 2) {
            b.load("c.lw", rdp, rs1p, uimm, 4);
        } else if (f3 == 6) {
            b.store("c.sw", rdp, rs1p, uimm, 4);
        }
        return;
    }
    if (q == 1) {
        switch (f3) {
        case 0:
            if (rd == 0)
                b.op("c.nop");
            else
                b.alu("c.addi", rd, std::to_string(imm6));
            return;
        case 1:
        case 5: {
            const uint32_t off = ((x >> 1) & 0x800) | ((x >> 7) & 0x10) | ((x >> 1) & 0x300) |
                                 ((x << 2) & 0x400) | ((x >> 1) & 0x40) | ((x << 1) & 0x80) |
                                 ((x >> 2) & 0xe) | ((x << 3) & 0x20);
            b.op(f3 == 1 ? "c.jal" : "c.j", b.target(sext(off, 12)));
            if (f3 == 1) b.i.rd = 1; // RV32 only: writes ra
            return;
        }
        case 2:
            if (rd) b.alu("c.li", rd, std::to_string(imm6));
            return;
        case 3:
            if (rd == 2) {
                const uint32_t nz = ((x >> 3) & 0x200) | ((x >> 2) & 0x10) | ((x << 1) & 0x40) |
                                    ((x << 4) & 0x180) | ((x << 3) & 0x20);
                if (nz) b.alu("c.addi16sp", 2, std::to_string(sext(nz, 10)));
            } else if (rd && imm6) {
                b.alu("c.lui", rd, hex(uint32_t(imm6) & 0xfffff));
            }
            return;
        case 4: {
            const unsigned f2 = (x >> 10) & 3;
            const unsigned shamt = ((x >> 7) & 0x20) | ((x >> 2) & 0x1f);
            if (f2 == 0 && shamt < 32)
                b.alu("c.srli", rs1p, std::to_string(shamt));
            else if (f2 == 1 && shamt < 32)
                b.alu("c.srai", rs1p, std::to_string(shamt));
            else if (f2 == 2)
                b.alu("c.andi", rs1p, std::to_string(imm6));
            else if (f2 == 3 && !((x >> 12) & 1)) {
                static const char* const names[4] = {"c.sub", "c.xor", "c.or", "c.and"};
                b.alu(names[(x >> 5) & 3], rs1p, R(rdp));
            }
            return;
        }
        case 6:
        case 7: {
            const uint32_t off = ((x >> 4) & 0x100) | ((x >> 7) & 0x18) | ((x << 1) & 0xc0) |
                                 ((x >> 2) & 6) | ((x << 3) & 0x20);
            b.op(f3 == 6 ? "c.beqz" : "c.bnez", R(rs1p) + ", " + b.target(sext(off, 9)));
            return;
        }
        }
        return;
    }
    // q == 2
    switch (f3) {
    case 0: {
        const unsigned shamt = ((x >> 7) & 0x20) | ((x >> 2) & 0x1f);
        if (rd && shamt < 32) b.alu("c.slli", rd, std::to_string(shamt));
        return;
    }
    case 2: {
        const int32_t uimm = int32_t(((x >> 7) & 0x20) | ((x >> 2) & 0x1c) | ((x << 4) & 0xc0));
        if (rd) b.load("c.lwsp", rd, 2, uimm, 4);
        return;
    }
    case 4:
        if (!((x >> 12) & 1)) {
            if (rs2 == 0 && rd)
                b.op("c.jr", R(rd));
            else if (rs2 && rd)
                b.alu("c.mv", rd, R(rs2));
        } else {
            if (rd == 0 && rs2 == 0)
                b.op("c.ebreak");
            else if (rs2 == 0) {
                b.op("c.jalr", R(rd));
                b.i.rd = 1;
            } else if (rd)
                b.alu("c.add", rd, R(rs2));
        }
        return;
    case 6: {
        const int32_t uimm = int32_t(((x >> 7) & 0x3c) | ((x >> 1) & 0xc0));
        b.store("c.swsp", rs2, 2, uimm, 4);
        return;
    }
    }
}

} // namespace

insn_info decode_insn(uint32_t raw, uint32_t pc) {
    builder b{insn_info{}, pc};
    if ((raw & 3) != 3) {
        b.i.len = 2;
        decode16(b, raw & 0xffff);
    } else {
        decode32(b, raw);
    }
    if (!b.i.known) {
        insn_info u;
        u.len = b.i.len;
        u.mnemonic = "unknown";
        return u;
    }
    return b.i;
}

std::string disassemble(const insn_info& i) {
    std::string s = i.mnemonic;
    if (!i.operands.empty()) {
        if (s.size() < 8)
            s.resize(8, ' ');
        else
            s += ' ';
        s += i.operands;
    }
    return s;
}

const char* reg_name(unsigned i) {
    return abi[i & 31];
}

const char* csr_name(unsigned csr) {
    static const struct {
        unsigned n;
        const char* name;
    } names[] = {
        {0x001, "fflags"},        {0x002, "frm"},      {0x003, "fcsr"},       {0x100, "sstatus"},
        {0x104, "sie"},           {0x105, "stvec"},    {0x106, "scounteren"}, {0x10a, "senvcfg"},
        {0x140, "sscratch"},      {0x141, "sepc"},     {0x142, "scause"},     {0x143, "stval"},
        {0x144, "sip"},           {0x180, "satp"},     {0x300, "mstatus"},    {0x301, "misa"},
        {0x302, "medeleg"},       {0x303, "mideleg"},  {0x304, "mie"},        {0x305, "mtvec"},
        {0x306, "mcounteren"},    {0x30a, "menvcfg"},  {0x310, "mstatush"},   {0x31a, "menvcfgh"},
        {0x320, "mcountinhibit"}, {0x340, "mscratch"}, {0x341, "mepc"},       {0x342, "mcause"},
        {0x343, "mtval"},         {0x344, "mip"},      {0x3a0, "pmpcfg0"},    {0x3a1, "pmpcfg1"},
        {0x3a2, "pmpcfg2"},       {0x3a3, "pmpcfg3"},  {0x7a0, "tselect"},    {0x7a1, "tdata1"},
        {0x7a2, "tdata2"},        {0x7a3, "tdata3"},   {0x7b0, "dcsr"},       {0x7b1, "dpc"},
        {0x7b2, "dscratch0"},     {0xb00, "mcycle"},   {0xb02, "minstret"},   {0xb80, "mcycleh"},
        {0xb82, "minstreth"},     {0xc00, "cycle"},    {0xc01, "time"},       {0xc02, "instret"},
        {0xc80, "cycleh"},        {0xc81, "timeh"},    {0xc82, "instreth"},   {0xf11, "mvendorid"},
        {0xf12, "marchid"},       {0xf13, "mimpid"},   {0xf14, "mhartid"},    {0xf15, "mconfigptr"},
    };
    for (const auto& n : names)
        if (n.n == csr) return n.name;
    if (csr >= 0x3b0 && csr <= 0x3bf) {
        static const char* const pmpaddr[16] = {"pmpaddr0",  "pmpaddr1",  "pmpaddr2",  "pmpaddr3",
                                                "pmpaddr4",  "pmpaddr5",  "pmpaddr6",  "pmpaddr7",
                                                "pmpaddr8",  "pmpaddr9",  "pmpaddr10", "pmpaddr11",
                                                "pmpaddr12", "pmpaddr13", "pmpaddr14", "pmpaddr15"};
        return pmpaddr[csr - 0x3b0];
    }
    return nullptr;
}

uint32_t amo_result(uint8_t f5, uint32_t a, uint32_t b) {
    switch (f5) {
    case 0x01:
        return b;
    case 0x00:
        return a + b;
    case 0x04:
        return a ^ b;
    case 0x0c:
        return a & b;
    case 0x08:
        return a | b;
    case 0x10:
        return int32_t(a) < int32_t(b) ? a : b;
    case 0x14:
        return int32_t(a) > int32_t(b) ? a : b;
    case 0x18:
        return a < b ? a : b;
    case 0x1c:
        return a > b ? a : b;
    }
    return b;
}

} // namespace trvp::core
