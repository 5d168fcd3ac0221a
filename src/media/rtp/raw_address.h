// SPDX-License-Identifier: MIT
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>

#include "net/socket_address.h"

namespace sb::media::rtp {

// A UDP peer's address in the kernel's own form (sockaddr_in or sockaddr_in6), so the relay
// compares packet sources and fills sendmmsg headers without converting anything per packet.
// Empty (AF_UNSPEC) when default-constructed. Knows nothing of latching or sockets.
class RawAddress {
 public:
  RawAddress();

  static RawAddress from(const net::SocketAddress& address);
  // What recvmmsg wrote as a datagram's source; nullopt unless AF_INET/AF_INET6 of full length.
  static std::optional<RawAddress> fromKernel(const sockaddr_storage& source, socklen_t length);

  net::SocketAddress toSocketAddress() const;
  const sockaddr* data() const { return &storage_.base; }
  socklen_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint16_t port() const;
  // The same host with another port (RTCP's default is the RTP port + 1, RFC 3550 §11).
  RawAddress withPort(std::uint16_t port) const;

  // Same family and address (and IPv6 scope), whatever the ports.
  bool sameHost(const RawAddress& other) const;
  // Family, address, port (and the IPv6 scope); flow labels are ignored.
  bool operator==(const RawAddress& other) const;

 private:
  union Storage {
    sockaddr base;
    sockaddr_in v4;
    sockaddr_in6 v6;
  };
  Storage storage_;
  socklen_t size_ = 0;
};

}  // namespace sb::media::rtp
