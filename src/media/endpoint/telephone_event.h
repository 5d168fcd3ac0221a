// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <span>

namespace sb::media {

// One RFC 4733 §2.3 named-event payload (a DTMF key press in progress or ended).
struct TelephoneEvent {
  std::uint8_t event = 0;     // 0-9, 10 '*', 11 '#', 12-15 A-D (§3.2), others are not keys
  bool end = false;           // E bit: the last packets of the event
  std::uint8_t volume = 0;    // -dBm0, 0-63
  std::uint16_t duration = 0; // in RTP timestamp units since the event began
};

// The payload's first event, or nullopt when it is shorter than the 4 bytes §2.3 requires.
std::optional<TelephoneEvent> parseTelephoneEvent(std::span<const std::uint8_t> payload);
// The key an event stands for ('0'-'9', '*', '#', 'A'-'D'), or 0 for anything else.
char dtmfKey(std::uint8_t event);

}  // namespace sb::media
