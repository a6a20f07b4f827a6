#include "commit_trace.h"

#include <cerrno>
#include <cstring>

namespace trvp {

namespace {
constexpr size_t chunk = size_t(1) << 20;
}

commit_trace::commit_trace(std::string path, const commit_trace_options& o)
    : m_path(std::move(path)), m_opts(o) {
    m_file = std::fopen(m_path.c_str(), "wb");
    if (!m_file) m_error = "cannot write trace file '" + m_path + "': " + std::strerror(errno);
    m_text.reserve(chunk + 512);
}

commit_trace::~commit_trace() {
    close();
}

void commit_trace::line(const std::string& text) {
    if (m_closed) return;
    m_text += text;
    m_text += '\n';
    ++m_lines;
    if (m_text.size() >= chunk) drain();
}

void commit_trace::drain() {
    if (m_file && m_error.empty() && !m_text.empty() &&
        std::fwrite(m_text.data(), 1, m_text.size(), m_file) != m_text.size())
        m_error = "error while writing trace file '" + m_path + "': " + std::strerror(errno);
    m_text.clear();
}

bool commit_trace::close() {
    if (m_closed) return m_error.empty();
    m_closed = true;
    drain();
    if (m_file && std::fclose(m_file) != 0 && m_error.empty())
        m_error = "error while writing trace file '" + m_path + "': " + std::strerror(errno);
    m_file = nullptr;
    return m_error.empty();
}

} // namespace trvp
