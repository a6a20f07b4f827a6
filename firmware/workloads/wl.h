/* Workloads of docs/workloads.md: a producer/consumer pair over a shared ring and a yield
 * ping-pong, each runnable as protected (sealed) or plain processes. The buffer contents
 * and the checksum are a function of (buffer, word) that the system tests recompute. */
#ifndef TRVP_WL_H
#define TRVP_WL_H

#include <stdint.h>

/* Producer/consumer arg: role (7:0, 0 producer, 1 consumer) | WL_F_PROTECTED |
 * buffers << 16 (0: WL_DEFAULT_BUFFERS). */
#define WL_F_PROTECTED (1u << 8) /* shared region under a common key (tr.region) */
#define WL_DEFAULT_BUFFERS 64u
#define WL_RING_SLOTS 4u
#define WL_BUF_BYTES 1024u
#define WL_RING_PAGES 2u /* header line + 4 slots of 1 KiB at 1024 + 1024 * slot */

/* Extra span indexes after the default four (configs/workloads/pc.yaml names them). */
enum { WL_SPAN_PRODUCE = 4, WL_SPAN_CONSUME = 5 };

/* "TRVPBUF-" as two little-endian words: immediates in the code, so the images hold no
 * copy of the marker and a DRAM scan finds only the buffers. */
#define WL_MARK0 0x50565254u /* "TRVP" */
#define WL_MARK1 0x2d465542u /* "BUF-" */

/* Word w (w >= 4) of buffer b; words 0..3 hold the marker "TRVPBUF-" and b. */
static inline uint32_t wl_word(uint32_t b, uint32_t w) {
    uint32_t x = (b + 1) * 0x9e3779b9u ^ (w + 1) * 0x85ebca6bu;
    return x ^ (x >> 13);
}

#endif
