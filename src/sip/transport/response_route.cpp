// SPDX-License-Identifier: MIT
#include "sip/transport/response_route.h"

#include <optional>
#include <string>

#include "base/text.h"

namespace sb::sip {

namespace {

// An IP literal from a Via host or received parameter; IPv6 may carry brackets ("[::1]").
std::optional<boost::asio::ip::address> ipLiteral(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return std::nullopt;
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return std::nullopt;
  return ip;
}

// RFC 3261 §19.1.2: 5060 for UDP and TCP, 5061 for TLS.
std::uint16_t defaultPort(net::TransportKind transport) {
  return transport == net::TransportKind::Tls ? 5061 : 5060;
}

// IPv4-mapped IPv6 sources (a dual-stack socket) compare equal to the plain IPv4 sent-by.
boost::asio::ip::address unmapped(const boost::asio::ip::address& ip) {
  if (ip.is_v6() && ip.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, ip.to_v6());
  }
  return ip;
}

}  // namespace

void stampReceived(Via& topVia, const net::Flow& from) {
  const auto source = unmapped(from.remote.ip);
  const auto sentBy = ipLiteral(topVia.host);
  const bool hasRport = topVia.params.has("rport");
  // RFC 3581 §4: with rport, received is added even when it equals sent-by.
  if (hasRport || !sentBy || unmapped(*sentBy) != source) {
    // RFC 3261 §25.1: received holds a bare IPv6address, without brackets.
    topVia.params.set("received", net::ipText(source));
  }
  if (hasRport) {
    const auto value = topVia.params.get("rport");
    if (value && value->empty()) topVia.params.set("rport", std::to_string(from.remote.port));
  }
}

net::Flow responseFlow(const Via& topVia, const net::Flow& requestFlow) {
  net::Flow out;
  out.transport = requestFlow.transport;
  out.local = requestFlow.local;

  std::optional<boost::asio::ip::address> received;
  if (const auto value = topVia.params.get("received")) received = ipLiteral(*value);
  const auto sentByPort = topVia.port.value_or(defaultPort(requestFlow.transport));

  if (requestFlow.reliable()) {
    // §18.2.2: the response goes back on the connection the request came on. Should it have
    // closed, a new one is opened to the received address at the sent-by port.
    out.connectionId = requestFlow.connectionId;
    out.remote = {received.value_or(requestFlow.remote.ip), sentByPort};
    return out;
  }

  if (const auto rport = topVia.params.get("rport")) {
    // RFC 3581 §4: back to the source IP and port the request came from. A bare rport means
    // nobody stamped it; the request's own source port is what it asked for.
    const auto port = rport->empty() ? std::optional<std::uint16_t>(requestFlow.remote.port)
                                     : text::parseUnsigned<std::uint16_t>(*rport);
    if (port && *port != 0) {
      out.remote = {received.value_or(requestFlow.remote.ip), *port};
      return out;
    }
  }
  if (received) {
    out.remote = {*received, sentByPort};
    return out;
  }
  if (const auto sentBy = ipLiteral(topVia.host)) {
    out.remote = {*sentBy, sentByPort};
    return out;
  }
  // A host name in sent-by without a received parameter only happens when stampReceived was not
  // called; resolving it (RFC 3263 §6) is not worth a DNS lookup when the source is known.
  out.remote = {requestFlow.remote.ip, sentByPort};
  return out;
}

}  // namespace sb::sip
