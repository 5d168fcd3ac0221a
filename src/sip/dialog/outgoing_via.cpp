// SPDX-License-Identifier: MIT
#include "sip/dialog/outgoing_via.h"

#include "base/random.h"
#include "base/text.h"

namespace sb::sip {

net::SocketAddress advertisedAddress(const net::Flow& flow, net::RouteSource& routes) {
  auto local = flow.local;
  if (local.ip.is_unspecified()) local.ip = routes.sourceFor(flow.remote.ip);
  return local;
}

Via outgoingVia(const net::Flow& flow, net::RouteSource& routes) {
  const auto local = advertisedAddress(flow, routes);
  Via via;
  via.transport = std::string(net::transportName(flow.transport));
  via.host = net::hostText(local.ip);
  via.port = local.port;
  via.params.set("branch", "z9hG4bK" + random::token(20));
  via.params.set("rport", std::nullopt);
  return via;
}

Uri outgoingContact(const net::Flow& flow, std::string_view user, net::RouteSource& routes) {
  const auto local = advertisedAddress(flow, routes);
  Uri uri;
  uri.scheme = flow.transport == net::TransportKind::Tls ? "sips" : "sip";
  uri.user = std::string(user);
  uri.host = net::hostText(local.ip);
  uri.port = local.port;
  if (flow.transport == net::TransportKind::Tcp)
    uri.params.set("transport", text::lower(net::transportName(flow.transport)));
  return uri;
}

}  // namespace sb::sip
