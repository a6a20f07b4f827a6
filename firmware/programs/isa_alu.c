/* isa_test groups for the unprivileged instructions: ALU, branches, jumps,
 * loads/stores, multiply and divide. */
#include "isa_test.h"

#define MIN 0x80000000u
#define MAX 0x7fffffffu
#define ONES 0xffffffffu

void test_alu(void) {
    check("add wrap", RR("add", MAX, 1), MIN);
    check("add carry out", RR("add", ONES, 1), 0);
    check("sub wrap", RR("sub", MIN, 1), MAX);
    check("sub borrow", RR("sub", 0, 1), ONES);
    check("and", RR("and", 0xf0f0ff00, 0x0ff0f0f0), 0x00f0f000);
    check("or", RR("or", 0xf0f0ff00, 0x0ff0f0f0), 0xfff0fff0);
    check("xor", RR("xor", 0xf0f0ff00, 0x0ff0f0f0), 0xff000ff0);
    check("sll 0", RR("sll", 0x12345678, 0), 0x12345678);
    check("sll 31", RR("sll", 3, 31), MIN);
    check("sll uses 5 bits", RR("sll", 1, 33), 2);
    check("srl 31", RR("srl", MIN, 31), 1);
    check("srl 0", RR("srl", MIN, 0), MIN);
    check("srl uses 5 bits", RR("srl", MIN, 32 + 4), 0x08000000);
    check("sra 31", RR("sra", MIN, 31), ONES);
    check("sra positive", RR("sra", MAX, 30), 1);
    check("sra 0", RR("sra", 0x80000001, 0), 0x80000001);
    check("slt -1<1", RR("slt", ONES, 1), 1);
    check("slt 1<-1", RR("slt", 1, ONES), 0);
    check("slt equal", RR("slt", 5, 5), 0);
    check("slt MIN<MAX", RR("slt", MIN, MAX), 1);
    check("sltu -1<1", RR("sltu", ONES, 1), 0);
    check("sltu 1<-1", RR("sltu", 1, ONES), 1);
    check("sltu 0<x (snez)", RR("sltu", 0, 7), 1);
    check("addi max", RI("addi", 0, 2047), 2047);
    check("addi min", RI("addi", 0, -2048), 0xfffff800);
    check("addi wrap", RI("addi", MAX, 1), MIN);
    check("andi sign-extends", RI("andi", 0x12345678, -16), 0x12345670);
    check("ori", RI("ori", 0x12345600, 0x78), 0x12345678);
    check("xori -1 (not)", RI("xori", 0x0f0f0f0f, -1), 0xf0f0f0f0);
    check("slti", RI("slti", ONES, 0), 1);
    check("slti neg imm", RI("slti", 0, -1), 0);
    check("sltiu -1 imm", RI("sltiu", 5, -1), 1);
    check("sltiu seqz", RI("sltiu", 0, 1), 1);
    check("slli 31", RI("slli", 1, 31), MIN);
    check("slli 0", RI("slli", 0xabc, 0), 0xabc);
    check("srli 31", RI("srli", ONES, 31), 1);
    check("srai 31", RI("srai", MIN, 31), ONES);
    check("srai 0", RI("srai", MIN, 0), MIN);
    check("srai 4", RI("srai", 0xf0000000, 4), 0xff000000);

    uint32_t r, a;
    __asm__ volatile("lui %0, 0xfffff" : "=r"(r));
    check("lui top", r, 0xfffff000);
    __asm__ volatile("lui %0, 0x80000" : "=r"(r));
    check("lui sign", r, MIN);
    __asm__ volatile("1: auipc %0, 0\n\tla %1, 1b" : "=r"(r), "=r"(a));
    check("auipc 0", r, a);
    __asm__ volatile("1: auipc %0, 1\n\tla %1, 1b" : "=r"(r), "=r"(a));
    check("auipc 1", r, a + 0x1000);
    __asm__ volatile("1: auipc %0, 0xfffff\n\tla %1, 1b" : "=r"(r), "=r"(a));
    check("auipc -1", r, a - 0x1000);
    __asm__ volatile("li t0, 5\n\tadd x0, t0, t0\n\taddi x0, x0, 7\n\tmv %0, x0" : "=r"(r)::"t0");
    check("x0 stays 0", r, 0);
}

void test_branch(void) {
    check("beq taken", BR("beq", 7, 7), 1);
    check("beq not", BR("beq", 7, 8), 0);
    check("bne taken", BR("bne", 7, 8), 1);
    check("bne not", BR("bne", 0x80000000, 0x80000000), 0);
    check("blt neg<pos", BR("blt", -1, 1), 1);
    check("blt pos<neg", BR("blt", 1, -1), 0);
    check("blt equal", BR("blt", -5, -5), 0);
    check("blt MIN<MAX", BR("blt", MIN, MAX), 1);
    check("bge equal", BR("bge", -5, -5), 1);
    check("bge pos>=neg", BR("bge", 1, -1), 1);
    check("bge neg>=pos", BR("bge", -1, 1), 0);
    check("bltu 1<-1", BR("bltu", 1, -1), 1);
    check("bltu -1<1", BR("bltu", -1, 1), 0);
    check("bltu equal", BR("bltu", 3, 3), 0);
    check("bgeu -1>=1", BR("bgeu", -1, 1), 1);
    check("bgeu 1>=-1", BR("bgeu", 1, -1), 0);
    check("bgeu equal", BR("bgeu", 0, 0), 1);

    uint32_t n;
    __asm__ volatile("li %0, 0\n\tli t0, 10\n1:\taddi %0, %0, 3\n\taddi t0, t0, -1\n\tbnez t0, 1b"
                     : "=&r"(n)::"t0");
    check("backward loop", n, 30);
}

void test_jump(void) {
    uint32_t link, want, hit;
    __asm__ volatile("la %1, 1f\n\tjal %0, 2f\n1:\tnop\n2:" : "=r"(link), "=&r"(want));
    check("jal link", link, want);
    __asm__ volatile("li %2, 0\n\tla t0, 2f\n\taddi t0, t0, 1\n\tla %1, 1f\n\t"
                     "jalr %0, 0(t0)\n1:\tj 3f\n2:\tli %2, 1\n3:"
                     : "=&r"(link), "=&r"(want), "=&r"(hit)::"t0");
    check("jalr clears bit 0", hit, 1);
    check("jalr link", link, want);
    __asm__ volatile("li %0, 0\n\tla t0, 2f + 8\n\tjalr ra, -8(t0)\n\tj 3f\n2:\tli %0, 1\n3:"
                     : "=&r"(hit)::"t0", "ra");
    check("jalr negative offset", hit, 1);
    __asm__ volatile("li %1, 0\n\tla %0, 2f\n\tjalr %0, 0(%0)\n1:\tj 3f\n2:\tli %1, 1\n3:"
                     : "=&r"(link), "=&r"(hit));
    check("jalr rd == rs1", hit, 1);
    __asm__ volatile("la %0, 1f\n\tjalr x0, 0(%0)\n\tli %0, 0\n1:" : "=&r"(hit));
    check("jalr rd = x0", hit != 0, 1);
}

void test_load_store(void) {
    static volatile uint32_t mem[4] __attribute__((aligned(16)));
    volatile uint32_t* m = mem;
    mem[0] = 0x74830281; /* bytes 81 02 83 74 */
    mem[1] = 0x8001ff7f; /* bytes 7f ff 01 80 */
    check("lb +0", LD("lb", m, 0), 0xffffff81);
    check("lb +1", LD("lb", m, 1), 0x02);
    check("lb +2", LD("lb", m, 2), 0xffffff83);
    check("lb +3", LD("lb", m, 3), 0x74);
    check("lbu +0", LD("lbu", m, 0), 0x81);
    check("lbu +1", LD("lbu", m, 1), 0x02);
    check("lbu +2", LD("lbu", m, 2), 0x83);
    check("lbu +3", LD("lbu", m, 3), 0x74);
    check("lh +0", LD("lh", m, 0), 0x0281);
    check("lh +2", LD("lh", m, 2), 0x7483);
    check("lh +4 neg", LD("lh", m, 4), 0xffffff7f);
    check("lh +6 neg", LD("lh", m, 6), 0xffff8001);
    check("lhu +4", LD("lhu", m, 4), 0xff7f);
    check("lhu +6", LD("lhu", m, 6), 0x8001);
    check("lw +0", LD("lw", m, 0), 0x74830281);
    check("lw +4", LD("lw", m, 4), 0x8001ff7f);
    check("lw -4", LD("lw", m + 2, -4), 0x8001ff7f);

    mem[2] = 0;
    ST("sb", m, 8, 0x1a2b3c11);
    ST("sb", m, 9, 0x22);
    ST("sb", m, 10, 0x33);
    ST("sb", m, 11, 0x44);
    check("sb each byte", mem[2], 0x44332211);
    ST("sh", m, 8, 0xdead5566);
    check("sh +0", mem[2], 0x44335566);
    ST("sh", m, 10, 0x7788);
    check("sh +2", mem[2], 0x77885566);
    ST("sw", m, 12, 0xcafef00d);
    check("sw", mem[3], 0xcafef00d);
    ST("sw", m + 4, -4, 0x01234567);
    check("sw -4", mem[3], 0x01234567);
    check("neighbours untouched", mem[0] ^ mem[1], 0x74830281 ^ 0x8001ff7f);
}

void test_mul(void) {
    check("mul", RR("mul", 0x12345678, 0x9abcdef0), 0x242d2080);
    check("mul wrap", RR("mul", MAX, 2), 0xfffffffe);
    check("mul -1*-1", RR("mul", ONES, ONES), 1);
    check("mulh", RR("mulh", 0x12345678, 0x9abcdef0), 0xf8cc93d6);
    check("mulh -1*-1", RR("mulh", ONES, ONES), 0);
    check("mulh MIN*MIN", RR("mulh", MIN, MIN), 0x40000000);
    check("mulh MIN*-1", RR("mulh", MIN, ONES), 0);
    check("mulhu", RR("mulhu", 0x12345678, 0x9abcdef0), 0x0b00ea4e);
    check("mulhu max", RR("mulhu", ONES, ONES), 0xfffffffe);
    check("mulhsu pos*big", RR("mulhsu", 0x12345678, 0x9abcdef0), 0x0b00ea4e);
    check("mulhsu neg*big", RR("mulhsu", 0x9abcdef0, 0x12345678), 0xf8cc93d6);
    check("mulhsu -1*max", RR("mulhsu", ONES, ONES), ONES);
    check("mulhsu MIN*max", RR("mulhsu", MIN, ONES), MIN);
}

void test_div(void) {
    check("div trunc", RR("div", 7, -2), (uint32_t)-3);
    check("div neg", RR("div", -7, 2), (uint32_t)-3);
    check("rem sign of dividend", RR("rem", 7, -2), 1);
    check("rem neg", RR("rem", -7, 2), (uint32_t)-1);
    check("divu", RR("divu", 0xfffffffe, 2), 0x7fffffff);
    check("remu", RR("remu", 0xffffffff, 10), 5);
    check("div by 0", RR("div", 42, 0), ONES);
    check("div neg by 0", RR("div", -42, 0), ONES);
    check("divu by 0", RR("divu", 42, 0), ONES);
    check("rem by 0", RR("rem", -42, 0), (uint32_t)-42);
    check("remu by 0", RR("remu", 0x87654321, 0), 0x87654321);
    check("div MIN/-1", RR("div", MIN, ONES), MIN);
    check("rem MIN/-1", RR("rem", MIN, ONES), 0);
    check("divu MIN/ones", RR("divu", MIN, ONES), 0);
    check("remu MIN/ones", RR("remu", MIN, ONES), MIN);
}
