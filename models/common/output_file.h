#pragma once
// An output file that is never seen half written: bytes go to a temporary file in the same
// folder ("<path>.<pid>.part"), and commit() renames it over `path` once it is complete. A
// write error (a full disk, a file size limit) names the file and the system's reason
// (strerror), and leaves neither the temporary file nor a truncated `path` behind.
// docs/platform.md, "Outputs".

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace trvp {

class output_file {
public:
    /** Creates the temporary file; throws user_error naming `path` and the reason. */
    explicit output_file(std::string path);
    /** Without commit(): the temporary file is removed and `path` is left untouched. */
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;

    /** Buffered sequential writes; the first error is kept and reported by commit(). */
    std::ostream& stream() { return *m_os; }
    /** Writes `len` bytes at `offset` (sparse dumps; after any stream() bytes). */
    void write_at(const void* data, uint64_t len, uint64_t offset);
    /** Sets the file's size (holes read as zeros). */
    void resize(uint64_t size);
    /** Hands buffered bytes to the system (the final name appears only at commit()). */
    void flush();
    /** Flushes, closes and renames the file to path(); throws user_error
     *  "<path>: write failed: <reason>" (and removes the temporary file) on any error. */
    void commit();
    /** Drops the temporary file (idempotent). */
    void discard();

    const std::string& path() const { return m_path; }
    const std::string& temp_path() const { return m_temp; }
    bool committed() const { return m_committed; }
    /** The first error so far ("" when none): the text commit() would throw. */
    std::string error() const;

private:
    class buffer;
    std::string m_path, m_temp;
    int m_fd = -1;
    int m_errno = 0; // first failure
    bool m_committed = false;
    std::unique_ptr<buffer> m_buf;
    std::unique_ptr<std::ostream> m_os;

    void fail(int err) {
        if (!m_errno) m_errno = err;
    }
    friend class buffer;
};

/** Writes `path` through an output_file: `fill` writes the contents, then commit(). */
void write_output(const std::string& path, const std::function<void(std::ostream&)>& fill);

} // namespace trvp
