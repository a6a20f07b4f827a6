#pragma once
// Registers as declared objects (name, offset, size, reset value, read/write callbacks)
// instead of a switch over addresses. A device owns one reg_bank, declares its registers
// in its constructor and forwards its target socket's b_transport to the bank.
//
// Accesses must lie within one register; narrower accesses read or merge the bytes they
// cover (little endian), so a 64-bit register is also reachable as two 32-bit halves.
// Anything else (a gap, a straddle) is TLM_ADDRESS_ERROR_RESPONSE; byte enables and
// streaming are rejected with their own error statuses.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <systemc>
#include <tlm>

namespace trvp {

class reg_bank {
public:
    class reg {
    public:
        using read_fn = std::function<uint64_t()>;
        using write_fn = std::function<void(uint64_t)>;

        reg(std::string name, uint64_t offset, unsigned size, uint64_t reset);

        /** Reads return fn() instead of the stored value. */
        reg& on_read(read_fn fn) {
            m_read = std::move(fn);
            return *this;
        }
        /** Writes call fn(new value) instead of storing it (fn may call set()). */
        reg& on_write(write_fn fn) {
            m_write = std::move(fn);
            return *this;
        }
        /** Writes are ignored, as on hardware. */
        reg& read_only() {
            m_writable = false;
            return *this;
        }

        const std::string& name() const { return m_name; }
        uint64_t offset() const { return m_offset; }
        unsigned size() const { return m_size; }
        uint64_t get() const { return m_value; }
        void set(uint64_t v) { m_value = v & mask(); }
        void reset() { m_value = m_reset; }
        uint64_t mask() const { return m_size >= 8 ? ~0ull : (1ull << (8 * m_size)) - 1; }

        uint64_t read() const { return (m_read ? m_read() : m_value) & mask(); }
        void write(uint64_t v);

    private:
        std::string m_name;
        uint64_t m_offset;
        unsigned m_size;
        uint64_t m_reset;
        uint64_t m_value;
        bool m_writable = true;
        read_fn m_read;
        write_fn m_write;
    };

    /** `owner` names the device in panic messages. */
    explicit reg_bank(std::string owner) : m_owner(std::move(owner)) {}

    /** Declares a register of `size` bytes (1, 2, 4 or 8); overlaps are model bugs. */
    reg& add(const std::string& name, uint64_t offset, unsigned size, uint64_t reset = 0);
    reg& operator[](const std::string& name);
    /** Every register back to its reset value. */
    void reset();

    /** Serves a request at `offset` within the device's window. */
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    /** The requester's local time (sc_time_stamp() + delay) of the access being served. */
    const sc_core::sc_time& now() const { return m_now; }

private:
    std::string m_owner;
    std::map<uint64_t, reg> m_regs; // by offset
    sc_core::sc_time m_now;
};

} // namespace trvp
