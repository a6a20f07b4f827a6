/* Test keys built into the scenario programs (and known to the system tests). They are
 * TEST keys: published here on purpose. A real deployment seals its own.
 *  - SCN_PSK_KEY: the 16-byte common key of the pre-shared-key scenario (claims 1, 2).
 *  - Ed25519 key pairs of the authenticated exchange (claim 6): seed = SHA-256 of
 *    "scn-akx-owner" / "scn-akx-client", public key = Ed25519(seed) (RFC 8032). The owner's
 *    program holds its own seed and the client's public key, and vice versa. */
#ifndef TRVP_SCN_KEYS_H
#define TRVP_SCN_KEYS_H

#define SCN_PSK_KEY                                                                                \
    {                                                                                              \
        0x3c, 0x91, 0x5e, 0x07, 0xa2, 0x6b, 0xd4, 0x18, 0xf0, 0x4d, 0x87, 0x29, 0xbe, 0x63, 0x1a,  \
            0xc5                                                                                   \
    }

#define SCN_AKX_OWNER_SEED                                                                         \
    {                                                                                              \
        0xe7, 0xf9, 0x1d, 0x88, 0xb9, 0x7b, 0x34, 0x7f, 0xf6, 0x52, 0xb3, 0x5b, 0x78, 0x06, 0xfd,  \
            0xda, 0x2d, 0x04, 0xe5, 0xe3, 0x5a, 0xf7, 0x19, 0x25, 0x80, 0x8c, 0x0b, 0xed, 0x86,    \
            0x0f, 0xdb, 0x34                                                                       \
    }
#define SCN_AKX_OWNER_PUB                                                                          \
    {                                                                                              \
        0xa7, 0x1b, 0xaf, 0xfd, 0xd1, 0x22, 0xf0, 0xe0, 0x31, 0x08, 0x88, 0x13, 0x95, 0x9e, 0xa4,  \
            0xcc, 0x6c, 0xb7, 0x9b, 0x66, 0xe7, 0x48, 0xa8, 0x32, 0x3d, 0x36, 0x39, 0x60, 0xe9,    \
            0xa8, 0x35, 0xc8                                                                       \
    }
#define SCN_AKX_CLIENT_SEED                                                                        \
    {                                                                                              \
        0x59, 0xb1, 0x41, 0x26, 0x29, 0x64, 0x1f, 0x23, 0x95, 0x82, 0x32, 0x8d, 0x9a, 0xe5, 0xe5,  \
            0xe1, 0xbf, 0x1e, 0x94, 0x70, 0xf8, 0x58, 0x30, 0xe0, 0xa4, 0x68, 0x62, 0x35, 0x24,    \
            0x91, 0x09, 0x38                                                                       \
    }
#define SCN_AKX_CLIENT_PUB                                                                         \
    {                                                                                              \
        0xb2, 0xcf, 0xad, 0xae, 0x07, 0x44, 0x5b, 0xbe, 0xf9, 0x8f, 0x0c, 0xd8, 0x80, 0xc1, 0x8e,  \
            0xbd, 0xd3, 0xd3, 0x7f, 0xe5, 0xd5, 0xb6, 0xb4, 0x27, 0x62, 0x85, 0x6b, 0x90, 0xdb,    \
            0x72, 0x22, 0xdd                                                                       \
    }

#endif
