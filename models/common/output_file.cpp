#include "output_file.h"

#include "user_error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <streambuf>
#include <unistd.h>
#include <vector>

namespace trvp {

namespace {

// Writes all of [data, data + len) at the file offset (or appends when offset < 0);
// returns 0 or the errno of the failure.
int write_all(int fd, const char* data, size_t len, off_t offset) {
    while (len > 0) {
        const ssize_t n = offset < 0 ? ::write(fd, data, len) : ::pwrite(fd, data, len, offset);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return EIO;
        data += n;
        len -= size_t(n);
        if (offset >= 0) offset += n;
    }
    return 0;
}

} // namespace

// The stream's buffer: 64 KiB, handed to write(2) when full, on flush() and at commit().
class output_file::buffer : public std::streambuf {
public:
    explicit buffer(output_file& f) : m_file(f), m_data(64 * 1024) {
        setp(m_data.data(), m_data.data() + m_data.size());
    }
    bool drain() {
        const size_t n = size_t(pptr() - pbase());
        setp(m_data.data(), m_data.data() + m_data.size());
        if (n == 0 || m_file.m_errno) return !m_file.m_errno;
        if (const int err = write_all(m_file.m_fd, m_data.data(), n, -1)) m_file.fail(err);
        return !m_file.m_errno;
    }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    output_file& m_file;
    std::vector<char> m_data;
};

output_file::output_file(std::string path)
    : m_path(std::move(path)), m_temp(m_path + "." + std::to_string(::getpid()) + ".part") {
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) throw user_error(m_path + ": cannot create: " + std::strerror(errno));
    m_buf = std::make_unique<buffer>(*this);
    m_os = std::make_unique<std::ostream>(m_buf.get());
}

output_file::~output_file() {
    discard();
}

void output_file::write_at(const void* data, uint64_t len, uint64_t offset) {
    flush();
    if (m_errno) return;
    if (const int err = write_all(m_fd, static_cast<const char*>(data), size_t(len), off_t(offset)))
        fail(err);
}

void output_file::resize(uint64_t size) {
    flush();
    if (!m_errno && ::ftruncate(m_fd, off_t(size)) != 0) fail(errno);
}

void output_file::flush() {
    if (m_fd >= 0) m_buf->drain();
}

std::string output_file::error() const {
    return m_errno ? m_path + ": write failed: " + std::strerror(m_errno) : std::string();
}

void output_file::commit() {
    if (m_committed) return;
    if (m_fd < 0) throw user_error(m_path + ": write failed: the file was discarded");
    flush();
    if (::close(m_fd) != 0) fail(errno);
    m_fd = -1;
    if (!m_errno && std::rename(m_temp.c_str(), m_path.c_str()) != 0) fail(errno);
    if (m_errno) {
        const std::string why = error();
        ::unlink(m_temp.c_str());
        throw user_error(why);
    }
    m_committed = true;
}

void output_file::discard() {
    if (m_fd < 0) return;
    ::close(m_fd);
    m_fd = -1;
    ::unlink(m_temp.c_str());
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& fill) {
    output_file f(path);
    fill(f.stream());
    f.commit();
}

} // namespace trvp
