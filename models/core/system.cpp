// Zicsr and the privileged instructions (mret, sret, wfi, sfence.vma).
#include "hart.h"
#include "isa.h"

namespace trvp::core {

namespace {
using D = const decoded_insn&;

void csrrw(hart& h, D d) {
    h.do_csr(d, 0, h.x(d.rs1));
}
void csrrs(hart& h, D d) {
    h.do_csr(d, 1, h.x(d.rs1));
}
void csrrc(hart& h, D d) {
    h.do_csr(d, 2, h.x(d.rs1));
}
void csrrwi(hart& h, D d) {
    h.do_csr(d, 0, d.rs1);
}
void csrrsi(hart& h, D d) {
    h.do_csr(d, 1, d.rs1);
}
void csrrci(hart& h, D d) {
    h.do_csr(d, 2, d.rs1);
}

void mret(hart& h, D) {
    h.do_mret();
}
void sret(hart& h, D) {
    h.do_sret();
}
void wfi(hart& h, D) {
    h.do_wfi();
}
void sfence_vma(hart& h, D d) {
    h.do_sfence_vma(d);
}

using F = insn_format;
using C = timing_class;
const insn_desc csr_rows[] = {
    {"csrrw", enc(0x73, 1), mask_f3, F::csr, C::csr, csrrw},
    {"csrrs", enc(0x73, 2), mask_f3, F::csr, C::csr, csrrs},
    {"csrrc", enc(0x73, 3), mask_f3, F::csr, C::csr, csrrc},
    {"csrrwi", enc(0x73, 5), mask_f3, F::csr, C::csr, csrrwi},
    {"csrrsi", enc(0x73, 6), mask_f3, F::csr, C::csr, csrrsi},
    {"csrrci", enc(0x73, 7), mask_f3, F::csr, C::csr, csrrci},
};
const insn_desc system_rows[] = {
    {"mret", 0x30200073, mask_all, F::none, C::system, mret},
    {"sret", 0x10200073, mask_all, F::none, C::system, sret},
    {"wfi", 0x10500073, mask_all, F::none, C::system, wfi},
    {"sfence.vma", 0x12000073, 0xfe007fff, F::r, C::system, sfence_vma},
};
} // namespace

void add_zicsr(isa_table& t) {
    for (auto& r : csr_rows) t.add(r);
}

void add_system(isa_table& t) {
    for (auto& r : system_rows) t.add(r);
}

} // namespace trvp::core
