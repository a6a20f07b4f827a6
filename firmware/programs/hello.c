/* hello: the default demo's guest. Prints who it runs on and exits 0. */
#include "trvp.h"

/* args[0]: number of extra "tick" lines to print (default 1). */
TRVP_ARGS(1);

int main(void) {
    uint32_t misa = csr_read(misa);
    char ext[27];
    int n = 0;
    for (int i = 0; i < 26; i++)
        if (misa & (1u << i)) ext[n++] = (char)('A' + i);
    ext[n] = '\0';

    printf("Hello from TRVP: RV32IM in M-mode, hart %u\n", csr_read(mhartid));
    printf("misa: 0x%08x RV%u%s [impl]\n", misa, 16u << (misa >> 30), ext);
    int ok = (misa >> 30) == 1 && (misa & (1u << ('I' - 'A'))) && (misa & (1u << ('M' - 'A')));
    printf("misa: %s\n", ok ? "RV32 with I and M" : "unexpected");

    uint64_t t0 = mtime_read();
    for (uint32_t i = 0; i < trvp_arg(0); i++) {
        uint64_t t;
        while ((t = mtime_read()) < t0 + TIMEBASE_HZ / 1000) /* 1 ms */
            ;
        printf("tick %u: mtime advanced by %llu ticks [impl]\n", i, t - t0);
        t0 = t;
    }
    printf("mtime: %s\n", mtime_read() > 0 ? "running" : "stopped");
    puts("hello: done");
    return ok ? 0 : 1;
}
