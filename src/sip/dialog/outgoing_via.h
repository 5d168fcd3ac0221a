// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "net/route_source.h"
#include "net/socket_address.h"
#include "sip/message/uri.h"

namespace sb::sip {

// The address the far end of `flow` can reach us at: the flow's local socket, or for a socket
// bound to the wildcard address, the one the kernel routes to the far end from.
net::SocketAddress advertisedAddress(const net::Flow& flow, net::RouteSource& routes);

// The Via of a request Switchboard originates along `flow` (RFC 3261 §8.1.1.7): our transport,
// the advertised address, a fresh RFC 3261 branch, and rport (RFC 3581: answer where we sent
// from).
Via outgoingVia(const net::Flow& flow, net::RouteSource& routes);

// A Contact URI for requests we originate along `flow` (RFC 3261 §8.1.1.8): sip:user@ the
// advertised address, with ;transport= for anything but UDP so the far end comes back the
// same way.
Uri outgoingContact(const net::Flow& flow, std::string_view user, net::RouteSource& routes);

}  // namespace sb::sip
