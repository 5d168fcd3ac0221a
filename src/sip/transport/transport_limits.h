// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "base/clock.h"

namespace sb::sip {

// What the transports allow a peer before cutting it off. The defaults suit a PBX for a few
// hundred phones on the open internet: generous for real phones, cheap to enforce against floods.
struct TransportLimits {
  std::size_t maxMessageBytes = 65535;
  std::size_t maxHeaderBytes = 16384;       // start line plus header lines
  std::size_t maxConnectionsPerAddress = 32;  // per remote IP, inbound streams
  std::size_t maxConnections = 10000;         // all streams, both directions
  Millis idleTimeout = std::chrono::seconds(300);         // no bytes either way
  Millis firstMessageTimeout = std::chrono::seconds(30);  // accepted, yet no whole message
  Millis messageTimeout = std::chrono::seconds(30);       // a started message must finish
  Millis connectTimeout = std::chrono::seconds(10);       // outbound connect
  std::size_t maxQueuedWriteBytes = std::size_t{1} << 20;  // a peer that stops reading is cut off
  // TLS handshake timeout comes with TLS.
};

// Counters for `ctl status` and the tests. Monotonic except connectionsOpen (a gauge).
struct TransportStats {
  std::uint64_t datagramsIn = 0;
  std::uint64_t datagramsOut = 0;
  std::uint64_t streamMessagesIn = 0;
  std::uint64_t streamMessagesOut = 0;
  std::uint64_t bytesIn = 0;
  std::uint64_t bytesOut = 0;
  std::uint64_t connectionsOpen = 0;
  std::uint64_t connectionsAccepted = 0;
  std::uint64_t connectionsOutbound = 0;
  std::uint64_t connectionsRefused = 0;   // over a connection limit: accepted and closed at once
  std::uint64_t connectionsTimedOut = 0;  // idle, slow first message, slow message, slow connect
  std::uint64_t oversizeDropped = 0;      // datagrams or stream messages over the limits
  std::uint64_t framingErrors = 0;        // stream bytes that can never become a message
  std::uint64_t keepalivesIn = 0;         // RFC 5626 CRLF pings (and UDP CRLF keepalives)
  std::uint64_t sendFailures = 0;         // send() returned false or a write failed
};

}  // namespace sb::sip
