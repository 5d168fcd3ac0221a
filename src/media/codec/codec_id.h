// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::media {

// The audio codecs Switchboard speaks on the wire.
enum class CodecId : std::uint8_t { Pcmu, Pcma, G722, G729, Opus };

inline constexpr std::array<CodecId, 5> kAllCodecs = {CodecId::Pcmu, CodecId::Pcma, CodecId::G722,
                                                      CodecId::G729, CodecId::Opus};

// What the rest of the system (SDP, the relay, the call records) needs to know about a codec
// without touching it: its SDP name, its RTP clock and the sizes of its frames.
struct CodecInfo {
  CodecId id;
  std::string_view name;        // encoding name in a=rtpmap (RFC 4566 §6), as usually spelled
  int staticPayloadType;        // RFC 3551 §6 table 4, or -1 for a dynamic one (Opus)
  int rtpClockRate;             // timestamp units per second on the wire
  int channels;                 // as named in a=rtpmap (Opus is always "/2", RFC 7587 §7)
  int nativePcmRate;            // the PCM rate the codec itself works at
  int samplesPer10ms;           // at nativePcmRate
  int bytesPer20ms;             // payload of a 20 ms packet; 0 = variable (Opus)
};

const CodecInfo& codecInfo(CodecId id);
std::string_view codecName(CodecId id);
// Case-insensitive lookup by a=rtpmap encoding name ("pcmu", "G729", "OPUS").
std::optional<CodecId> codecByName(std::string_view name);

// RTP timestamp ticks that `ms` milliseconds of audio advance a stream of this codec by.
// RFC 3551 §4.5.2: G.722 is clocked at 8000 although it samples at 16000; RFC 7587 §4.1: Opus
// is always clocked at 48000 whatever rate it runs at.
constexpr std::uint32_t rtpTicksFor(const CodecInfo& info, int ms) {
  return static_cast<std::uint32_t>(info.rtpClockRate / 1000 * ms);
}

}  // namespace sb::media
