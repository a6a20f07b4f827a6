/* Helper library of the scenario programs (docs/claims.md): a protected process's
 * plaintext I/O page, its hidden region of secrets, TR region/key wrappers, the X25519
 * key exchange (optionally Ed25519-signed), and the shared-region data exchange.
 *
 * A protected process's stack and data are encrypted under its data key, so the kernel
 * cannot read a buffer there: every system-call buffer (console lines, messages) lives in
 * the plaintext I/O page (alloc_pages, outside every EAR entry, key id 0). */
#ifndef TRVP_SCN_H
#define TRVP_SCN_H

#include <stdint.h>

#include "scn_proto.h"
#include "tr.h"
#include "usys.h"

/* Process arg (boot block): role | members << 8 | flags << 16. */
enum { SCN_OWNER = 0, SCN_CLIENT = 1, SCN_NONMEMBER = 2 };
#define SCN_ARG_ROLE(a) ((a)&0xffu)
#define SCN_ARG_MEMBERS(a) (((a) >> 8) & 0xffu)
#define SCN_F_SNOOP (1u << 16) /* group client: also map another client's notify region */

/* Exit codes (the kernel exits with the first non-zero one in pid order). */
enum {
    SCN_OK = 0,
    SCN_EXIT_SETUP = 10,   /* a system call or TR instruction failed */
    SCN_EXIT_PROTO = 11,   /* unexpected message */
    SCN_EXIT_REFUSED = 12, /* a peer's signature did not verify: nothing shared */
    SCN_EXIT_DATA = 13,    /* a sharer's data read back wrong */
    SCN_EXIT_PLAIN = 14    /* a non-member / snooper saw plaintext */
};

#define SCN_MAX_PEERS 8

/* Secrets of one pairwise exchange (in the hidden region). */
struct scn_pair {
    uint8_t priv[32];   /* X25519 private value */
    uint8_t secret[32]; /* X25519 shared secret */
    uint8_t key[16];    /* HKDF output: the common (or pairwise) key */
};

/* The hidden region: one page under the process's own data key (tr.region, handle 0). */
struct scn_hidden {
    uint8_t marker[16];                      /* TRVPMARK-HID-Pnn, next to the secrets */
    uint8_t common[16];                      /* the common key of the shared region */
    uint8_t sign_seed[32];                   /* Ed25519 signing seed (authenticated exchange) */
    struct scn_pair pair[SCN_MAX_PEERS + 1]; /* by peer pid */
    uint8_t marker2[16];                     /* the same marker after the secrets */
};

/* The plaintext I/O page. */
struct scn_io {
    char line[512];
    uint8_t msg[512];
    uint8_t salt[64];
    struct scn_kx_msg out, in;
};

struct scn {
    uint32_t pid, nprocs, arg, role, members, attacker, scenario;
    const char* name;
    struct scn_io* io;      /* plaintext */
    struct scn_hidden* hid; /* hidden (encrypted under the data key) */
    /* messages that arrived from another sender than the one awaited */
    uint32_t stash_n;
    uint32_t stash_src[8], stash_len[8];
    uint8_t stash[8][128];
};
extern struct scn S;

/* Reads pid/arg/..., maps the I/O page; prints the process's header line. */
int scn_init(const char* name);
/* "[pid N name] ..." on the console (formatted in the I/O page). */
void scn_log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
/* Exits after printing the verdict line. */
__attribute__((noreturn)) void scn_exit(int code);

/* 16-byte marker "TRVPMARK-<kind>-Pnn" into dst. */
void scn_marker(uint8_t* dst, const char* kind, uint32_t pid);
/* Hidden region: alloc one page, tr.region (own data key, create), fill its markers. */
int scn_hidden_create(void);
/* tr.region over [va, va + npages pages) with handle and flags; logs. */
int scn_region(uint32_t va, uint32_t npages, uint32_t handle, uint32_t flags, const char* what);
/* tr.keyload of a key inside the hidden region; logs. */
int32_t scn_keyload(const uint8_t* key, const char* what);

/* Messages: a plaintext copy through the I/O page. */
int scn_send(uint32_t dst, const void* buf, uint32_t len);
/* Receives the next message from src (others are stashed), into the I/O page's msg. */
int scn_recv_from(uint32_t src);
/* A short control message "TAG a b c" (words) to dst / from src. */
int scn_send_ctl(uint32_t dst, const char* tag, uint32_t a, uint32_t b, uint32_t c);
int scn_recv_ctl(uint32_t src, const char* tag, uint32_t* a, uint32_t* b, uint32_t* c);

/* X25519 exchange with peer (initiator sends first), secrets in S.hid->pair[peer].
 * With sign_seed/peer_pub (Ed25519, non-null) the messages are signed and verified.
 * Returns 0, SCN_EXIT_REFUSED (bad signature: nothing derived) or another SCN_EXIT_*. */
int scn_kx(uint32_t peer, int initiator, const uint8_t* sign_seed, const uint8_t* peer_pub);

/* Shared data exchange among `members` pids 1..members over region va (npages pages):
 * each writes its slot (marker + text), the owner (pid 1) runs two barriers, each reads
 * and checks every other slot. Returns the number of bad slots. Marked as statistics span
 * data_exchange (sys_mark); the programs mark key_exchange and region_setup themselves. */
uint32_t scn_exchange(uint32_t va, uint32_t members);
#define SCN_SLOT_BYTES 512u

/* Physical address of a VA (the kernel tells it: DBG_TRANSLATE; not a secret). */
uint32_t scn_pa(uint32_t va);
void scn_hex(char* out, const uint8_t* b, uint32_t n);

#endif
