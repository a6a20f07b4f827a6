#include "uart16550.h"

#include "common/errors.h"

#include <cstdio>
#include <cstring>

namespace trvp {

uart16550::uart16550(const sc_core::sc_module_name& nm, sim_env& env, const uart_params& p)
    : component(nm, env), regs("regs"), m_params(p), m_regs(name()),
      m_tx_bytes(stats(), stat_name("tx_bytes"), "bytes", "bytes written to THR") {
    if (!p.transcript.empty()) {
        try {
            m_transcript = std::make_unique<output_file>(p.transcript);
        } catch (const user_error& e) {
            throw user_error(std::string(name()) + ": transcript " + e.what());
        }
    }
    // Offsets 0 and 1 are the divisor latch while LCR.DLAB is set.
    m_regs.add("rbr_thr", 0, 1)
        .on_read([this]() -> uint64_t { return dlab() ? m_dll : 0; })
        .on_write([this](uint64_t v) {
            if (dlab())
                m_dll = uint8_t(v);
            else
                transmit(uint8_t(v));
        });
    m_regs.add("ier", 1, 1)
        .on_read([this]() -> uint64_t { return dlab() ? m_dlm : m_ier; })
        .on_write([this](uint64_t v) {
            if (dlab())
                m_dlm = uint8_t(v);
            else
                m_ier = uint8_t(v & 0x0f);
        });
    // IIR when read, FCR when written; the FIFO-reset bits 1-2 clear themselves.
    m_regs.add("iir_fcr", 2, 1)
        .on_read([this]() -> uint64_t { return iir(); })
        .on_write([this](uint64_t v) { m_fcr = uint8_t(v & 0xc9); });
    m_lcr = &m_regs.add("lcr", 3, 1);
    reg_bank::reg& mcr = m_regs.add("mcr", 4, 1);
    mcr.on_write([r = &mcr](uint64_t v) { r->set(v & 0x1f); });
    m_regs.add("lsr", 5, 1, lsr_thre | lsr_temt).read_only();
    m_regs.add("msr", 6, 1, msr_cts | msr_dsr | msr_dcd).read_only();
    m_regs.add("scr", 7, 1);

    regs.register_b_transport(this, &uart16550::b_transport);
    expose_target("regs", regs);
}

uart16550::~uart16550() {
    // A run that failed before end_of_run() keeps the transcript it had: partial output
    // is worth more than none (the run's error message says the run failed).
    try {
        flush();
        if (m_transcript) m_transcript->commit();
    } catch (const user_error&) {
    }
}

void uart16550::end_of_run() {
    flush();
    if (m_transcript) m_transcript->commit();
}

uint8_t uart16550::iir() const {
    const uint8_t fifo = (m_fcr & fcr_enable) ? 0xc0 : 0x00;
    // THR is always empty, so its interrupt is pending whenever it is enabled.
    return fifo | ((m_ier & ier_etbei) ? 0x02 : 0x01);
}

void uart16550::transmit(uint8_t c) {
    ++m_tx_bytes;
    if (m_transcript) m_transcript->stream().put(char(c));
    if (m_params.echo) m_line.push_back(char(c));
    if (c == '\n') flush();
}

void uart16550::flush() {
    if (!m_line.empty()) {
        std::fwrite(m_line.data(), 1, m_line.size(), stdout);
        std::fflush(stdout);
        m_line.clear();
    }
    if (m_transcript) m_transcript->flush();
}

} // namespace trvp
