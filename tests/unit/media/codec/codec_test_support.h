// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "media/codec/codec.h"
#include "media/endpoint/tone_detector.h"
#include "media/endpoint/tone_generator.h"

namespace sb::media::test {

// `ms` of a steady sine at `frequency` Hz, -10 dBFS.
inline std::vector<std::int16_t> sine(int rate, double frequency, int ms, double levelDbfs = -10) {
  std::vector<std::int16_t> pcm(samplesFor(rate, ms));
  ToneGenerator gen(rate, Tone{frequency, 0, levelDbfs, {}});
  gen.fill(pcm);
  return pcm;
}

inline double share(std::span<const std::int16_t> pcm, int rate, double frequency) {
  return ToneDetector(rate, frequency).relativePower(pcm);
}

// Encodes `pcm` in packets of `packetMs` and decodes every payload back, as a call would.
inline std::vector<std::int16_t> roundTrip(Encoder& enc, Decoder& dec, std::span<const std::int16_t> pcm,
                                           int packetMs = 20) {
  const std::size_t per = samplesFor(enc.pcmRate(), packetMs);
  std::vector<std::int16_t> out;
  std::vector<std::uint8_t> payload(kMaxPayloadBytes);
  std::vector<std::int16_t> decoded(kMaxPacketSamples);
  for (std::size_t at = 0; at + per <= pcm.size(); at += per) {
    const CodecResult bytes = enc.encode(pcm.subspan(at, per), payload);
    if (!bytes) return {};
    const CodecResult n = dec.decode(std::span<const std::uint8_t>(payload.data(), bytes.count), decoded);
    if (!n) return {};
    out.insert(out.end(), decoded.begin(), decoded.begin() + static_cast<std::ptrdiff_t>(n.count));
  }
  return out;
}

// The steady part of decoded audio: codecs need a few frames to converge and add delay.
inline std::span<const std::int16_t> steady(const std::vector<std::int16_t>& pcm, int rate) {
  const std::size_t skip = samplesFor(rate, 200);
  if (pcm.size() <= skip) return {};
  return std::span<const std::int16_t>(pcm).subspan(skip);
}

}  // namespace sb::media::test
