// RV32I base integer instructions (fence.i of Zifencei included).
#include "hart.h"
#include "isa.h"

namespace trvp::core {

namespace {
using D = const decoded_insn&;

void lui(hart& h, D d) {
    h.x(d.rd) = uint32_t(d.imm);
}
void auipc(hart& h, D d) {
    h.x(d.rd) = h.cur_pc() + uint32_t(d.imm);
}

// Control transfers: the link is the address of the next instruction (pc + 2 for c.jal and
// c.jalr). Without RV32C a target that is not 4-byte aligned raises on the jump; with it
// every target is 2-byte aligned (branch offsets are even, jalr clears bit 0).
void jump_to(hart& h, D d, uint32_t target) {
    if (target & h.ialign_mask()) {
        h.raise(exception::insn_misaligned, target);
        return;
    }
    h.x(d.rd) = h.next_pc(); // pc + 2 or pc + 4
    h.set_next_pc(target);
}
void jal(hart& h, D d) {
    jump_to(h, d, h.cur_pc() + uint32_t(d.imm));
}
void jalr(hart& h, D d) {
    jump_to(h, d, (h.x(d.rs1) + uint32_t(d.imm)) & ~1u);
}

template <typename Cmp>
void branch(hart& h, D d) {
    if (Cmp{}(h.x(d.rs1), h.x(d.rs2))) {
        uint32_t target = h.cur_pc() + uint32_t(d.imm);
        if (target & h.ialign_mask())
            h.raise(exception::insn_misaligned, target);
        else
            h.set_next_pc(target);
    }
}
struct eq {
    bool operator()(uint32_t a, uint32_t b) { return a == b; }
};
struct ne {
    bool operator()(uint32_t a, uint32_t b) { return a != b; }
};
struct lt {
    bool operator()(uint32_t a, uint32_t b) { return int32_t(a) < int32_t(b); }
};
struct ge {
    bool operator()(uint32_t a, uint32_t b) { return int32_t(a) >= int32_t(b); }
};
struct ltu {
    bool operator()(uint32_t a, uint32_t b) { return a < b; }
};
struct geu {
    bool operator()(uint32_t a, uint32_t b) { return a >= b; }
};

template <typename T>
void load(hart& h, D d) {
    T v;
    if (h.load<T>(h.x(d.rs1) + uint32_t(d.imm), v))
        h.x(d.rd) = uint32_t(std::make_signed_t<T>(v)); // sign-extend...
}
template <typename T>
void load_u(hart& h, D d) {
    T v;
    if (h.load<T>(h.x(d.rs1) + uint32_t(d.imm), v)) h.x(d.rd) = v; // ...or zero-extend
}
template <typename T>
void store(hart& h, D d) {
    h.store<T>(h.x(d.rs1) + uint32_t(d.imm), T(h.x(d.rs2)));
}

void addi(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) + uint32_t(d.imm);
}
void slti(hart& h, D d) {
    h.x(d.rd) = int32_t(h.x(d.rs1)) < d.imm;
}
void sltiu(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) < uint32_t(d.imm);
}
void xori(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) ^ uint32_t(d.imm);
}
void ori(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) | uint32_t(d.imm);
}
void andi(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) & uint32_t(d.imm);
}
void slli(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) << (d.imm & 31);
}
void srli(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) >> (d.imm & 31);
}
void srai(hart& h, D d) {
    h.x(d.rd) = uint32_t(int32_t(h.x(d.rs1)) >> (d.imm & 31));
}

void add(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) + h.x(d.rs2);
}
void sub(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) - h.x(d.rs2);
}
void sll(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) << (h.x(d.rs2) & 31);
}
void slt(hart& h, D d) {
    h.x(d.rd) = int32_t(h.x(d.rs1)) < int32_t(h.x(d.rs2));
}
void sltu(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) < h.x(d.rs2);
}
void xor_(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) ^ h.x(d.rs2);
}
void srl(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) >> (h.x(d.rs2) & 31);
}
void sra(hart& h, D d) {
    h.x(d.rd) = uint32_t(int32_t(h.x(d.rs1)) >> (h.x(d.rs2) & 31));
}
void or_(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) | h.x(d.rs2);
}
void and_(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) & h.x(d.rs2);
}

void fence(hart&, D) {} // one hart, in-order, no store buffer
void fence_i(hart& h, D) {
    h.do_fence_i();
}
void ecall(hart& h, D) {
    h.do_ecall();
}
void ebreak(hart& h, D) {
    h.raise(exception::breakpoint, h.cur_pc());
}

using F = insn_format;
using C = timing_class;
const insn_desc rows[] = {
    {"lui", enc(0x37), mask_op, F::u, C::alu, lui},
    {"auipc", enc(0x17), mask_op, F::u, C::alu, auipc},
    {"jal", enc(0x6f), mask_op, F::j, C::jump, jal},
    {"jalr", enc(0x67, 0), mask_f3, F::i, C::jump, jalr},
    {"beq", enc(0x63, 0), mask_f3, F::b, C::branch, branch<eq>},
    {"bne", enc(0x63, 1), mask_f3, F::b, C::branch, branch<ne>},
    {"blt", enc(0x63, 4), mask_f3, F::b, C::branch, branch<lt>},
    {"bge", enc(0x63, 5), mask_f3, F::b, C::branch, branch<ge>},
    {"bltu", enc(0x63, 6), mask_f3, F::b, C::branch, branch<ltu>},
    {"bgeu", enc(0x63, 7), mask_f3, F::b, C::branch, branch<geu>},
    {"lb", enc(0x03, 0), mask_f3, F::i, C::load, load<uint8_t>},
    {"lh", enc(0x03, 1), mask_f3, F::i, C::load, load<uint16_t>},
    {"lw", enc(0x03, 2), mask_f3, F::i, C::load, load_u<uint32_t>},
    {"lbu", enc(0x03, 4), mask_f3, F::i, C::load, load_u<uint8_t>},
    {"lhu", enc(0x03, 5), mask_f3, F::i, C::load, load_u<uint16_t>},
    {"sb", enc(0x23, 0), mask_f3, F::s, C::store, store<uint8_t>},
    {"sh", enc(0x23, 1), mask_f3, F::s, C::store, store<uint16_t>},
    {"sw", enc(0x23, 2), mask_f3, F::s, C::store, store<uint32_t>},
    {"addi", enc(0x13, 0), mask_f3, F::i, C::alu, addi},
    {"slti", enc(0x13, 2), mask_f3, F::i, C::alu, slti},
    {"sltiu", enc(0x13, 3), mask_f3, F::i, C::alu, sltiu},
    {"xori", enc(0x13, 4), mask_f3, F::i, C::alu, xori},
    {"ori", enc(0x13, 6), mask_f3, F::i, C::alu, ori},
    {"andi", enc(0x13, 7), mask_f3, F::i, C::alu, andi},
    {"slli", enc(0x13, 1, 0x00), mask_f7, F::i, C::alu, slli},
    {"srli", enc(0x13, 5, 0x00), mask_f7, F::i, C::alu, srli},
    {"srai", enc(0x13, 5, 0x20), mask_f7, F::i, C::alu, srai},
    {"add", enc(0x33, 0, 0x00), mask_f7, F::r, C::alu, add},
    {"sub", enc(0x33, 0, 0x20), mask_f7, F::r, C::alu, sub},
    {"sll", enc(0x33, 1, 0x00), mask_f7, F::r, C::alu, sll},
    {"slt", enc(0x33, 2, 0x00), mask_f7, F::r, C::alu, slt},
    {"sltu", enc(0x33, 3, 0x00), mask_f7, F::r, C::alu, sltu},
    {"xor", enc(0x33, 4, 0x00), mask_f7, F::r, C::alu, xor_},
    {"srl", enc(0x33, 5, 0x00), mask_f7, F::r, C::alu, srl},
    {"sra", enc(0x33, 5, 0x20), mask_f7, F::r, C::alu, sra},
    {"or", enc(0x33, 6, 0x00), mask_f7, F::r, C::alu, or_},
    {"and", enc(0x33, 7, 0x00), mask_f7, F::r, C::alu, and_},
    {"fence", enc(0x0f, 0), mask_f3, F::none, C::fence, fence},
    {"fence.i", enc(0x0f, 1), mask_f3, F::none, C::fence, fence_i},
    {"ecall", 0x00000073, mask_all, F::none, C::system, ecall},
    {"ebreak", 0x00100073, mask_all, F::none, C::system, ebreak},
};
} // namespace

void add_rv32i(isa_table& t) {
    for (auto& r : rows) t.add(r);
}

} // namespace trvp::core
