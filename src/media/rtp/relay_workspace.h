// SPDX-License-Identifier: MIT
#pragma once
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "media/rtp/raw_address.h"

namespace sb::media::rtp {

// The scratch memory every RelaySession on one loop thread drains into: recvmmsg slots and
// their sources, the spare buffers transforms write into, and a sendmmsg batch. Sessions use it
// only inside one drain, so a thousand calls share ~150 KB that stays in cache instead of owning
// 150 MB. Allocated once; nothing here allocates afterwards. Not thread-safe: one per loop thread.
class RelayWorkspace {
 public:
  static constexpr std::size_t kBatch = 32;  // datagrams per recvmmsg and per sendmmsg
  // Larger than any RTP packet on an Ethernet path (RTP avoids IP fragmentation); a bigger
  // datagram is truncated by the kernel and dropped as malformed.
  static constexpr std::size_t kSlotBytes = 2048;

  RelayWorkspace();
  RelayWorkspace(const RelayWorkspace&) = delete;
  RelayWorkspace& operator=(const RelayWorkspace&) = delete;

  // Receives up to `most` (at most kBatch) datagrams from `fd` without blocking. Returns how many;
  // 0 when none is waiting (or on an error, which on UDP concerns one datagram, never the socket).
  std::size_t receive(int fd, std::size_t most = kBatch);
  std::span<std::uint8_t> datagram(std::size_t i);
  bool truncated(std::size_t i) const {
    return (receiveHeaders_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
  }
  const sockaddr_storage& source(std::size_t i) const { return sources_[i]; }
  socklen_t sourceSize(std::size_t i) const { return receiveHeaders_[i].msg_hdr.msg_namelen; }
  // Free memory of kSlotBytes that belongs to received slot i for this drain.
  std::span<std::uint8_t> spare(std::size_t i);

  // The outgoing batch: queue, then send to one socket. `bytes` must stay valid until send()
  // (received slots and spare buffers do). `tag` is the caller's, returned by tagOf().
  void clearOutgoing() { outgoing_ = 0; }
  std::size_t outgoing() const { return outgoing_; }
  void queue(const RawAddress& to, std::span<const std::uint8_t> bytes, std::uint8_t tag);
  // Sends the queued datagrams from `fd` with sendmmsg. A datagram the kernel refuses (buffer
  // full, no route, wrong family) is skipped; sent(i) tells which went. Empties nothing: read the
  // results, then clearOutgoing().
  void send(int fd);
  bool sent(std::size_t i) const { return sent_[i]; }
  std::size_t sentBytes(std::size_t i) const { return sendVectors_[i].iov_len; }
  std::uint8_t tagOf(std::size_t i) const { return tags_[i]; }

 private:
  using Slot = std::array<std::uint8_t, kSlotBytes>;
  std::unique_ptr<Slot[]> slots_;   // kBatch received datagrams
  std::unique_ptr<Slot[]> spares_;  // kBatch transform outputs
  std::array<mmsghdr, kBatch> receiveHeaders_{};
  std::array<iovec, kBatch> receiveVectors_{};
  std::array<sockaddr_storage, kBatch> sources_{};

  std::size_t outgoing_ = 0;
  std::array<mmsghdr, kBatch> sendHeaders_{};
  std::array<iovec, kBatch> sendVectors_{};
  std::array<RawAddress, kBatch> destinations_{};
  std::array<std::uint8_t, kBatch> tags_{};
  std::array<bool, kBatch> sent_{};
};

}  // namespace sb::media::rtp
