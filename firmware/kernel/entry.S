/* Kernel trap entry and exits to U-mode.
 * While a process runs, sscratch = kstack_top and stvec = ktrap_entry. A trap from U
 * saves every register into a struct trap_frame at the top of the kernel stack and calls
 * ktrap(frame), which never returns: it ends in user_return (plain) or tr_enter
 * (protected), both of which reset sscratch and stvec. Inside the kernel stvec =
 * kfault_entry: an S-mode exception there is a kernel bug (the kernel never touches user
 * VAs; it reads user memory through its identity map of the frames). */
#define FRAME 144 /* struct trap_frame: x[32], epc, cause, tval, status */

.macro SAVE_REGS
    .irp    r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\r, (\r*4)(sp)
    .endr
    csrr    t0, sepc
    sw      t0, 128(sp)
    csrr    t0, scause
    sw      t0, 132(sp)
    csrr    t0, stval
    sw      t0, 136(sp)
    csrr    t0, sstatus
    sw      t0, 140(sp)
.endm

    .text
    .align  4
    .globl  ktrap_entry
ktrap_entry:
    csrrw   sp, sscratch, sp        /* sp = kernel stack top, sscratch = user sp */
    addi    sp, sp, -FRAME
    SAVE_REGS
    csrr    t0, sscratch
    sw      t0, 8(sp)
    la      t0, kfault_entry
    csrw    stvec, t0
    mv      a0, sp
    call    ktrap
1:  j       1b                      /* not reached */

    .align  4
    .globl  kfault_entry
kfault_entry:                       /* S-mode exception inside the kernel */
    addi    sp, sp, -FRAME
    SAVE_REGS
    sw      sp, 8(sp)
    mv      a0, sp
    call    kfault
#ifndef TRVP_MEM_ATTACKS
2:  j       2b
#else
    /* kfault returns only for a kernel probe (kprobe_store32, proc.c): resume at the new sepc */
    lw      t0, 128(sp)
    csrw    sepc, t0
    .irp    r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\r, (\r*4)(sp)
    .endr
    addi    sp, sp, FRAME
    sret
#endif

/* user_return(frame): load a plain process's registers and pc, sret to U-mode. */
    .globl  user_return
user_return:
    la      t0, ktrap_entry
    csrw    stvec, t0
    la      t0, kstack_top
    csrw    sscratch, t0
    lw      t0, 128(a0)
    csrw    sepc, t0
    li      t0, 0x100               /* SPP = U */
    csrc    sstatus, t0
    li      t0, 0x20                /* SPIE: interrupts on after sret */
    csrs    sstatus, t0
    .irp    r, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\r, (\r*4)(a0)
    .endr
    lw      a0, 40(a0)
    sret

/* tr_enter(a0 result, a1 result, a2 ctx): tr.resume the context with the system-call
 * results in a0/a1. Returns only if the secure unit refuses (a0 = error code). */
    .globl  tr_enter
tr_enter:
    la      t0, ktrap_entry
    csrw    stvec, t0
    la      t0, kstack_top
    csrw    sscratch, t0
    .insn   r 0x0B, 0, 1, a0, a2, x0    /* tr.resume a2 */
    la      t0, kfault_entry
    csrw    stvec, t0
    ret

    .bss
    .align  12
    .globl  kstack
kstack:
    .space  16384
    .globl  kstack_top
kstack_top:
