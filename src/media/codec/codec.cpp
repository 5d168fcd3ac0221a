// SPDX-License-Identifier: MIT
#include "media/codec/codec.h"

namespace sb::media {

std::string_view describe(CodecError error) {
  switch (error) {
    case CodecError::None: return "ok";
    case CodecError::EmptyPayload: return "empty payload";
    case CodecError::BadPayloadSize: return "payload size not valid for the codec";
    case CodecError::PayloadTooLarge: return "payload too large";
    case CodecError::Corrupt: return "payload rejected by the codec";
    case CodecError::OutputTooSmall: return "output buffer too small";
    case CodecError::BadInputLength: return "PCM length is not a packet length the codec supports";
    case CodecError::Overflow: return "transcoder buffer full";
    case CodecError::EncoderFailed: return "codec library failed";
  }
  return "unknown codec error";
}

int packetMsOf(std::size_t samples, int rate) {
  const std::size_t per10ms = samplesFor(rate, 10);
  if (per10ms == 0 || samples == 0 || samples % per10ms != 0) return 0;
  const std::size_t ms = samples / per10ms * 10;
  return ms <= static_cast<std::size_t>(kMaxPacketMs) ? static_cast<int>(ms) : 0;
}

bool Encoder::supportsPacketMs(int ms) const { return ms > 0 && ms % 10 == 0 && ms <= kMaxPacketMs; }

}  // namespace sb::media
