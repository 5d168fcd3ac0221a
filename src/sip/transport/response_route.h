// SPDX-License-Identifier: MIT
#pragma once
#include "net/socket_address.h"
#include "sip/message/uri.h"

namespace sb::sip {

// Where requests came from and where their responses go: RFC 3261 §18.2.1 (received), §18.2.2
// (sending responses) and RFC 3581 (rport). Pure functions on the top Via; the transaction layer
// calls stampReceived on every request it accepts and responseFlow for every response it sends.

// RFC 3261 §18.2.1: adds `received=<source IP>` when the sent-by host is not the source address
// (a host name never is). RFC 3581 §4: with `rport` present, `received` is added always, and a
// bare `rport` is given the source port.
void stampReceived(Via& topVia, const net::Flow& from);

// RFC 3261 §18.2.2 and RFC 3581 §4. Reliable transports reuse the request's connection
// (connectionId); should it be gone, the fallback is the received address at the sent-by port.
// UDP goes to received (or source) IP at rport when present, else to received IP at the sent-by
// port, else to sent-by itself when it is an IP literal, else to the source address. `maddr` is
// ignored: multicast responses are not supported.
net::Flow responseFlow(const Via& topVia, const net::Flow& requestFlow);

}  // namespace sb::sip
