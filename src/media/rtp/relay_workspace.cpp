// SPDX-License-Identifier: MIT
#include "media/rtp/relay_workspace.h"

#include <cassert>
#include <cerrno>
#include <cstring>

namespace sb::media::rtp {

RelayWorkspace::RelayWorkspace()
    : slots_(std::make_unique<Slot[]>(kBatch)), spares_(std::make_unique<Slot[]>(kBatch)) {
  for (std::size_t i = 0; i < kBatch; ++i) {
    receiveVectors_[i] = iovec{slots_[i].data(), kSlotBytes};
    receiveHeaders_[i].msg_hdr.msg_iov = &receiveVectors_[i];
    receiveHeaders_[i].msg_hdr.msg_iovlen = 1;
    receiveHeaders_[i].msg_hdr.msg_name = &sources_[i];
    sendHeaders_[i].msg_hdr.msg_iov = &sendVectors_[i];
    sendHeaders_[i].msg_hdr.msg_iovlen = 1;
  }
}

std::size_t RelayWorkspace::receive(int fd, std::size_t most) {
  assert(most >= 1 && most <= kBatch);
  // The kernel overwrites the name length and flags; everything else stays as set up above.
  for (std::size_t i = 0; i < most; ++i) {
    receiveHeaders_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    receiveHeaders_[i].msg_hdr.msg_flags = 0;
  }
  for (;;) {
    const int count =
        ::recvmmsg(fd, receiveHeaders_.data(), static_cast<unsigned>(most), MSG_DONTWAIT, nullptr);
    if (count > 0) return static_cast<std::size_t>(count);
    if (count < 0 && errno == EINTR) continue;
    return 0;
  }
}

std::span<std::uint8_t> RelayWorkspace::datagram(std::size_t i) {
  const std::size_t length = receiveHeaders_[i].msg_len;
  return {slots_[i].data(), length < kSlotBytes ? length : kSlotBytes};
}

std::span<std::uint8_t> RelayWorkspace::spare(std::size_t i) {
  return {spares_[i].data(), kSlotBytes};
}

void RelayWorkspace::queue(const RawAddress& to, std::span<const std::uint8_t> bytes,
                           std::uint8_t tag) {
  assert(outgoing_ < kBatch);
  const std::size_t i = outgoing_++;
  // Copied: the session's destination may change while the batch is still being filled.
  destinations_[i] = to;
  sendHeaders_[i].msg_hdr.msg_name = const_cast<sockaddr*>(destinations_[i].data());
  sendHeaders_[i].msg_hdr.msg_namelen = destinations_[i].size();
  sendVectors_[i] = iovec{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
  tags_[i] = tag;
  sent_[i] = false;
}

void RelayWorkspace::send(int fd) {
  std::size_t at = 0;
  while (at < outgoing_) {
    const int count = ::sendmmsg(fd, sendHeaders_.data() + at,
                                 static_cast<unsigned>(outgoing_ - at), MSG_DONTWAIT);
    if (count > 0) {
      for (std::size_t i = at; i < at + static_cast<std::size_t>(count); ++i) sent_[i] = true;
      at += static_cast<std::size_t>(count);
      continue;
    }
    if (count < 0 && errno == EINTR) continue;
    // The datagram at `at` failed. A full send buffer fails the rest too: media is not queued,
    // a late packet is worth nothing. Anything else (no route, wrong family) is about that one.
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) return;
    ++at;
  }
}

}  // namespace sb::media::rtp
