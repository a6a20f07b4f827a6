/* libc_test: checks the runtime's mem and str functions, printf formatting and the
 * 64-bit integer helpers. Prints one line per group and exits 0. */
#include "trvp.h"

uint64_t __udivdi3(uint64_t, uint64_t);
uint64_t __umoddi3(uint64_t, uint64_t);
int64_t __divdi3(int64_t, int64_t);
int64_t __moddi3(int64_t, int64_t);
uint64_t __muldi3(uint64_t, uint64_t);
uint64_t __ashldi3(uint64_t, int);
uint64_t __lshrdi3(uint64_t, int);
int64_t __ashrdi3(int64_t, int);

static unsigned checks, failures, group_failures;

static void check(const char* what, int ok) {
    checks++;
    if (!ok) {
        failures++;
        group_failures++;
        printf("FAIL: %s\n", what);
    }
}

static void group_end(const char* name) {
    printf("%s: %s\n", name, group_failures ? "FAILED" : "ok");
    group_failures = 0;
}

static uint8_t a[96], b[96], ref[96];

static void fill(uint8_t* p, size_t n, uint8_t seed) {
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(seed + i * 7);
}

static void test_mem(void) {
    int ok = 1;
    for (size_t so = 0; so < 4; so++)
        for (size_t d = 0; d < 4; d++)
            for (size_t n = 0; n < 40; n++) {
                fill(a, sizeof a, 1);
                fill(b, sizeof b, 100);
                fill(ref, sizeof ref, 100);
                for (size_t i = 0; i < n; i++) ref[d + i] = a[so + i];
                if (memcpy(b + d, a + so, n) != b + d || memcmp(b, ref, sizeof b) != 0) ok = 0;
            }
    check("memcpy all alignments and lengths", ok);

    ok = 1;
    for (size_t d = 0; d < 4; d++)
        for (size_t n = 0; n < 40; n++) {
            fill(b, sizeof b, 3);
            fill(ref, sizeof ref, 3);
            for (size_t i = 0; i < n; i++) ref[d + i] = 0xa5;
            if (memset(b + d, 0x1a5, n) != b + d || memcmp(b, ref, sizeof b) != 0) ok = 0;
        }
    check("memset all alignments and lengths", ok);

    ok = 1;
    for (int shift = -9; shift <= 9; shift++)
        for (size_t n = 0; n < 30; n++) {
            fill(b, sizeof b, 9);
            fill(ref, sizeof ref, 9);
            uint8_t tmp[40];
            for (size_t i = 0; i < n; i++) tmp[i] = ref[30 + i];
            for (size_t i = 0; i < n; i++) ref[30 + shift + i] = tmp[i];
            memmove(b + 30 + shift, b + 30, n);
            if (memcmp(b, ref, sizeof b) != 0) ok = 0;
        }
    check("memmove overlapping both ways", ok);

    check("memcmp equal", memcmp("abc", "abc", 3) == 0);
    check("memcmp less", memcmp("abc", "abd", 3) < 0);
    check("memcmp unsigned bytes", memcmp("\x80", "\x01", 1) > 0);
    check("memcmp n=0", memcmp("a", "b", 0) == 0);
    check("strlen", strlen("") == 0 && strlen("hello") == 5);
    check("strcmp", strcmp("abc", "abc") == 0 && strcmp("ab", "abc") < 0 && strcmp("b", "a") > 0);
    group_end("mem/str");
}

static void expect_fmt(const char* want, const char* fmt, ...) {
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    int ok = strcmp(buf, want) == 0 && n == (int)strlen(want);
    check(fmt, ok);
    if (!ok) printf("  got \"%s\" want \"%s\"\n", buf, want);
}

static void test_printf(void) {
    expect_fmt("42 -42 0", "%d %d %d", 42, -42, 0);
    expect_fmt("-2147483648", "%d", (int)0x80000000);
    expect_fmt("4294967295", "%u", 0xffffffffu);
    expect_fmt("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
    expect_fmt("0000002a", "%08x", 42u);
    expect_fmt("   42|42   |", "%5d|%-5d|", 42, 42);
    expect_fmt("-0042", "%05d", -42);
    expect_fmt("s=hi c=! %", "s=%s c=%c %%", "hi", '!');
    expect_fmt("[  ab]", "[%4s]", "ab");
    expect_fmt("18446744073709551615", "%llu", 0xffffffffffffffffull);
    expect_fmt("-9223372036854775808", "%lld", (long long)0x8000000000000000ull);
    expect_fmt("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
    expect_fmt("0x80000000", "%p", (void*)0x80000000u);
    char small[4];
    int n = snprintf(small, sizeof small, "%s", "truncate");
    check("snprintf truncates", n == 8 && strcmp(small, "tru") == 0);
    group_end("printf");
}

static volatile uint64_t vn[] = {0,
                                 1,
                                 7,
                                 0xffffffffull,
                                 0x100000000ull,
                                 0x123456789abcdef0ull,
                                 0xffffffffffffffffull,
                                 0x8000000000000000ull,
                                 1000000007ull};

static void test_int64(void) {
    check("udiv const", __udivdi3(0x123456789abcdef0ull, 1000) == 0x4a90be587de6eull);
    check("umod const", __umoddi3(0x123456789abcdef0ull, 1000) == 0x140);
    check("div signs",
          __divdi3(-100, 7) == -14 && __divdi3(100, -7) == -14 && __divdi3(-100, -7) == 14);
    check("mod signs", __moddi3(-100, 7) == -2 && __moddi3(100, -7) == 2);
    check("udiv by 0", __udivdi3(5, 0) == ~0ull && __umoddi3(5, 0) == 5);
    check("mul", __muldi3(0x123456789ull, 0xabcdef01ull) == 0x123456789ull * 0xabcdef01ull &&
                     __muldi3(0xffffffffffffffffull, 3) == 0xfffffffffffffffdull);
    check("shl", __ashldi3(1, 0) == 1 && __ashldi3(1, 31) == 0x80000000ull &&
                     __ashldi3(1, 32) == 0x100000000ull && __ashldi3(3, 63) == 1ull << 63);
    check("lshr", __lshrdi3(1ull << 63, 63) == 1 && __lshrdi3(0xff00000000ull, 36) == 0xf &&
                      __lshrdi3(0x80000001ull, 1) == 0x40000000ull);
    check("ashr", __ashrdi3(INT64_MIN, 63) == -1 && __ashrdi3(-256, 4) == -16 &&
                      __ashrdi3(INT64_MIN, 32) == (int64_t)0xffffffff80000000ull);
    int ok = 1;
    unsigned cnt = sizeof vn / sizeof vn[0];
    for (unsigned i = 0; i < cnt; i++)
        for (unsigned j = 1; j < cnt; j++) {
            uint64_t n = vn[i], d = vn[j], q = n / d, r = n % d;
            if (r >= d || q * d + r != n) ok = 0;
        }
    check("n == q*d + r, r < d", ok);
    group_end("int64");
}

int main(void) {
    test_mem();
    test_printf();
    test_int64();
    if (failures) {
        printf("libc_test: %u of %u checks FAILED\n", failures, checks);
        return 1;
    }
    printf("libc_test: %u checks passed\n", checks);
    return 0;
}
