/* TRVP kernel system-call ABI, shared by the kernel and user programs.
 * ecall with a7 = number, a0..a5 = arguments; results in a0 (and a1).
 * A negative a0 is an error (E_* below). See docs/kernel.md. */
#ifndef TRVP_USYS_ABI_H
#define TRVP_USYS_ABI_H

enum {
    SYS_EXIT = 0,        /* exit(code): never returns */
    SYS_YIELD = 1,       /* yield() -> 0 */
    SYS_WRITE = 2,       /* write(buf, len) -> len: console */
    SYS_SEND = 3,        /* send(dst_pid, buf, len) -> 0 */
    SYS_RECV = 4,        /* recv(buf, maxlen) -> (len, src_pid); blocks */
    SYS_ALLOC_PAGES = 5, /* alloc_pages(n) -> va of n fresh zeroed R/W pages */
    SYS_SHM_CREATE = 6,  /* shm_create(npages) -> (region id, va) */
    SYS_SHM_MAP = 7,     /* shm_map(region id) -> va (a VA of the caller's own) */
    SYS_GETPID = 8,      /* getpid() -> (pid, number of processes) */
    SYS_INFO = 9,        /* info(INFO_*) -> value */
    SYS_DEBUG = 10,      /* kernel_debug(DBG_*, arg) -> (value, value2) */
    SYS_MARK = 11,       /* mark(SPAN_*, MARK_*) -> 0: statistics span marker for the caller */
    SYS_COUNT
};

enum { INFO_SCENARIO = 0, INFO_ATTACKER = 1, INFO_ARG = 2, INFO_NPROCS = 3, INFO_SLICE = 4 };

/* Span indexes of the statistics device's default list (docs/stats.md) and marker events. */
enum { SPAN_LAUNCH = 0, SPAN_KEY_EXCHANGE = 1, SPAN_REGION_SETUP = 2, SPAN_DATA_EXCHANGE = 3 };
#ifndef MARK_BEGIN /* the same values as trvp.h's phase markers */
#define MARK_BEGIN 1u
#define MARK_END 2u
#endif

enum {
    DBG_TRANSLATE = 1,   /* arg = caller VA -> (PA, PTE flags); (E_FAULT, 0) if unmapped */
    DBG_TIMER_IRQS = 2,  /* -> (timer interrupts, switches they caused) so far */
    DBG_SPY = 3,         /* dump the caller's pages as the kernel sees them (as attacker 1) */
    DBG_FREE_FRAMES = 4, /* -> free physical frames */
    DBG_ATTACK_POINT = 5 /* arg = VA of a struct attack_point (plaintext page) -> 0: the
                          * attacker modes 7-11 act now (docs/attacks.md); 0 when honest */
};

/* What a victim program (firmware/tr_tests/victim.c) tells the kernel at an attack point:
 * the VAs of its line(s) and, for a bit flip, the XOR delta. Everything here follows from
 * the program's public image; a real attacker reads it from the binary. */
struct attack_point {
    unsigned phase; /* 1 first point, 2 second point (rollback, replay) */
    unsigned va;    /* the word (flip) or line (rollback, replay, splice target) attacked */
    unsigned va2;   /* splice: the line copied over va's line */
    unsigned delta; /* flip: XOR mask of the word at va */
};

enum {
    E_INVAL = -1, /* bad argument (length, count, id) */
    E_FAULT = -2, /* a user buffer is not mapped with the needed permission */
    E_SRCH = -3,  /* no such (live) process */
    E_AGAIN = -4, /* the destination mailbox is full: try again */
    E_NOMEM = -5, /* out of frames, VA space or region slots */
    E_NOSYS = -6, /* unknown system call */
    E_DEADLK = -7 /* the process was killed while blocked: everybody was waiting */
};

#define MSG_MAX_BYTES 512 /* largest send() */
#define SHM_MAX_PAGES 16
#define ALLOC_MAX_PAGES 256
#define WRITE_MAX_BYTES 4096

#endif
