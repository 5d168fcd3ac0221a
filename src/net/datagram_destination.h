// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>

#include "net/socket_address.h"

namespace sb::net {

// On a socket bound to the wildcard address (0.0.0.0 or ::), which of the host's addresses a
// datagram was sent to (IP_PKTINFO, IPV6_PKTINFO), and answering from that address. A server
// on a host with several addresses (LAN and VPN, a second NIC) must answer from the address it
// was asked on: the kernel would otherwise pick the source by route, and the client, a NAT or a
// stateful firewall between them sees an answer from a stranger.

// Asks the kernel to report each datagram's destination address. False if it refuses.
bool reportDestinations(int fd, bool ipv6);

// Room for one report in a msghdr's control buffer, for callers that receive with their own
// headers (recvmmsg), and the address to answer from that a received header reports: for IPv4
// the kernel's choice of local address for the reply (ipi_spec_dst, a unicast address even when
// the datagram was a broadcast), for IPv6 the destination unless it was multicast.
inline constexpr std::size_t kDestinationControlSize = CMSG_SPACE(sizeof(in6_pktinfo));
std::optional<boost::asio::ip::address> replyAddressOf(const msghdr& header);

struct ReceivedDatagram {
  std::size_t size = 0;
  SocketAddress from;
  std::optional<boost::asio::ip::address> to;  // when reportDestinations() is on
  bool truncated = false;
};

// One datagram without blocking; nullopt when none is waiting (or on an error).
std::optional<ReceivedDatagram> receiveDatagram(int fd, std::span<std::uint8_t> buffer);

// Makes `header` (whose control buffer `control` holds kDestinationControlSize bytes) send from
// the local address `from` to a peer at `to`; nothing when their families differ.
void setSourceAddress(msghdr& header, unsigned char* control, const boost::asio::ip::address& from,
                      const boost::asio::ip::address& to);

// Sends `bytes` to `to`, from the local address `from` when given (else the kernel chooses).
bool sendDatagram(int fd, std::span<const std::uint8_t> bytes, const SocketAddress& to,
                  const std::optional<boost::asio::ip::address>& from);

}  // namespace sb::net
