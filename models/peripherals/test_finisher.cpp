#include "test_finisher.h"

#include <cstdio>

namespace trvp {

test_finisher::test_finisher(const sc_core::sc_module_name& nm, sim_env& env,
                             const test_finisher_params&)
    : component(nm, env), regs("regs"), m_regs(name()) {
    m_regs.add("command", 0, 4)
        .on_read([]() -> uint64_t { return 0; })
        .on_write([this](uint64_t v) { command(static_cast<uint32_t>(v)); });
    regs.register_b_transport(this, &test_finisher::b_transport);
    expose_target("regs", regs);
}

void test_finisher::command(uint32_t v) {
    const uint32_t status = v & 0xffff;
    const int code = static_cast<int>(v >> 16);
    if (status == pass) {
        env().control.request_exit(0, "finisher: pass");
    } else if (status == fail) {
        env().control.request_exit(code ? code : 1, "finisher: fail, code " + std::to_string(code));
    } else if (status == reset) {
        env().control.request_exit(reset_exit_code, "finisher: reset requested (0x7777), "
                                                    "which this platform does not support");
    } else {
        char buf[80];
        std::snprintf(buf, sizeof buf, "%s: ignoring unknown command 0x%08x", name(), v);
        SC_REPORT_WARNING("trvp/finisher", buf);
    }
}

} // namespace trvp
