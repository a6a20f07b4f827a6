#include "clint.h"

#include "common/errors.h"

#include <cmath>
#include <limits>

namespace trvp {

clint::clint(const sc_core::sc_module_name& nm, sim_env& env, const clint_params& p)
    : component(nm, env), regs("regs"), m_params(p), m_regs(name()) {
    const double hz = p.timebase_hz;
    if (!std::isfinite(hz) || hz < 1 || hz > 1e15 || std::floor(hz) != hz)
        throw user_error(std::string(name()) + ": timebase_hz must be a whole number of Hz " +
                         "between 1 and 1e15, got " + std::to_string(hz));
    m_hz = static_cast<uint64_t>(hz);
    m_units =
        static_cast<uint64_t>(std::llround(1.0 / sc_core::sc_get_time_resolution().to_seconds()));

    m_msip = &m_regs.add("msip", msip_offset, 4).on_write([this](uint64_t v) {
        m_msip->set(v & 1);
        if (m_irq) m_irq->set_irq(msip_line, v & 1);
    });
    m_mtimecmp = &m_regs.add("mtimecmp", mtimecmp_offset, 8, ~0ull).on_write([this](uint64_t v) {
        m_mtimecmp->set(v);
        if (m_irq) m_irq->set_irq_deadline(mtip_line, deadline());
    });
    m_regs.add("mtime", mtime_offset, 8)
        .on_read([this]() -> uint64_t { return mtime_at(m_regs.now()); })
        .on_write([this](uint64_t v) {
            m_offset = static_cast<__int128>(v) - ticks(m_regs.now());
            if (m_irq) m_irq->set_irq_deadline(mtip_line, deadline());
        });

    regs.register_b_transport(this, &clint::b_transport);
    expose_target("regs", regs);
    expose_irq_output("irq", m_irq);
}

void clint::start_of_simulation() {
    if (!m_irq) return;
    m_irq->set_irq(msip_line, m_msip->get() & 1);
    m_irq->set_irq_deadline(mtip_line, deadline());
}

uint64_t clint::ticks(const sc_core::sc_time& t) const {
    using u128 = unsigned __int128;
    return static_cast<uint64_t>(u128(t.value()) * m_hz / m_units);
}

uint64_t clint::mtime_at(const sc_core::sc_time& t) const {
    return static_cast<uint64_t>(ticks(t) + m_offset);
}

sc_core::sc_time clint::time_of(uint64_t value) const {
    if (value == std::numeric_limits<uint64_t>::max()) return sc_core::sc_max_time();
    const __int128 need = static_cast<__int128>(value) - m_offset; // ticks needed
    if (need <= 0) return sc_core::SC_ZERO_TIME;
    // Smallest t with floor(t * hz / units) >= need.
    const __int128 t = (need * m_units + m_hz - 1) / m_hz;
    if (t > static_cast<__int128>(std::numeric_limits<uint64_t>::max()))
        return sc_core::sc_max_time();
    return sc_core::sc_time::from_value(static_cast<uint64_t>(t));
}

} // namespace trvp
