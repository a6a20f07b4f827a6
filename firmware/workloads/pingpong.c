/* Yield ping-pong (docs/workloads.md): two processes (protected or plain) each call
 * yield `rounds` times (arg, 0: 100) inside span data_exchange. With round-robin
 * scheduling every yield passes the CPU to the other process, so the run has exactly
 * 2 x rounds switches between them plus the first entry and the hand-over at pid 1's exit. */
#include "scn.h"

int main(void) {
    scn_init("pingpong");
    const uint32_t rounds = S.arg ? S.arg : 100;
    sys_mark(SPAN_DATA_EXCHANGE, MARK_BEGIN);
    for (uint32_t i = 0; i < rounds; i++) sys_yield();
    sys_mark(SPAN_DATA_EXCHANGE, MARK_END);
    scn_exit(SCN_OK);
}
