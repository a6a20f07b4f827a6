/* vm_test's U-mode task, mapped at VA 0x40000000 (one code page); the data page
 * follows at 0x40001000 (stack top 0x40002000) and a read-only page at 0x40002000.
 * It uses absolute virtual addresses only. ecall: a7 = 1 report a0, a7 = 0 exit. */
#define SYS_EXIT 0
#define SYS_REPORT 1

    .section .user.text, "ax"
    .globl  user_task
user_task:
    li      t0, 100                 /* a0 = 1 + 2 + ... + 100 */
    li      a0, 0
1:  add     a0, a0, t0
    addi    t0, t0, -1
    bnez    t0, 1b
    sw      a0, -4(sp)              /* into the user data page */
    li      a7, SYS_REPORT
    ecall

    li      t1, 0x40003000          /* unmapped: load page fault, S-mode maps it */
    lw      a0, 4(t1)
    li      a7, SYS_REPORT
    ecall

    li      t1, 0x40002000          /* read-only page: loads work ... */
    lw      a0, 0(t1)
    li      a7, SYS_REPORT
    ecall
    li      t2, 0x1234              /* ... a store faults, S-mode makes it writable */
    sw      t2, 0(t1)
    lw      a0, 0(t1)
    li      a7, SYS_REPORT
    ecall

    li      t1, 0x80000000          /* a supervisor page: S-mode skips the load */
    lw      a0, 0(t1)
    li      a7, SYS_REPORT
    ecall

    li      a0, 0
    li      a7, SYS_EXIT
    ecall
2:  j       2b                      /* not reached */

    .section .user.data, "aw"
    .globl  user_pages
user_pages:
    .space  8192                    /* data/stack page, then the read-only page */
