// SPDX-License-Identifier: MIT
#include "base/append_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sb {
namespace {
constexpr std::size_t kFlushAtBytes = 64 * 1024;
}

Result<std::unique_ptr<AppendFile>> AppendFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return fail("cannot open " + path + ": " + std::strerror(errno));
  return std::unique_ptr<AppendFile>(new AppendFile(fd));
}

AppendFile::~AppendFile() {
  flush();
  ::close(fd_);
}

void AppendFile::appendLine(std::string_view line) {
  pending_.append(line).push_back('\n');
  if (pending_.size() >= kFlushAtBytes) flush();
}

void AppendFile::flush() {
  std::size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    // A full disk or a removed file: the lines are lost rather than held without bound, and the
    // server goes on (its calls matter more than its log).
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  pending_.clear();
  if (pending_.capacity() > 4 * kFlushAtBytes) pending_.shrink_to_fit();
}

}  // namespace sb
