#pragma once
// The platform's trace outputs (docs/platform.md#waveforms): the VCD tracer of
// outputs.vcd, written as VCD or converted to FST with GTKWave's vcd2fst at the end, and the
// instruction trace of outputs.trace (docs/core.md#instruction-trace). Built
// before the components (they declare their signals when built); close() is what the
// end-of-run path calls, also for an interrupted run.

#include "sections.h"

#include <memory>
#include <string>

namespace trvp {
class tracer;
class commit_trace;
struct sim_env;
} // namespace trvp

namespace trvp::platform {

/** The full path of `program` found on PATH; empty when it is not there. */
std::string find_program(const std::string& program);

class trace_outputs {
public:
    /** Opens the files `outputs` asks for (paths relative to `out_dir`) and hooks them into
     *  `env`. Throws user_error naming the key when a file cannot be created. */
    trace_outputs(const output_options& outputs, const std::string& out_dir, sim_env& env);
    ~trace_outputs();

    /** Writes what is buffered and closes every trace (converting to FST if asked); returns
     *  an error message, empty on success. Later calls return the first answer. */
    std::string close();

private:
    std::unique_ptr<tracer> m_vcd;
    std::unique_ptr<commit_trace> m_commits;
    std::string m_fst;      // outputs.vcd_format fst: the file to convert into
    std::string m_vcd_path; // the VCD the tracer writes (a temporary one for FST)
    bool m_closed = false;
    std::string m_result;
};

} // namespace trvp::platform
