/* TRVP guest start-up and trap entry (M-mode and S-mode). */

#define FRAME 144 /* struct trap_frame: x[32], epc, cause, tval, status */

    .section .text.init, "ax"
    .globl _start
_start:
    csrr    t0, mhartid
    bnez    t0, park                /* only hart 0 runs the program */
    la      sp, __stack_top
    la      t0, trap_entry_m
    csrw    mtvec, t0
    la      t0, mtrap_stack_top
    csrw    mscratch, t0
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  li      a0, 0
    li      a1, 0
    call    main
    call    exit                    /* exit(main's return value) */
park:
    wfi
    j       park

/* Trap entry: swap sp with xscratch (the trap stack top), save every register,
 * call trap_dispatch(frame, mode), reload registers (x2 via xscratch) and return. */
.macro TRAP_ENTRY name, scratch, epc, cause, tval, status, mode, ret
    .text
    .align  4
    .globl  \name
\name:
    csrrw   sp, \scratch, sp
    addi    sp, sp, -FRAME
    .irp    r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\r, (\r*4)(sp)
    .endr
    csrr    t0, \scratch            /* interrupted sp */
    sw      t0, 8(sp)
    csrr    t0, \epc
    sw      t0, 128(sp)
    csrr    t0, \cause
    sw      t0, 132(sp)
    csrr    t0, \tval
    sw      t0, 136(sp)
    csrr    t0, \status
    sw      t0, 140(sp)
    mv      a0, sp
    li      a1, \mode
    call    trap_dispatch
    lw      t0, 128(sp)
    csrw    \epc, t0
    lw      t0, 8(sp)
    csrw    \scratch, t0
    .irp    r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\r, (\r*4)(sp)
    .endr
    addi    sp, sp, FRAME
    csrrw   sp, \scratch, sp        /* sp = interrupted sp, xscratch = trap stack top */
    \ret
.endm

    TRAP_ENTRY trap_entry_m, mscratch, mepc, mcause, mtval, mstatus, 3, mret
    TRAP_ENTRY trap_entry_s, sscratch, sepc, scause, stval, sstatus, 1, sret

    .bss
    .align  4
    .space  4096
    .globl  mtrap_stack_top
mtrap_stack_top:
    .space  4096
    .globl  strap_stack_top
strap_stack_top:

/* riscv-tests host interface (the simulator finds these through the symbol table). */
    .section .tohost, "aw", @progbits
    .align  6
    .globl  tohost
    .type   tohost, @object
    .size   tohost, 8
tohost:
    .dword  0
    .align  6
    .globl  fromhost
    .type   fromhost, @object
    .size   fromhost, 8
fromhost:
    .dword  0
