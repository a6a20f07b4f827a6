#pragma once
// Over 400 lines on purpose: the label assembler, the kernel stub and the bench it drives.
// Model-level bench of the TR extension: rv32_core (secure unit) -> L1I/L1D -> L2 ->
// encryption unit -> DRAM, with the attribute register bank, all real models. DRAM sits at
// physical 0 (no router); [0, 0x1000) is a test device on the core's mmio socket.
//
// The "kernel" is a small M-mode stub (kernel_stub()): on every trap it stores to SNAP (the
// device records what the kernel sees: registers, mcause, mtval, mepc), reads trctx with
// csrr and stores it, then loads CMD: the test's `brain` (C++) picks the next command and its
// arguments (a0..a2), and the stub executes it with real instructions (tr.launch, tr.resume,
// loads/stores, ...), logging results to LOG. The protected programs are sealed with
// models/sealing seal_image and run in U-mode in encrypted execution mode.

#include "asm.h"

#include "cache/cache.h"
#include "common/component.h"
#include "common/test_env.h"
#include "core/core.h"
#include "crypto/encryption_unit.h"
#include "memory/dram.h"
#include "sealing/device_key.h"
#include "sealing/drbg.h"
#include "sealing/sealed_image.h"
#include "tr/attribute_bank.h"
#include "tr/secure_unit.h"

#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace trvp::test {

using rv::u32;
using rv::operator+;

// ---- a label-resolving assembler on top of asm.h ----
struct assembler {
    rv::prog p;
    std::map<std::string, size_t> labels;
    struct fixup {
        size_t at;
        std::string label;
        int kind; // 0 branch, 1 jal
        u32 word;
    };
    std::vector<fixup> fixups;
    u32 base;
    explicit assembler(u32 base_addr) : base(base_addr) {}
    assembler& operator<<(u32 w) {
        p.push_back(w);
        return *this;
    }
    assembler& operator<<(const rv::prog& w) {
        p.insert(p.end(), w.begin(), w.end());
        return *this;
    }
    void label(const std::string& l) { labels[l] = p.size(); }
    void branch(u32 word_with_zero_offset, const std::string& l) {
        fixups.push_back({p.size(), l, 0, word_with_zero_offset});
        p.push_back(0);
    }
    void bne(u32 a, u32 b, const std::string& l) { branch(rv::bne(a, b, 0), l); }
    void beq(u32 a, u32 b, const std::string& l) { branch(rv::beq(a, b, 0), l); }
    void j(const std::string& l) {
        fixups.push_back({p.size(), l, 1, rv::jal(rv::zero, 0)});
        p.push_back(0);
    }
    u32 addr(const std::string& l) const { return base + u32(labels.at(l) * 4); }
    rv::prog finish() {
        for (const fixup& f : fixups) {
            const int32_t off = int32_t(labels.at(f.label) * 4) - int32_t(f.at * 4);
            if (f.kind == 0) {
                const u32 w = f.word;
                p[f.at] = rv::b_type((w >> 12) & 7, (w >> 15) & 31, (w >> 20) & 31, off);
            } else {
                p[f.at] = rv::jal((f.word >> 7) & 31, off);
            }
        }
        return p;
    }
};

/** R-type custom-0 (TR) instruction. */
inline u32 tr_insn(u32 f3, u32 f7, u32 rd, u32 rs1, u32 rs2 = 0) {
    return rv::r_type(0x0b, f3, f7, rd, rs1, rs2);
}
/** sw of a 32-bit constant to address in `base`+off (clobbers t6). */
inline rv::prog store_const(u32 base, int32_t off, u32 v) {
    return rv::li(rv::t6, v) + rv::sw(rv::t6, base, off);
}

// ---- the device ----
constexpr u32 dev_exit = 0x7ec, dev_snap = 0x7f0, dev_trctx = 0x7f4, dev_cmd = 0x7f8,
              dev_log = 0x7fc;

enum cmd : u32 {
    c_exit = 0,
    c_resume = 1,    // a2 = ctx, a0/a1 = results; logs the error if it returns
    c_launch = 2,    // a0 = image pa, a1 = satp; logs the result
    c_destroy = 3,   // a0 = ctx; logs
    c_info = 4,      // a0 = ctx; logs
    c_read = 5,      // a0 = pa; logs the word (plaintext path, key id 0)
    c_write = 6,     // a0 = pa, a1 = value
    c_region_m = 7,  // tr.region from M-mode (illegal)
    c_keyload_m = 8, // tr.keyload from M-mode (illegal)
    c_sha = 9,       // tr.pka sha256, a0 = block pa; logs
    c_rand = 10,     // tr.rand; logs
    c_arm = 11,      // a0 = cycles from now: timer deadline, mie.MTIE set
    c_sfence = 12,
    c_savearea = 13, // a0 = ctx, a1 = pa: tr.savearea; logs
};

struct kernel_call {
    bool trap = false; // entered through the trap vector (else: after a command)
    u32 cause = 0, tval = 0, epc = 0, trctx = 0;
    std::array<u32, 32> x{};
};
struct command {
    u32 code = c_exit, a0 = 0, a1 = 0, a2 = 0;
};

class test_device : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<test_device, 32> in{"in"};
    std::vector<u32> log;
    std::vector<kernel_call> traps;
    std::function<command(const kernel_call&)> brain;
    rv32_core* core = nullptr;
    run_control* control = nullptr;
    sc_core::sc_time period{1, sc_core::SC_NS};
    unsigned calls = 0;

    explicit test_device(const sc_core::sc_module_name& nm) : sc_module(nm) {
        in.register_b_transport(this, &test_device::b_transport);
    }

private:
    kernel_call m_call;
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& d) {
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        u32 v = 0;
        const u32 off = u32(t.get_address()) & 0xfff;
        core::hart& h = core->hart();
        if (t.is_write()) {
            std::memcpy(&v, t.get_data_ptr(), 4);
            if (off == dev_snap) {
                m_call = kernel_call{};
                m_call.trap = true;
                for (unsigned i = 0; i < 32; ++i) m_call.x[i] = h.reg(i);
                h.csr_read(0x342, m_call.cause);
                h.csr_read(0x343, m_call.tval);
                h.csr_read(0x341, m_call.epc);
            } else if (off == dev_trctx) {
                m_call.trctx = v;
                traps.push_back(m_call);
            } else if (off == dev_log) {
                log.push_back(v);
            } else if (off == dev_exit) {
                control->request_exit(int(v), "test kernel exit");
            }
            return;
        }
        if (off == dev_cmd) {
            ++calls;
            command c = calls > 1000 ? command{} : brain(m_call); // a runaway guard
            m_call.trap = false;
            h.set_reg(rv::a0, c.a0);
            h.set_reg(rv::a1, c.a1);
            h.set_reg(rv::a2, c.a2);
            if (c.code == c_arm)
                core->set_irq_deadline(7, sc_core::sc_time_stamp() + d + period * double(c.a0));
            v = c.code;
        }
        std::memcpy(t.get_data_ptr(), &v, 4);
    }
};

/** The M-mode kernel stub at `at` (trap vector = `at`), and the reset code. */
inline rv::prog kernel_stub(u32 at) {
    using namespace rv;
    assembler a(at);
    a.label("trap");
    a << sw(zero, zero, int32_t(dev_snap)) << csrr(t0, 0x5c0) << sw(t0, zero, int32_t(dev_trctx));
    a.label("cmd");
    a << lw(t0, zero, int32_t(dev_cmd));
    const char* names[] = {"exit", "resume", "launch", "destroy", "info", "read",   "write",
                           "regm", "keym",   "sha",    "rand",    "arm",  "sfence", "savearea"};
    for (u32 k = 0; k <= 13; ++k) {
        a << addi(t1, zero, int32_t(k));
        a.beq(t0, t1, names[k]);
    }
    a.j("cmd");
    auto log_a0 = [&] {
        a << sw(a0, zero, int32_t(dev_log));
        a.j("cmd");
    };
    a.label("exit");
    a << sw(a0, zero, int32_t(dev_exit));
    a.label("spin");
    a.j("spin");
    a.label("resume");
    a << tr_insn(0, 1, a0, a2);
    log_a0();
    a.label("launch");
    a << tr_insn(0, 0, a0, a0, a1);
    log_a0();
    a.label("destroy");
    a << tr_insn(0, 2, a0, a0);
    log_a0();
    a.label("info");
    a << tr_insn(0, 3, a0, a0);
    log_a0();
    a.label("read");
    a << lw(a0, a0, 0);
    log_a0();
    a.label("write");
    a << sw(a1, a0, 0);
    a.j("cmd");
    a.label("regm");
    a << tr_insn(1, 0, a0, a0);
    log_a0();
    a.label("keym");
    a << tr_insn(1, 2, a0, a0);
    log_a0();
    a.label("sha");
    a << tr_insn(2, 5, a0, a0);
    log_a0();
    a.label("rand");
    a << tr_insn(2, 15, a0, zero);
    log_a0();
    a.label("arm");
    a << addi(t1, zero, 0x80) << csrrs(zero, 0x304, t1);
    a.j("cmd");
    a.label("sfence");
    a << sfence_vma(zero, zero);
    a.j("cmd");
    a.label("savearea");
    a << tr_insn(0, 4, a0, a0, a1);
    log_a0();
    return a.finish();
}

/**
 * Between the L1D and the L2: passes everything through, except that while `fail_size` is
 * non-zero a read overlapping [fail_base, fail_base + fail_size) is answered with an error
 * and mem_ext::fault = `fault`, as an integrity check below would answer it.
 */
class fault_gate : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<fault_gate> in{"in"};
    tlm_utils::simple_initiator_socket<fault_gate> out{"out"};
    uint64_t fail_base = 0, fail_size = 0;
    mem_fault fault = mem_fault::integrity;
    unsigned refused = 0;

    explicit fault_gate(const sc_core::sc_module_name& nm) : sc_module(nm) {
        in.register_b_transport(this, &fault_gate::b_transport);
        in.register_transport_dbg(this, &fault_gate::transport_dbg);
    }

private:
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& d) {
        if (fail_size && t.is_read() && t.get_address() < fail_base + fail_size &&
            t.get_address() + t.get_data_length() > fail_base) {
            ++refused;
            if (auto* e = t.get_extension<mem_ext>()) e->fault = fault;
            t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        out->b_transport(t, d);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& t) { return out->transport_dbg(t); }
};

// ---- memory layout ----
constexpr u32 reset_at = 0x1000, kernel_at = 0x2000, scratch_pa = 0x8000, image_pa = 0x40000;
constexpr u32 code_va = 0x10000, data_va = 0x20000, stack_va = 0x30000, plain_va = 0x40000,
              region_va = 0x50000;
constexpr u32 region_pages = 16;

/** One process address space: root + one L0 table, frames from `frames`. */
struct address_space {
    u32 root, l0, frames;
    u32 satp() const { return 0x80000000u | (root >> 12); }
    u32 frame_of(u32 va) const {
        if (va >= region_va) return frames + 0x10000 + (va - region_va);
        if (va >= plain_va) return frames + 0x5000;
        if (va >= stack_va) return frames + 0x4000;
        if (va >= data_va) return frames + 0x1000 + (va - data_va);
        return frames; // code
    }
    u32 pte_pa(u32 va) const { return l0 + ((va >> 12) & 0x3ff) * 4; }
};

inline u32 leaf(u32 pa, u32 flags) {
    return ((pa >> 12) << 10) | flags | 0xc1 /* V A D */ | 0x10 /* U */;
}

class secure_bench : public test_env {
public:
    static constexpr const char* device_seed = "bench-device";
    attribute_bank ear;
    rv32_core core;
    cache l1i, l1d, l2;
    encryption_unit eu;
    trvp::dram mem;
    test_device dev{"dev"};
    fault_gate gate{"gate"}; // between l1d and l2

    static attribute_params small(attribute_params a) { return a; }
    static rv32_core_params core_params(attribute_bank& bank, secure_params s, bool fast_path) {
        rv32_core_params p;
        p.hart.reset_pc = reset_at;
        p.hart.fast_path = fast_path;
        p.cacheable.push_back({0x1000, (16u << 20) - 0x1000});
        s.enabled = true;
        s.device_seed = device_seed;
        s.drbg_seed = "bench-drbg";
        p.extensions.push_back(make_tr_extension(bank, s));
        return p;
    }
    static cache_params l1() {
        cache_params c;
        c.size = 8192;
        c.ways = 2;
        return c;
    }
    static cache_params l1d_p(const attribute_bank& bank, bool ownership) {
        cache_params c = l1();
        c.ownership.enabled = ownership;
        c.owners = &bank.owners();
        return c;
    }
    static cache_params l2p() {
        cache_params c;
        c.size = 65536;
        c.ways = 4;
        c.hit_latency = 8;
        return c;
    }
    static eu_params eup(const std::string& mode) {
        eu_params e;
        e.mode = mode;
        return e;
    }
    static dram_params drp() {
        dram_params d;
        d.size = 16u << 20;
        return d;
    }

    explicit secure_bench(const std::string& eu_mode = "aes-128-xts", attribute_params ap = {},
                          secure_params sp = {}, bool fast_path = true, bool ownership = false)
        : ear("ear", env, ap), core("cpu", env, core_params(ear, sp, fast_path)),
          l1i("l1i", env, l1()), l1d("l1d", env, l1d_p(ear, ownership)), l2("l2", env, l2p()),
          eu("eu", env, eup(eu_mode), ear.keys()), mem("dram", env, drp()) {
        core.bind("fetch", l1i.target("cpu"));
        core.bind("data", l1d.target("cpu"));
        core.bind("mmio", dev.in);
        l1i.bind("mem", l2.target("cpu"));
        l1d.bind("mem", gate.in);
        gate.out.bind(l2.target("cpu"));
        l2.bind("mem", eu.target("cpu"));
        eu.bind("mem", mem.target("mem"));
        dev.core = &core;
        dev.control = &control;
        // reset: mtvec = kernel, then enter the command loop as if trapped
        using namespace rv;
        load(reset_at,
             li(t0, kernel_at) + csrw(0x305, t0) + jal(zero, int32_t(kernel_at - (reset_at + 12))));
        load(kernel_at, kernel_stub(kernel_at));
    }

    void load(u32 pa, const rv::prog& p) {
        mem.probe_write(pa, reinterpret_cast<const uint8_t*>(p.data()), p.size() * 4);
    }
    void poke(u32 pa, u32 v) { mem.probe_write(pa, reinterpret_cast<const uint8_t*>(&v), 4); }

    /** Maps the standard layout (code 1 page RX, data 2 pages, stack 1 page, plaintext
     *  buffer 1 page, region pages) in a fresh address space. */
    address_space map(u32 root, u32 frames) {
        address_space as{root, root + 0x1000, frames};
        poke(root, ((as.l0 >> 12) << 10) | 1);
        auto m = [&](u32 va, u32 flags) { poke(as.pte_pa(va), leaf(as.frame_of(va), flags)); };
        m(code_va, 2 | 8);
        m(data_va, 2 | 4);
        m(data_va + 0x1000, 2 | 4);
        m(stack_va, 2 | 4);
        m(plain_va, 2 | 4);
        for (u32 i = 0; i < region_pages; ++i) m(region_va + i * 0x1000, 2 | 4);
        return as;
    }

    /** A segment for seal(): its manifest record and its file bytes. */
    struct extra_segment {
        u32 va;
        u32 pages;
        uint8_t perms; // sealing::perm_*
        sealing::bytes data;
    };

    /** Seals `code` (at code_va, perms `code_perms`) with a 2-page data segment starting with
     *  `data`, a stack, and `extra` data segments (e.g. read-only data). */
    static sealing::bytes seal(const rv::prog& code, const sealing::bytes& data,
                               const std::string& seed = "bench-seal",
                               const std::vector<extra_segment>& extra = {},
                               uint8_t code_perms = sealing::perm_r | sealing::perm_x) {
        sealing::manifest m;
        m.entry = code_va;
        sealing::segment_info c;
        c.vaddr = code_va;
        c.file_size = c.mem_size = u32(code.size() * 4);
        c.perms = code_perms;
        c.kind = sealing::segment_kind::code;
        sealing::segment_info d;
        d.vaddr = data_va;
        d.mem_size = 0x2000;
        d.file_size = u32(data.size());
        d.perms = sealing::perm_r | sealing::perm_w;
        d.kind = sealing::segment_kind::data;
        m.segments = {c, d};
        m.stack_va = stack_va;
        m.stack_size = 0x1000;
        sealing::bytes code_bytes(code.size() * 4);
        std::memcpy(code_bytes.data(), code.data(), code_bytes.size());
        std::vector<sealing::bytes> contents = {code_bytes, data};
        for (const extra_segment& e : extra) {
            sealing::segment_info x;
            x.vaddr = e.va;
            x.mem_size = e.pages * 0x1000;
            x.file_size = u32(e.data.size());
            x.perms = e.perms;
            x.kind = sealing::segment_kind::data;
            m.segments.push_back(x);
            contents.push_back(e.data);
        }
        const auto dev = sealing::device_key_from_seed(sealing::cspan(std::string(device_seed)));
        sealing::drbg rng{sealing::cspan(seed)};
        sealing::bytes out;
        if (sealing::seal_image(m, contents, sealing::cspan(dev.pub), rng, out) !=
            sealing::seal_status::ok)
            throw std::runtime_error("seal_image failed");
        return out;
    }

    void run() {
        sc_core::sc_start();
        core.end_of_run();
        ear.end_of_run();
    }
    uint64_t stat(const std::string& name) const { return count(name); }
    static std::vector<uint8_t> words(std::initializer_list<u32> w) {
        std::vector<uint8_t> b(w.size() * 4);
        std::memcpy(b.data(), std::data(w), b.size());
        return b;
    }
};

} // namespace trvp::test
