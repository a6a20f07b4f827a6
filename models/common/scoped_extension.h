#pragma once
// Attaches a stack-allocated extension to a payload for the duration of one call and
// detaches it on every exit path, exceptions included: a payload frees the extensions still
// attached when it is destroyed, which must never reach a stack object.

#include <tlm>

namespace trvp {

class scoped_extension {
public:
    template <class Ext>
    scoped_extension(tlm::tlm_generic_payload& t, Ext& ext) : m_t(t) {
        t.set_extension(&ext);
        m_clear = [](tlm::tlm_generic_payload& p) { p.clear_extension<Ext>(); };
    }
    ~scoped_extension() { m_clear(m_t); }
    scoped_extension(const scoped_extension&) = delete;
    scoped_extension& operator=(const scoped_extension&) = delete;

private:
    tlm::tlm_generic_payload& m_t;
    void (*m_clear)(tlm::tlm_generic_payload&);
};

} // namespace trvp
