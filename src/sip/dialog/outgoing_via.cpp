// SPDX-License-Identifier: MIT
#include "sip/dialog/outgoing_via.h"

#include "base/random.h"

namespace sb::sip {

Via outgoingVia(const net::Flow& flow, net::RouteSource& routes) {
  auto local = flow.local;
  if (local.ip.is_unspecified()) local.ip = routes.sourceFor(flow.remote.ip);
  Via via;
  via.transport = std::string(net::transportName(flow.transport));
  via.host = net::hostText(local.ip);
  via.port = local.port;
  via.params.set("branch", "z9hG4bK" + random::token(20));
  via.params.set("rport", std::nullopt);
  return via;
}

}  // namespace sb::sip
