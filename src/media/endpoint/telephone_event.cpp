// SPDX-License-Identifier: MIT
#include "media/endpoint/telephone_event.h"

namespace sb::media {

std::optional<TelephoneEvent> parseTelephoneEvent(std::span<const std::uint8_t> payload) {
  if (payload.size() < 4) return std::nullopt;
  TelephoneEvent e;
  e.event = payload[0];
  e.end = (payload[1] & 0x80) != 0;
  e.volume = payload[1] & 0x3f;
  e.duration = static_cast<std::uint16_t>(payload[2] << 8 | payload[3]);
  return e;
}

char dtmfKey(std::uint8_t event) {
  if (event <= 9) return static_cast<char>('0' + event);
  if (event == 10) return '*';
  if (event == 11) return '#';
  if (event <= 15) return static_cast<char>('A' + (event - 12));
  return 0;
}

}  // namespace sb::media
