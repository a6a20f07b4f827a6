/* tohost_test: riscv-tests style. No console: it runs a few self-checks and ends
 * by writing (code << 1) | 1 to `tohost` (code 0 = pass, else the failed check).
 * Runs on a simulator that watches tohost (or `qemu-system-riscv32 -machine spike`). */
#include "trvp.h"

static volatile uint32_t data[16];

int main(void) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 16; i++) data[i] = i * i;
    for (uint32_t i = 0; i < 16; i++) sum += data[i];
    if (sum != 1240) tohost_exit(1);
    if ((volatile uint64_t)0x123456789ull / 3 != 0x61172283ull) tohost_exit(2);
    tohost_exit(0);
}
