#pragma once
// SiFive test device ("sifive,test0"): a 32-bit register at offset 0 that ends the run.
//   0x5555             pass: exit code 0
//   (code << 16)|0x3333 fail: exit code `code`; a code of 0 is reported as 1 so that a
//                       failure can never read as a pass
//   0x7777             reset: not supported, reported as a failure (exit code -1)
// Other values are ignored with a warning (id trvp/finisher). Reads return 0.

#include "common/component.h"
#include "reg_bank.h"

#include <tlm_utils/simple_target_socket.h>

namespace trvp {

struct test_finisher_params {};

class test_finisher : public component {
public:
    static constexpr uint32_t pass = 0x5555, fail = 0x3333, reset = 0x7777;
    static constexpr int reset_exit_code = -1;

    tlm_utils::simple_target_socket<test_finisher, 32> regs;

    test_finisher(const sc_core::sc_module_name& nm, sim_env& env, const test_finisher_params& p);

private:
    reg_bank m_regs;

    void command(uint32_t v);
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        m_regs.b_transport(trans, delay);
    }
};

} // namespace trvp
