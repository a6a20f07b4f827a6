// RV32M: multiply and divide (division by zero and overflow per the spec, no traps).
#include "hart.h"
#include "isa.h"

#include <climits>

namespace trvp::core {

namespace {
using D = const decoded_insn&;

int64_t s64(uint32_t v) {
    return int32_t(v);
}

void mul(hart& h, D d) {
    h.x(d.rd) = h.x(d.rs1) * h.x(d.rs2);
}
void mulh(hart& h, D d) {
    h.x(d.rd) = uint32_t((s64(h.x(d.rs1)) * s64(h.x(d.rs2))) >> 32);
}
void mulhsu(hart& h, D d) {
    h.x(d.rd) = uint32_t((s64(h.x(d.rs1)) * int64_t(uint64_t(h.x(d.rs2)))) >> 32);
}
void mulhu(hart& h, D d) {
    h.x(d.rd) = uint32_t((uint64_t(h.x(d.rs1)) * h.x(d.rs2)) >> 32);
}

void div(hart& h, D d) {
    auto a = int32_t(h.x(d.rs1)), b = int32_t(h.x(d.rs2));
    int32_t r = b == 0 ? -1 : (a == INT_MIN && b == -1) ? INT_MIN : a / b;
    h.x(d.rd) = uint32_t(r);
}
void divu(hart& h, D d) {
    uint32_t a = h.x(d.rs1), b = h.x(d.rs2);
    h.x(d.rd) = b == 0 ? 0xffffffffu : a / b;
}
void rem(hart& h, D d) {
    auto a = int32_t(h.x(d.rs1)), b = int32_t(h.x(d.rs2));
    int32_t r = b == 0 ? a : (a == INT_MIN && b == -1) ? 0 : a % b;
    h.x(d.rd) = uint32_t(r);
}
void remu(hart& h, D d) {
    uint32_t a = h.x(d.rs1), b = h.x(d.rs2);
    h.x(d.rd) = b == 0 ? a : a % b;
}

using F = insn_format;
using C = timing_class;
const insn_desc rows[] = {
    {"mul", enc(0x33, 0, 1), mask_f7, F::r, C::mul, mul},
    {"mulh", enc(0x33, 1, 1), mask_f7, F::r, C::mul, mulh},
    {"mulhsu", enc(0x33, 2, 1), mask_f7, F::r, C::mul, mulhsu},
    {"mulhu", enc(0x33, 3, 1), mask_f7, F::r, C::mul, mulhu},
    {"div", enc(0x33, 4, 1), mask_f7, F::r, C::div, div},
    {"divu", enc(0x33, 5, 1), mask_f7, F::r, C::div, divu},
    {"rem", enc(0x33, 6, 1), mask_f7, F::r, C::div, rem},
    {"remu", enc(0x33, 7, 1), mask_f7, F::r, C::div, remu},
};
} // namespace

void add_rv32m(isa_table& t) {
    for (auto& r : rows) t.add(r);
}

} // namespace trvp::core
