// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sb::net {

// The address as text ("192.0.2.1", "2001:db8::1"), without glibc's inet_ntop, whose IPv4 path
// goes through sprintf: this runs several times for every SIP message.
std::string ipText(const boost::asio::ip::address& ip);
// The address as the host of a URI or a Via: IPv6 in brackets ("[2001:db8::1]", RFC 3261 §25.1).
std::string hostText(const boost::asio::ip::address& ip);

// An IP address and port. Printed as "1.2.3.4:5060" or "[2001:db8::1]:5060".
struct SocketAddress {
  boost::asio::ip::address ip;
  std::uint16_t port = 0;

  static std::optional<SocketAddress> parse(std::string_view hostPort);
  std::string toString() const;
  std::string ipString() const { return ipText(ip); }
  bool operator==(const SocketAddress&) const = default;
};

enum class TransportKind : std::uint8_t { Udp, Tcp, Tls };

std::string_view transportName(TransportKind kind);  // "UDP", "TCP", "TLS"
std::optional<TransportKind> transportFromName(std::string_view name);  // any case

// The path a message arrived on or is to leave by. For streams, connectionId names the
// connection (0 = none: open one to `remote`); for UDP, `local` names the listening socket.
struct Flow {
  TransportKind transport = TransportKind::Udp;
  SocketAddress remote;
  SocketAddress local;
  std::uint64_t connectionId = 0;

  // "udp:1.2.3.4:5060", as shown by `ctl registrations` in its `source` field.
  std::string toString() const;
  bool reliable() const { return transport != TransportKind::Udp; }
};

}  // namespace sb::net

template <>
struct std::hash<sb::net::SocketAddress> {
  std::size_t operator()(const sb::net::SocketAddress& a) const noexcept;
};
