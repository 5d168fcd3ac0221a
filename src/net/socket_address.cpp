// SPDX-License-Identifier: MIT
#include "net/socket_address.h"

#include "base/text.h"

namespace sb::net {

std::optional<SocketAddress> SocketAddress::parse(std::string_view hostPort) {
  std::string_view host;
  std::string_view port;
  if (!hostPort.empty() && hostPort.front() == '[') {
    const auto close = hostPort.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = hostPort.substr(1, close - 1);
    const auto rest = hostPort.substr(close + 1);
    if (rest.size() < 2 || rest.front() != ':') return std::nullopt;
    port = rest.substr(1);
  } else {
    const auto colon = hostPort.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = hostPort.substr(0, colon);
    port = hostPort.substr(colon + 1);
  }
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(std::string(host), ec);
  auto portNumber = text::parseUnsigned<std::uint16_t>(port);
  if (ec || !portNumber) return std::nullopt;
  return SocketAddress{ip, *portNumber};
}

std::string ipText(const boost::asio::ip::address& ip) {
  if (ip.is_v6()) return ip.to_string();
  std::string out;
  out.reserve(15);
  for (const unsigned octet : ip.to_v4().to_bytes()) {
    if (!out.empty()) out.push_back('.');
    if (octet >= 100) out.push_back(static_cast<char>('0' + octet / 100));
    if (octet >= 10) out.push_back(static_cast<char>('0' + octet / 10 % 10));
    out.push_back(static_cast<char>('0' + octet % 10));
  }
  return out;
}

std::string hostText(const boost::asio::ip::address& ip) {
  if (!ip.is_v6()) return ipText(ip);
  // Appended, not "[" + ip.to_string(): GCC 12 at -O3 sees that operator+ insert into the
  // temporary and warns of a bogus overlap (-Wrestrict, GCC bug 105651, fixed in 12.4).
  std::string out = "[";
  out.append(ip.to_string()).push_back(']');
  return out;
}

std::string SocketAddress::toString() const { return hostText(ip) + ":" + std::to_string(port); }

std::string_view transportName(TransportKind kind) {
  switch (kind) {
    case TransportKind::Udp: return "UDP";
    case TransportKind::Tcp: return "TCP";
    case TransportKind::Tls: return "TLS";
  }
  return "UDP";
}

std::optional<TransportKind> transportFromName(std::string_view name) {
  if (text::iequals(name, "udp")) return TransportKind::Udp;
  if (text::iequals(name, "tcp")) return TransportKind::Tcp;
  if (text::iequals(name, "tls")) return TransportKind::Tls;
  return std::nullopt;
}

std::string Flow::toString() const {
  return text::lower(transportName(transport)) + ":" + remote.toString();
}

}  // namespace sb::net

std::size_t std::hash<sb::net::SocketAddress>::operator()(const sb::net::SocketAddress& a) const noexcept {
  std::size_t h = a.port;
  if (a.ip.is_v4()) {
    h ^= std::hash<std::uint32_t>{}(a.ip.to_v4().to_uint()) * 31;
  } else {
    const auto bytes = a.ip.to_v6().to_bytes();
    for (auto b : bytes) h = h * 131 + b;
  }
  return h;
}
