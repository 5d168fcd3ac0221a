// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/clock.h"

namespace sb::media::rtp {

// A call's two sides as the relay sees them: A is the caller's, B the callee's.
enum class Leg : std::uint8_t { A, B };
// Which way packets go: AtoB carries what A sends, out to B.
enum class Direction : std::uint8_t { AtoB, BtoA };

constexpr Leg otherLeg(Leg leg) { return leg == Leg::A ? Leg::B : Leg::A; }
constexpr Direction directionFrom(Leg source) {
  return source == Leg::A ? Direction::AtoB : Direction::BtoA;
}
constexpr Direction directionTo(Leg destination) { return directionFrom(otherLeg(destination)); }
constexpr std::size_t indexOf(Leg leg) { return static_cast<std::size_t>(leg); }
constexpr std::size_t indexOf(Direction direction) { return static_cast<std::size_t>(direction); }

// Counters for one direction of one call: what came in from the source leg and what became of
// it. Plain integers, read on the relay's thread (copy them to show elsewhere).
struct DirectionStats {
  std::uint64_t packets = 0;      // RTP packets relayed
  std::uint64_t bytes = 0;        // their bytes, as sent (after any transform)
  std::uint64_t rtcpPackets = 0;  // RTCP compounds relayed
  std::uint64_t rtcpBytes = 0;
  std::uint64_t malformed = 0;  // neither valid RTP nor valid RTCP (RFC 3550 A.1/A.2), or truncated
  std::uint64_t foreign = 0;    // valid, but from a source other than the latched one
  std::uint64_t notForwarded = 0;  // valid and accepted, but forwarding is off, the other side is
                                   // on hold or not known yet, or a transform held the packet back
  std::uint64_t sendFailed = 0;    // the kernel refused to send (buffer full, no route)
  std::uint64_t generated = 0;     // packets sendTo() sent toward this direction's destination
  std::uint64_t moves = 0;         // times the source leg's latch moved to a new address
  // The last valid RTP or RTCP packet accepted from the source leg (RTCP counts: a phone on
  // hold that still reports is alive). Empty until the first one.
  std::optional<SteadyTime> lastPacket;

  std::uint64_t dropped() const { return malformed + foreign; }
};

}  // namespace sb::media::rtp
