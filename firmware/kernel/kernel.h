/* TRVP kernel: an untrusted S-mode kernel running plain and protected (TR) processes.
 * See docs/kernel.md for the boot block, the system calls and the launch interface. */
#ifndef TRVP_KERNEL_H
#define TRVP_KERNEL_H

#include "trvp.h"
#include "usys_abi.h"

/* ---- Boot block (symbol `trvp_boot`, filled by the simulator's loader) ---- */
#define TRVP_BOOT_MAGIC 0x42565254u /* "TRVB" little endian */
#define TRVP_BOOT_VERSION 1u
#define TRVP_BOOT_MAXPROGS 8
#define PROG_PLAIN 0u           /* ELF32 RISC-V executable, loaded by the kernel */
#define PROG_SEALED 1u          /* sealed image (docs/sealed-image.md), launched with tr.launch */
#define BOOT_F_SEALED_DRYRUN 1u /* parse + map sealed images, skip tr.launch (QEMU test hook) */
#define BOOT_F_QUIET 2u         /* fewer kernel messages */
#define BOOT_F_KEEP_CONTEXTS 4u /* exit does not tr.destroy; see kernel_finish (proc.c) */

struct trvp_boot_prog {
    uint32_t pa;   /* physical address of the image in DRAM */
    uint32_t len;  /* image length in bytes */
    uint32_t kind; /* PROG_PLAIN or PROG_SEALED */
    uint32_t arg;  /* handed to the process (SYS_INFO INFO_ARG; plain processes also get a0) */
};

struct trvp_boot {
    uint32_t magic;       /* TRVP_BOOT_MAGIC */
    uint32_t version;     /* TRVP_BOOT_VERSION */
    uint32_t slice_ticks; /* time slice in mtime ticks (0: 10000 = 1 ms at 10 MHz) */
    uint32_t scenario;    /* scenario id, opaque to the kernel (SYS_INFO INFO_SCENARIO) */
    uint32_t attacker;    /* ATTACK_* below */
    uint32_t flags;       /* BOOT_F_* */
    uint32_t nprogs;      /* 0..TRVP_BOOT_MAXPROGS, pid = index + 1 */
    uint32_t dram_size;   /* bytes of DRAM at DRAM_BASE (0: 128 MiB) */
    struct trvp_boot_prog prog[TRVP_BOOT_MAXPROGS];
};
extern volatile struct trvp_boot trvp_boot;

enum {
    ATTACK_NONE = 0,
    ATTACK_SPY = 1,
    ATTACK_MITM = 2,
    ATTACK_TAMPER = 3,
    ATTACK_WRITABLE = 4,    /* map protected segments writable (sealed.c) */
    ATTACK_BLOB_FLIP = 5,   /* flip a bit of a saved context blob (memory save) */
    ATTACK_BLOB_REPLAY = 6, /* put an older saved context blob back (memory save) */
    ATTACK_ALIAS_WRITE = 7, /* key-0 stores into a protected process's frames (attack.c) */
    /* Memory attacks at a victim's attack points (attack_mem.c, docs/attacks.md): */
    ATTACK_FLIP_KEY0 = 8, /* XOR a word through the kernel's key-0 mapping */
    ATTACK_FLIP_DRAM = 9, /* XOR a word in DRAM with the physical-attacker device */
    ATTACK_ROLLBACK = 10, /* put a line's older ciphertext and tag back (device) */
    ATTACK_REPLAY = 11,   /* ... and its counter and tree metadata too (device) */
    ATTACK_SPLICE = 12    /* copy another line's ciphertext and tag over a line (device) */
};
/* The physical-attacker device (models/attack/dram_attacker.h) in attack configurations:
 * in the UART's megapage, which every process table maps for the kernel. */
#define ATTACKER_DEV 0x10010000u

/* ---- SBI-like calls from S to the M-mode stub (ecall from S, a7 = function) ---- */
#define SBI_SET_TIMER 0 /* a0/a1 = absolute mtime deadline (lo/hi); clears the pending STI */

/* ---- Sv32 ---- */
#define PAGE 4096u

/* User virtual layout */
#define USER_IMAGE_VA 0x00010000u
#define USER_STACK_TOP 0x7fff0000u
#define USER_STACK_PAGES 4u
#define USER_HEAP_VA 0x40000000u /* alloc_pages */
#define USER_SHM_VA 0x50000000u  /* shm: + pid * USER_SHM_STRIDE, so sharers' VAs differ */
#define USER_SHM_STRIDE 0x01000000u
#define USER_VA_END 0x7fff0000u
#define KMARK_VA 0x7ffff000u /* kernel-only (no U) mapping of the statistics device's page */

/* ---- mm.c: frames, page tables, user memory ---- */
void mm_init(void);
uint32_t frame_alloc(void); /* zeroed frame PA, 0 when out of memory */
uint32_t frames_free(void);
uint32_t vm_new_root(void); /* root table with the kernel's identity megapages */
int vm_map(uint32_t root, uint32_t va, uint32_t pa, uint32_t perms); /* perms R/W/X/U */
uint32_t vm_lookup(uint32_t root, uint32_t va, uint32_t* pte_out);   /* PA or 0 */
/* Copy between the kernel and user VAs of a page table; each page is checked for
 * V|U and R (copy in) or W (copy out). Returns 0 or -E_FAULT (nothing partial is
 * promised on failure, but the range is validated before the first byte moves). */
int copy_from_user(uint32_t root, void* dst, uint32_t va, uint32_t len);
int copy_to_user(uint32_t root, uint32_t va, const void* src, uint32_t len);
int user_range_ok(uint32_t root, uint32_t va, uint32_t len, uint32_t need);
/* Calls fn(va, pa, pte) for every user leaf page (VA order). */
void vm_for_each_user_page(uint32_t root, void (*fn)(uint32_t va, uint32_t pa, uint32_t pte));

/* ---- processes ---- */
#define MAXPROC TRVP_BOOT_MAXPROGS
#define MSG_MAX 512u
#define MBOX_SLOTS 8u

enum proc_state { P_FREE, P_RUNNABLE, P_RECV, P_EXITED };

struct msg {
    uint32_t src, len;
    uint8_t body[MSG_MAX];
};

struct proc;
/** How a kind of process is built and entered. The scheduler only calls these. */
struct proc_ops {
    const char* name;
    /** Build the address space from the image (and launch it); 0 or a negative error. */
    int (*load)(struct proc* p, const uint8_t* image, uint32_t len);
    /** After a trap of p: capture what the kernel may keep (plain: the registers). */
    void (*save)(struct proc* p, const struct trap_frame* f);
    /** Results of the system call p is stopped at (a0, a1). */
    void (*set_result)(struct proc* p, uint32_t a0, uint32_t a1);
    /** Enter p in U-mode (satp already set). Returns only on failure (negative code). */
    int (*resume)(struct proc* p);
    /** p is gone (exit or kill): release what the hardware holds. */
    void (*destroy)(struct proc* p);
};
extern const struct proc_ops plain_ops, sealed_ops;

struct proc {
    int pid;
    enum proc_state state;
    const struct proc_ops* ops;
    uint32_t root, satp;
    struct trap_frame tf; /* plain: user registers and pc */
    int ctx;              /* protected: context id from tr.launch */
    uint32_t res0, res1;  /* protected: system-call results for tr.resume */
    uint32_t entry, arg;
    int exit_code;
    uint32_t heap_next, shm_next;
    uint32_t recv_va, recv_max; /* while P_RECV */
    struct msg mbox[MBOX_SLOTS];
    uint32_t mbox_head, mbox_count;
    int tampered;
};
extern struct proc procs[MAXPROC];
extern struct proc* current;
extern uint32_t nprocs;
extern int resched;

struct kstats {
    uint32_t timer_irqs, preemptions, switches, syscalls, kills, messages;
#ifdef TRVP_MEM_ATTACKS  /* kernel_attack.elf only: kernel.elf stays byte for byte as it was */
    uint32_t unit_kills; /* processes the secure unit killed (integrity, frame ownership) */
#endif
};
extern struct kstats kstats;

void sched(void) __attribute__((noreturn)); /* run the next runnable process */
void proc_exit(struct proc* p, int code);
void proc_kill(struct proc* p, const char* why, uint32_t cause, uint32_t tval);
struct proc* proc_by_pid(uint32_t pid);
void do_syscall(struct proc* p, const struct trap_frame* f);
int plain_load_elf(struct proc* p, const uint8_t* image, uint32_t len);

/* ---- sealed images (docs/sealed-image.md) ---- */
#define MANIFEST_MAXSEG 16
struct manifest_seg {
    uint32_t vaddr, mem_size, file_size;
    uint8_t perms, kind; /* perms: bit0 R, bit1 W, bit2 X; kind 0 code, 1 data */
};
struct manifest {
    uint32_t image_size, entry, stack_va, stack_size, nseg;
    struct manifest_seg seg[MANIFEST_MAXSEG];
};
int sealed_manifest_parse(const uint8_t* image, uint32_t len, struct manifest* m);
/* The save area of protected p when the chip saves contexts in kernel memory, else 0. */
uint8_t* sealed_save_area(const struct proc* p);
#ifdef TRVP_MEM_ATTACKS
/* Why the secure unit killed protected p's context with this trap (docs/tr-isa.md: an access
 * fault with stval = TR_EINTEGRITY or TR_EOWNER), or 0 for any other trap. */
const char* sealed_kill_reason(const struct proc* p, const struct trap_frame* f);
/* Stores v at physical address pa through the kernel's plaintext identity map and survives
 * an access fault there (proc.c, kfault): 0, or the scause of the refused store. */
uint32_t kprobe_store32(uint32_t pa, uint32_t v);
#endif

/* ---- attacks (attack.c) ---- */
void spy_dump_proc(struct proc* p);
uint32_t mitm_rewrite(uint32_t src, uint32_t dst, uint8_t* body, uint32_t len, uint32_t cap);
void attack_on_trap(struct proc* p, struct trap_frame* f); /* every trap from U */
/* attack_mem.c: DBG_ATTACK_POINT of process p with its descriptor (attacker modes 7-11). */
struct attack_point;
void attack_point(struct proc* p, const struct attack_point* ap);

/* ---- entry.S ---- */
void user_return(const struct trap_frame* f) __attribute__((noreturn));
int tr_enter(uint32_t a0, uint32_t a1, int ctx); /* tr.resume; returns only on failure */
void ktrap_entry(void);
extern char kstack_top[];

/* ---- statistics spans (syscall.c) ---- */
/* Writes (pid << 16) | (span << 8) | event to the statistics device's span register
 * (trvp_args[15] + 4); nothing without a device. Works with satp 0 and with any process
 * table (vm_new_root maps the device's page at KMARK_VA). */
void kmark(uint32_t pid, uint32_t span, uint32_t event);
uint32_t kmark_register_pa(void); /* 0: no statistics device */

/* ---- misc ---- */
void sbi_set_timer(uint64_t when);
void kpanic(const char* what) __attribute__((noreturn));
void kernel_finish(void) __attribute__((noreturn));
static inline void sfence_vma(void) {
    __asm__ volatile("sfence.vma" ::: "memory");
}

#endif
