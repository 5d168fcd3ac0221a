// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

#include "base/clock.h"
#include "media/rtp/relay_stats.h"
#include "net/socket_address.h"

namespace sb::media::rtp {

// A call whose RTP the kernel may carry instead of the relay: both phones latched, packets
// passed through unchanged. Phone A sends from (and receives at) `phoneA`, to our `relayA`;
// likewise B. What A sends to relayA leaves relayB for phoneB, and the other way round.
struct OffloadPath {
  net::SocketAddress phoneA;
  net::SocketAddress relayA;
  net::SocketAddress phoneB;
  net::SocketAddress relayB;
  bool operator==(const OffloadPath&) const = default;
};

// What the kernel forwarded in one direction of an offloaded path, as last read.
struct OffloadCounters {
  std::uint64_t packets = 0;
  std::uint64_t payloadBytes = 0;        // UDP payload (RTP header and media)
  std::optional<SteadyTime> lastIncrease;  // the reading that first showed the latest packets
};

// Forwards latched RTP in the kernel (media/kernel's KernelForwarder); the relay session asks it
// to take a path over and gives it back. Packets that do not match an installed path (strangers,
// a phone that moved, RTCP) still reach the relay's sockets. Called on the relay's thread.
class Offloader {
 public:
  using Id = std::uint32_t;  // 0: none

  virtual ~Offloader() = default;
  // Whether the kernel can carry this path at all (address family, local addresses, routing).
  virtual bool canCarry(const OffloadPath& path) const = 0;
  // Starts forwarding; 0 when refused. Takes effect within moments (the relay keeps relaying what
  // still reaches its sockets meanwhile).
  virtual Id install(const OffloadPath& path) = 0;
  virtual void remove(Id id) = 0;
  virtual OffloadCounters counters(Id id, Direction direction) const = 0;
  // How stale counters may be: a latched phone heard only through them may have sent this long
  // ago without the relay knowing yet.
  virtual std::chrono::milliseconds counterDelay() const = 0;
};

}  // namespace sb::media::rtp
