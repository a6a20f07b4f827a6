/* A sealed-image-shaped blob for the kernel's dry-run test (kernel_sealed_dry): a
 * version-1 header and manifest (docs/sealed-image.md) with zero crypto fields. The
 * kernel parses the manifest and builds the page table; tr.launch would refuse it. */
#define M 64 /* manifest body: 16 + 3 segment records */
#define SEGS ((0x800 + 16) + (0x100 + 16) + (0x10 + 16))
    .section .rodata.fake_sealed, "a"
    .balign 16
    .globl  fake_sealed
fake_sealed:
    .ascii  "TRVPSEAL"
    .half   1, 0                    /* version, flags */
    .word   88 + M + 16 + SEGS      /* image size */
    .word   M, 0
    .space  64                      /* ephemeral key, wrapped key, tag */
    .word   0x00010000              /* entry */
    .word   0x7ffec000, 0x4000      /* stack */
    .byte   3, 0
    .half   0
    .word   0x00010000, 0x800, 0x800    /* code: r-x */
    .byte   5, 0
    .half   0
    .word   0x00011000, 0x100, 0x100    /* rodata: r-- */
    .byte   1, 1
    .half   0
    .word   0x00012000, 0x2000, 0x10    /* data + bss: rw- */
    .byte   3, 1
    .half   0
    .space  16                      /* manifest tag */
    .space  SEGS                    /* segment ciphertexts and tags */
    .globl  fake_sealed_end
fake_sealed_end:
