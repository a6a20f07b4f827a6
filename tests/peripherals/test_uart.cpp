#define BOOST_TEST_MODULE uart16550
#include "common/sc_test_main.h"
#include "common/tb_initiator.h"
#include "common/test_env.h"
#include "peripherals/uart16550.h"

#include "common/errors.h"

#include <fstream>
#include <iterator>
#include <unistd.h>

using namespace trvp;
using namespace sc_core;
using trvp::test::tb_initiator;
using trvp::test::test_env;

namespace {

enum : uint64_t { THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

struct bench {
    test_env te;
    tb_initiator cpu{"cpu"};
    uart16550 uart;
    explicit bench(const uart_params& p) : uart("uart", te.env, p) {
        cpu.socket.bind(uart.target("regs"));
        sc_start(SC_ZERO_TIME);
    }
    void put(uint64_t reg, uint8_t v) {
        cpu.write32(reg, v, 1);
        BOOST_TEST(cpu.status == tlm::TLM_OK_RESPONSE);
    }
    uint8_t get(uint64_t reg) { return uint8_t(cpu.read32(reg, 1)); }
};

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

uart_params quiet(const std::string& transcript) {
    uart_params p;
    p.transcript = transcript;
    p.echo = false;
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(transcript_gets_every_byte) {
    const std::string path = "test_uart_transcript.txt";
    {
        test_env te; // modules can only be built before the simulation starts
        BOOST_CHECK_THROW(uart16550("bad", te.env, quiet("/nonexistent/dir/t.txt")), user_error);
    }
    {
        uart_params p;
        p.transcript = path;
        p.echo = true; // also on stdout: "hello" then "tail"
        bench b(p);
        for (char c : std::string("hello\n")) b.put(THR, uint8_t(c));
        // Flushed at the newline into the temporary file; the name appears at the end.
        const std::string part = path + "." + std::to_string(getpid()) + ".part";
        BOOST_TEST(slurp(part) == "hello\n");
        BOOST_TEST(!std::ifstream(path));
        for (char c : std::string("tail")) b.put(THR, uint8_t(c));
        b.uart.end_of_run();
        BOOST_TEST(slurp(path) == "hello\ntail");
        BOOST_TEST(!std::ifstream(part));
        BOOST_TEST(b.te.count("uart.tx_bytes") == 10u);
    }
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(lsr_and_registers) {
    const std::string path = "test_uart_regs.txt";
    {
        bench b(quiet(path));
        BOOST_TEST(b.get(LSR) == 0x60); // THR empty, transmitter empty, no data ready
        BOOST_TEST(b.get(THR) == 0);    // RBR: nothing received
        BOOST_TEST(b.get(IIR) == 0x01); // no interrupt pending
        b.put(LSR, 0x00);               // read-only
        BOOST_TEST(b.get(LSR) == 0x60);
        BOOST_TEST(b.get(MSR) == 0xb0);

        // Divisor latch behind DLAB: no byte is transmitted while it is set.
        b.put(LCR, 0x83);
        b.put(THR, 0x0c); // DLL
        b.put(IER, 0x01); // DLM
        BOOST_TEST(b.get(THR) == 0x0c);
        BOOST_TEST(b.get(IER) == 0x01);
        b.put(LCR, 0x03);
        BOOST_TEST(b.get(LCR) == 0x03);
        BOOST_TEST(b.get(IER) == 0x00);
        BOOST_TEST(b.get(THR) == 0x00);
        b.put(THR, 'A');

        b.put(IER, 0x02);
        BOOST_TEST(b.get(IIR) == 0x02); // THR-empty interrupt pending
        b.put(FCR, 0x07);
        BOOST_TEST(b.get(IIR) == 0xc2); // FIFOs enabled
        b.put(MCR, 0xff);
        BOOST_TEST(b.get(MCR) == 0x1f);
        b.put(SCR, 0x5a);
        BOOST_TEST(b.get(SCR) == 0x5a);
        b.uart.end_of_run();
        BOOST_TEST(slurp(path) == "A");
        BOOST_TEST(b.te.count("uart.tx_bytes") == 1u);
    }
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(bad_accesses_are_errors) {
    bench b(quiet(""));
    b.cpu.write32(THR, 0x41414141); // four registers at once
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(8, 1); // outside the eight registers
    BOOST_TEST(b.cpu.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    uint8_t v = 0, be = TLM_BYTE_ENABLED;
    sc_time d = SC_ZERO_TIME;
    BOOST_TEST(b.cpu.access(tlm::TLM_WRITE_COMMAND, THR, &v, 1, d, nullptr, 0, &be, 1) ==
               tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    BOOST_TEST(b.te.count("uart.tx_bytes") == 0u);
}
