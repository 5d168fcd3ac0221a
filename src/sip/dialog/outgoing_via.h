// SPDX-License-Identifier: MIT
#pragma once
#include "net/route_source.h"
#include "net/socket_address.h"
#include "sip/message/uri.h"

namespace sb::sip {

// The Via of a request Switchboard originates along `flow` (RFC 3261 §8.1.1.7): our transport,
// the address the far end can answer to (for a socket bound to the wildcard address, the one the
// kernel routes to it from), a fresh RFC 3261 branch, and rport (RFC 3581: answer where we sent
// from).
Via outgoingVia(const net::Flow& flow, net::RouteSource& routes);

}  // namespace sb::sip
