#include "traffic_generator.h"

#include <algorithm>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace trvp {

using namespace sc_core;

traffic_generator::traffic_generator(const sc_module_name& nm, sim_env& env,
                                     const traffic_params& p)
    : component(nm, env), mem("mem"), m_params(p),
      m_pattern(p, "traffic generator '" + std::string(name()) + "'"), m_end(p.start) {
    expose_initiator("mem", mem);
    env.control.on_exit([this] { m_stop = true; });
    SC_HAS_PROCESS(traffic_generator);
    SC_THREAD(run);
}

double traffic_generator::bandwidth() const {
    const double s = (m_end - m_params.start).to_seconds();
    return s > 0 ? double(m_bytes.value()) / s : 0.0;
}

void traffic_generator::run() {
    const sc_time period = env().clock_period;
    const sc_time interval = period * double(m_params.issue_interval);
    const unsigned k = m_params.in_flight;
    std::vector<sc_time> slot(k, m_params.start); // completion of the last request per slot
    std::vector<uint8_t> data(m_params.line_size);

    tlm_utils::tlm_quantumkeeper qk;
    qk.reset();
    mem_ext ext;
    tlm::tlm_generic_payload p;
    p.set_data_ptr(data.data());
    p.set_data_length(m_params.line_size);
    p.set_streaming_width(m_params.line_size);
    p.set_byte_enable_ptr(nullptr);
    p.set_dmi_allowed(false);
    p.set_extension(&ext);

    // Key ids come only from trusted hardware: an untrusted initiator's is forced to 0.
    const uint16_t key_id = m_params.trusted_key_source ? m_params.key_id : 0;
    const bool forced = key_id != m_params.key_id;
    sc_time issue = m_params.start;
    for (uint64_t i = 0; i < m_params.requests && !m_stop; ++i) {
        issue = std::max(i ? issue + interval : issue, slot[i % k]);
        qk.set(issue - sc_time_stamp());
        if (qk.need_sync()) qk.sync();

        const traffic_pattern::request r = m_pattern.next();
        if (r.write) std::fill(data.begin(), data.end(), uint8_t(i));
        ext = mem_ext();
        ext.kind = access_kind::traffic;
        ext.key_id = key_id;
        if (forced) ++m_key_forced;
        p.set_command(r.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        p.set_address(r.addr);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay = issue - sc_time_stamp();
        mem->b_transport(p, delay);

        const sc_time done = sc_time_stamp() + delay;
        slot[i % k] = done;
        m_end = std::max(m_end, done);
        ++m_requests;
        ++(r.write ? m_writes : m_reads);
        if (p.is_response_error()) {
            ++m_errors;
            continue;
        }
        m_bytes += m_params.line_size;
        m_latency.sample(uint64_t((done - issue) / period + 0.5));
    }
    p.clear_extension(&ext);

    m_done = true;
    env().control.report_time(m_end);
    if (m_end > sc_time_stamp()) wait(m_end - sc_time_stamp());
    if (m_params.stop_when_done && !m_stop) env().control.request_exit(0, "traffic done");
}

} // namespace trvp
