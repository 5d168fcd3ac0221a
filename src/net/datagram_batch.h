// SPDX-License-Identifier: MIT
#pragma once
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/datagram_destination.h"
#include "net/socket_address.h"

namespace sb::net {

// Datagrams waiting to leave one UDP socket together: sendmmsg sends them all with one system
// call instead of one sendto each. A system call costs about a microsecond before it does any
// work on a virtual machine like the benchmark's, as much as building a SIP response.
class DatagramBatch {
 public:
  explicit DatagramBatch(std::size_t capacity);
  DatagramBatch(const DatagramBatch&) = delete;
  DatagramBatch& operator=(const DatagramBatch&) = delete;

  bool empty() const { return count_ == 0; }
  bool full() const { return count_ == entries_.size(); }

  // Queues a copy of `bytes` (the caller's buffer may be gone when the batch leaves) for `to`,
  // from the local address `from` unless it is unspecified. The batch must not be full.
  void add(const SocketAddress& to, std::string_view bytes, const boost::asio::ip::address& from);

  struct Outcome {
    std::size_t sent = 0;
    std::size_t failed = 0;  // refused by the kernel (buffer full, no route): skipped
    std::uint64_t bytesSent = 0;
  };
  // Sends every queued datagram without blocking, in order, and empties the batch.
  Outcome send(int fd);
  // Empties the batch without sending; returns how many datagrams it held.
  std::size_t discard() { return std::exchange(count_, 0); }

 private:
  struct Entry {
    boost::asio::ip::udp::endpoint to;
    std::string bytes;  // keeps its capacity from one batch to the next
    alignas(cmsghdr) unsigned char control[kDestinationControlSize];
    bool fromSet = false;
  };
  std::vector<Entry> entries_;
  std::vector<mmsghdr> headers_;
  std::vector<iovec> vectors_;
  std::size_t count_ = 0;
};

}  // namespace sb::net
