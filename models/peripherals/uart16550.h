#pragma once
// NS16550A-compatible UART, transmit side only, registers one byte apart (reg-shift 0).
// THR bytes go to stdout (when echo is set; flushed at each newline and at the end of the
// run) and to the transcript file (written as "<file>.<pid>.part" and renamed when the run
// ends; a write error fails the run with its reason, common/output_file.h). The transmitter is
// infinitely fast: LSR always reads THR empty and transmitter empty; nothing is ever received (RBR
// reads 0, LSR.DR clear). There is no interrupt line: IIR reports the THR-empty condition when IER
// enables it.

#include "common/component.h"
#include "common/output_file.h"
#include "reg_bank.h"

#include <memory>
#include <string>
#include <tlm_utils/simple_target_socket.h>

namespace trvp {

struct uart_params {
    std::string transcript; // file that receives every transmitted byte; empty: none
    bool echo = true;       // copy transmitted bytes to stdout
};

class uart16550 : public component {
public:
    tlm_utils::simple_target_socket<uart16550, 32> regs;

    uart16550(const sc_core::sc_module_name& nm, sim_env& env, const uart_params& p);
    ~uart16550() override;

    /** Flushes stdout and publishes the transcript; throws user_error on a write error. */
    void end_of_run() override;

private:
    // Register bits.
    static constexpr uint8_t lcr_dlab = 0x80;   // divisor latch access
    static constexpr uint8_t ier_etbei = 0x02;  // THR-empty interrupt enable
    static constexpr uint8_t fcr_enable = 0x01; // FIFOs enabled (IIR bits 7:6 read 11)
    static constexpr uint8_t lsr_thre = 0x20, lsr_temt = 0x40;
    static constexpr uint8_t msr_cts = 0x10, msr_dsr = 0x20, msr_dcd = 0x80;

    const uart_params m_params;
    reg_bank m_regs;
    uint8_t m_dll = 0, m_dlm = 0, m_ier = 0, m_fcr = 0;
    std::unique_ptr<output_file> m_transcript; // null when there is none
    std::string m_line;                        // stdout bytes not yet flushed
    reg_bank::reg* m_lcr;
    stats::counter m_tx_bytes;

    bool dlab() const { return m_lcr->get() & lcr_dlab; }
    uint8_t iir() const;
    void transmit(uint8_t c);
    void flush();
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        m_regs.b_transport(trans, delay);
    }
};

} // namespace trvp
