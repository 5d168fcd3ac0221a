// SPDX-License-Identifier: MIT
#include "net/datagram_batch.h"

#include <cerrno>
#include <cstring>

namespace sb::net {

DatagramBatch::DatagramBatch(std::size_t capacity)
    : entries_(capacity), headers_(capacity), vectors_(capacity) {}

void DatagramBatch::add(const SocketAddress& to, std::string_view bytes,
                        const boost::asio::ip::address& from) {
  Entry& entry = entries_[count_++];
  entry.to = boost::asio::ip::udp::endpoint(to.ip, to.port);
  entry.bytes.assign(bytes);
  mmsghdr& header = headers_[count_ - 1];
  std::memset(&header, 0, sizeof header);
  entry.fromSet = !from.is_unspecified();
  if (entry.fromSet) {
    std::memset(entry.control, 0, sizeof entry.control);
    setSourceAddress(header.msg_hdr, entry.control, from, to.ip);
  }
}

DatagramBatch::Outcome DatagramBatch::send(int fd) {
  Outcome outcome;
  for (std::size_t i = 0; i < count_; ++i) {
    Entry& entry = entries_[i];
    vectors_[i] = iovec{entry.bytes.data(), entry.bytes.size()};
    msghdr& header = headers_[i].msg_hdr;
    header.msg_name = entry.to.data();
    header.msg_namelen = static_cast<socklen_t>(entry.to.size());
    header.msg_iov = &vectors_[i];
    header.msg_iovlen = 1;
    if (entry.fromSet) header.msg_control = entry.control;
  }
  std::size_t next = 0;
  while (next < count_) {
    const int n = ::sendmmsg(fd, headers_.data() + next, static_cast<unsigned>(count_ - next), MSG_DONTWAIT);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      // The datagram at `next` was refused (sendmmsg reports the error of the first one it
      // could not send); the ones after it may still go.
      ++outcome.failed;
      ++next;
      continue;
    }
    for (int i = 0; i < n; ++i) outcome.bytesSent += entries_[next + static_cast<std::size_t>(i)].bytes.size();
    outcome.sent += static_cast<std::size_t>(n);
    next += static_cast<std::size_t>(n);
  }
  count_ = 0;
  return outcome;
}

}  // namespace sb::net
