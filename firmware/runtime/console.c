/* UART console and a small printf: %d %i %u %x %X %p (0x...) %s %c %%, the l and ll
 * length modifiers, a field width and the '0' and '-' flags (e.g. %08x, %-6s). */
#include "trvp.h"

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

int putchar(int c) {
    volatile uint8_t* uart = (volatile uint8_t*)UART_BASE;
    while (!(uart[UART_LSR] & LSR_THRE))
        ;
    uart[UART_THR] = (uint8_t)c;
    return c;
}

void putstr(const char* s) {
    while (*s) putchar(*s++);
}

int puts(const char* s) {
    putstr(s);
    putchar('\n');
    return 0;
}

/* Output sink: a buffer with a limit, or the UART when buf is NULL. */
struct sink {
    char* buf;
    size_t cap, len;
};

static void emit(struct sink* o, char c) {
    if (!o->buf)
        putchar(c);
    else if (o->len + 1 < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

static void emit_padded(struct sink* o, const char* s, size_t n, int width, char pad, int left) {
    int fill = width > (int)n ? width - (int)n : 0;
    if (!left)
        while (fill-- > 0) emit(o, pad);
    while (n--) emit(o, *s++);
    if (left)
        while (fill-- > 0) emit(o, ' ');
}

static int format(struct sink* o, const char* fmt, va_list ap) {
    char tmp[24];
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(o, *fmt);
            continue;
        }
        int left = 0, width = 0, lng = 0;
        char pad = ' ';
        for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = 1;
            else
                pad = '0';
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++) width = width * 10 + (*fmt - '0');
        for (; *fmt == 'l'; fmt++) lng++;
        if (left) pad = ' ';
        char c = *fmt;
        if (c == '\0') break;
        if (c == '%') {
            emit(o, '%');
            continue;
        }
        if (c == 's') {
            const char* s = va_arg(ap, const char*);
            if (!s) s = "(null)";
            emit_padded(o, s, strlen(s), width, ' ', left);
            continue;
        }
        if (c == 'c') {
            tmp[0] = (char)va_arg(ap, int);
            emit_padded(o, tmp, 1, width, ' ', left);
            continue;
        }
        if (c != 'd' && c != 'i' && c != 'u' && c != 'x' && c != 'X' && c != 'p') {
            emit(o, '%');
            emit(o, c);
            continue;
        }
        uint64_t v;
        int neg = 0;
        if (c == 'p') {
            v = (uintptr_t)va_arg(ap, void*);
            c = 'x';
            emit(o, '0');
            emit(o, 'x');
        } else if (c == 'd' || c == 'i') {
            int64_t s = lng >= 2 ? va_arg(ap, long long) : (int64_t)va_arg(ap, int);
            neg = s < 0;
            v = neg ? 0 - (uint64_t)s : (uint64_t)s;
        } else {
            v = lng >= 2 ? va_arg(ap, unsigned long long) : (uint64_t)va_arg(ap, unsigned);
        }
        unsigned base = (c == 'x' || c == 'X') ? 16 : 10;
        const char* digits = c == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        char* p = tmp + sizeof tmp;
        do {
            /* 32-bit values take the cheap path (no __udivdi3). */
            if (v >> 32) {
                *--p = digits[v % base];
                v /= base;
            } else {
                uint32_t w = (uint32_t)v;
                *--p = digits[w % base];
                v = w / base;
            }
        } while (v);
        if (neg) {
            if (pad == '0' && width > 0) { /* sign goes before zero padding */
                emit(o, '-');
                width--;
            } else {
                *--p = '-';
            }
        }
        emit_padded(o, p, (size_t)(tmp + sizeof tmp - p), width, pad, left);
    }
    return (int)o->len;
}

int vprintf(const char* fmt, va_list ap) {
    struct sink o = {0, 0, 0};
    return format(&o, fmt, ap);
}

int printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char* buf, size_t n, const char* fmt, va_list ap) {
    char dummy;
    struct sink o = {buf ? buf : &dummy, buf ? n : 0, 0}; /* never the UART */
    int len = format(&o, fmt, ap);
    if (buf && n) buf[o.len < n ? o.len : n - 1] = '\0';
    return len;
}

int snprintf(char* buf, size_t n, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return len;
}
