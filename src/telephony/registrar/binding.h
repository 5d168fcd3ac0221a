// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/timer_queue.h"
#include "net/socket_address.h"

namespace sb::registrar {

// What qualify last learned about a contact: unknown until the first OPTIONS round ends.
enum class Reachability : std::uint8_t { Unknown, Reachable, Unreachable };

// "Reachable", "Unreachable", "Unknown": Asterisk's words, as ctl and the log show them.
inline std::string_view reachabilityName(Reachability r) {
  switch (r) {
    case Reachability::Reachable: return "Reachable";
    case Reachability::Unreachable: return "Unreachable";
    case Reachability::Unknown: break;
  }
  return "Unknown";
}

// One registered contact of an address of record (RFC 3261 §10.3): where the phone said it can
// be reached (contactUri) and the path its REGISTER really came by (flow), which is where requests
// to it are sent so that they pass the phone's NAT.
struct Binding {
  std::string aor;         // extension number
  // Normalised contact URI. Its characters belong to the BindingTable's pool (see insert()).
  std::string_view contactUri;
  net::Flow flow;          // source of the REGISTER: the NAT path
  std::shared_ptr<const std::string> userAgent;  // interned: thousands of phones share a few
  std::uint64_t callIdHash = 0;  // RFC 3261 §10.3 step 7 compares Call-IDs; a hash is enough
  std::uint32_t cseq = 0;
  std::int64_t expiresAt = 0;     // unix seconds
  std::int64_t registeredAt = 0;  // unix seconds
  std::int64_t storedExpiresAt = 0;  // the expiry the database holds (Registrar::applyUpdate)
  float q = 1.0f;

  // Qualify state (RFC 3261 §11 OPTIONS used as a keepalive).
  Reachability reachability = Reachability::Unknown;
  std::uint32_t rttUs = 0;  // last round-trip time of a probe
  std::uint32_t probeSeq = 0;  // matches an answer to the probe it belongs to
  SteadyTime nextProbe{};
  std::uint64_t id = 0;  // stable handle for timers; never reused within a run
  TimerId timer{};       // the next qualify probe or the expiry, whichever is first
};

}  // namespace sb::registrar
