/* The untrusted kernel's attacks (boot block `attacker`). On our hardware each must fail
 * for a protected process; the scenario tests judge that from outside the guest. */
#include "kernel.h"
#include "tr.h"

/* ---- 1: spy. Prints the first 16 bytes of every user frame of a process, as the
 * kernel reads them (plaintext key id 0: ciphertext for a protected process's hidden,
 * code and shared pages). Called when a process exits and on DBG_SPY. */
static int spy_pid;
static void spy_page(uint32_t va, uint32_t pa, uint32_t pte) {
    const uint8_t* b = (const uint8_t*)(uintptr_t)pa;
    printf("spy: pid %d va %08x pa %08x %c%c%c:", spy_pid, va, pa, (pte & PTE_R) ? 'r' : '-',
           (pte & PTE_W) ? 'w' : '-', (pte & PTE_X) ? 'x' : '-');
    for (int i = 0; i < 16; i++) printf(" %02x", b[i]);
    printf("\n");
}

void spy_dump_proc(struct proc* p) {
    spy_pid = p->pid;
    vm_for_each_user_page(p->root, spy_page);
}

/* ---- 2: man in the middle. send() hands every message body to this hook before it
 * reaches the receiver's mailbox; the hook may rewrite it in place (up to cap bytes) and
 * returns the new length.
 * TODO(scenario engineer): X25519 substitution. Recognise a public-key message, keep
 * the sender's key, answer with the kernel's own (tr_pka_x25519_keypair works in S-mode
 * on kernel memory), and later re-encrypt with the two shared secrets.
 * The demo below (tested on QEMU by kernel_mitm) rewrites bodies that start with
 * "MITM-DEMO:" so it cannot disturb the scenarios. */
uint32_t mitm_rewrite(uint32_t src, uint32_t dst, uint8_t* body, uint32_t len, uint32_t cap) {
    static const char tag[] = "MITM-DEMO:";
    static const char fake[] = "MITM-DEMO: the kernel wrote this";
    if (len < sizeof tag - 1 || memcmp(body, tag, sizeof tag - 1)) return len;
    uint32_t n = sizeof fake - 1 < cap ? sizeof fake - 1 : cap;
    memcpy(body, fake, n);
    printf("mitm: message pid %u -> pid %u rewritten (%u -> %u bytes)\n", src, dst, len, n);
    return n;
}

/* ---- 3: register tampering. On the first trap of each process: look at the state the
 * trap left, then try to change it and to resume the process elsewhere. For a plain
 * process this shows what the kernel sees (no change is made). For a protected one the
 * registers are zero, sepc reads 0, and the attempts must have no effect: the secure unit
 * restores the saved state; a forged context id is refused. */
void tamper_on_trap(struct proc* p, struct trap_frame* f) {
    if (p->tampered) return;
    p->tampered = 1;
    uint32_t nonzero = 0;
    for (int r = 1; r < 32; r++)
        if ((r < 10 || r > 17) && f->x[r]) nonzero++;
    if (p->ops == &plain_ops) {
        printf("tamper: pid %d (plain) trap cause 0x%x: sees pc 0x%08x sp 0x%08x ra 0x%08x, "
               "%u non-zero non-argument registers\n",
               p->pid, f->cause, f->epc, f->x[2], f->x[1], nonzero);
        return;
    }
    printf("tamper: pid %d ctx %d trap cause 0x%x: sees sepc 0x%08x stval 0x%08x, %u non-zero "
           "non-argument registers\n",
           p->pid, p->ctx, f->cause, f->epc, f->tval, nonzero);
    /* Forge: a context that does not exist. */
    int rc = tr_enter(0, 0, p->ctx + 1000);
    printf("tamper: tr.resume of forged context %d -> %d (want %d)\n", p->ctx + 1000, rc,
           TR_ECONTEXT);
    /* Alter: a different pc and a different stack for the real context. The hardware
     * takes neither from the kernel; the process must go on as if nothing happened. */
    uint32_t bogus = p->entry + 4;
    csr_write(sepc, bogus);
    for (int r = 1; r < 32; r++) f->x[r] = 0xdead0000u | (uint32_t)r;
    printf("tamper: set sepc 0x%08x and x1..x31 = 0xdead00nn before resuming ctx %d\n", bogus,
           p->ctx);
}
