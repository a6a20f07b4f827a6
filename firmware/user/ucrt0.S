/* User-process start: main(arg, pid) then exit(main's return value).
 * A plain process starts with sp = the stack top, a0 = its boot-block arg, a1 = its pid
 * (set by the kernel); a protected one with whatever the secure unit sets: if sp is 0 it
 * takes __user_stack_top. .bss needs no clearing: the kernel maps zeroed frames and
 * tr.launch zero-fills. */
    .section .text.init, "ax"
    .globl  _start
_start:
    bnez    sp, 1f
    la      sp, __user_stack_top
1:  call    main
    li      a7, 0                   /* SYS_EXIT */
    ecall
2:  j       2b
