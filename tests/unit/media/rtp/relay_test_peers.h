// SPDX-License-Identifier: MIT
#pragma once
// Test-side phones on 127.0.0.1 for the relay tests: plain non-blocking UDP sockets the test
// writes and reads directly while it drives the relay's io_context with poll().
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "media/rtp/raw_address.h"
#include "net/socket_address.h"

namespace sb::media::rtp::testing {

inline const boost::asio::ip::address kLoopback = boost::asio::ip::make_address("127.0.0.1");

// An RTP packet of `payloadBytes` (160: 20 ms of G.711) with the given header fields.
inline std::vector<std::uint8_t> rtpPacket(std::uint16_t sequence, std::uint8_t payloadType = 0,
                                           std::uint32_t ssrc = 0x11223344,
                                           std::size_t payloadBytes = 160) {
  std::vector<std::uint8_t> p(12 + payloadBytes, 0xd5);
  const std::uint32_t timestamp = sequence * 160u;
  p[0] = 0x80;
  p[1] = payloadType;
  p[2] = static_cast<std::uint8_t>(sequence >> 8);
  p[3] = static_cast<std::uint8_t>(sequence);
  for (int i = 0; i < 4; ++i) {
    p[4 + i] = static_cast<std::uint8_t>(timestamp >> (24 - 8 * i));
    p[8 + i] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * i));
  }
  return p;
}

// The smallest valid compound RTCP packet: an RR without report blocks (RFC 3550 §6.4.2).
inline std::vector<std::uint8_t> rtcpReceiverReport(std::uint32_t ssrc) {
  return {0x80,
          201,
          0x00,
          0x01,
          static_cast<std::uint8_t>(ssrc >> 24),
          static_cast<std::uint8_t>(ssrc >> 16),
          static_cast<std::uint8_t>(ssrc >> 8),
          static_cast<std::uint8_t>(ssrc)};
}

// One UDP socket on 127.0.0.1 standing in for a phone's RTP or RTCP port.
class Phone {
 public:
  // On an ephemeral port, or on `port` (throws if it is taken).
  explicit Phone(std::uint16_t port = 0) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error("cannot bind a test socket");
    }
    socklen_t length = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &length);
    address_ = {kLoopback, ntohs(a.sin_port)};
  }
  Phone(const Phone&) = delete;
  Phone& operator=(const Phone&) = delete;
  ~Phone() { ::close(fd_); }

  const net::SocketAddress& address() const { return address_; }
  int receiveFd() const { return fd_; }

  void send(const net::SocketAddress& to, std::span<const std::uint8_t> bytes) const {
    const RawAddress raw = RawAddress::from(to);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, raw.data(), raw.size());
  }
  // One datagram if one is waiting.
  std::optional<std::vector<std::uint8_t>> receive() const {
    std::vector<std::uint8_t> buffer(65536);
    const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(n));
    return buffer;
  }
  // Into caller memory, for the allocation test: bytes received, or -1 when none is waiting.
  ssize_t receiveInto(std::span<std::uint8_t> into) const {
    return ::recv(fd_, into.data(), into.size(), MSG_DONTWAIT);
  }
  // How many datagrams were waiting (and are now gone).
  int drain() const {
    int count = 0;
    std::uint8_t buffer[2048];
    while (::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT) >= 0) ++count;
    return count;
  }

 private:
  int fd_ = -1;
  net::SocketAddress address_;
};

// Runs the relay's loop (poll, never sleeping on purpose) until `done` holds; gives up after two
// seconds of real time so a broken relay fails the test instead of hanging it.
template <typename Done>
bool pumpUntil(boost::asio::io_context& io, Done done) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (;;) {
    io.restart();
    io.poll();
    if (done()) return true;
    if (std::chrono::steady_clock::now() > end) return false;
    io.restart();
    io.run_one_for(std::chrono::milliseconds(1));
  }
}

}  // namespace sb::media::rtp::testing
