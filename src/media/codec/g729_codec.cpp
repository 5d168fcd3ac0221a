// SPDX-License-Identifier: MIT
#include "media/codec/g729_codec.h"

extern "C" {
#include <bcg729/decoder.h>
#include <bcg729/encoder.h>
}

namespace sb::media {

G729Encoder::G729Encoder() : context_(initBcg729EncoderChannel(0 /* no VAD/DTX */)) {}

G729Encoder::~G729Encoder() {
  if (context_ != nullptr) closeBcg729EncoderChannel(context_);
}

CodecResult G729Encoder::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  if (packetMsOf(pcm.size(), kNarrowbandRate) == 0) return CodecResult::fail(CodecError::BadInputLength);
  const std::size_t frames = pcm.size() / G729Decoder::kFrameSamples;
  if (out.size() < frames * G729Decoder::kFrameBytes) return CodecResult::fail(CodecError::OutputTooSmall);
  std::size_t written = 0;
  for (std::size_t f = 0; f < frames; ++f) {
    std::uint8_t length = 0;
    bcg729Encoder(context_, pcm.data() + f * G729Decoder::kFrameSamples, out.data() + written, &length);
    if (length != G729Decoder::kFrameBytes) return CodecResult::fail(CodecError::EncoderFailed);
    written += length;
  }
  return CodecResult::of(written);
}

G729Decoder::G729Decoder() : context_(initBcg729DecoderChannel()) {}

G729Decoder::~G729Decoder() {
  if (context_ != nullptr) closeBcg729DecoderChannel(context_);
}

CodecResult G729Decoder::samplesIn(std::span<const std::uint8_t> payload) const {
  if (payload.empty()) return CodecResult::fail(CodecError::EmptyPayload);
  if (payload.size() > kMaxPayloadBytes) return CodecResult::fail(CodecError::PayloadTooLarge);
  const std::size_t rest = payload.size() % kFrameBytes;
  if (rest != 0 && rest != kSidBytes) return CodecResult::fail(CodecError::BadPayloadSize);
  const std::size_t frames = payload.size() / kFrameBytes + (rest == kSidBytes ? 1 : 0);
  if (frames * 10 > static_cast<std::size_t>(kMaxPacketMs)) return CodecResult::fail(CodecError::PayloadTooLarge);
  return CodecResult::of(frames * kFrameSamples);
}

CodecResult G729Decoder::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) {
  const CodecResult n = samplesIn(payload);
  if (!n) return n;
  if (pcm.size() < n.count) return CodecResult::fail(CodecError::OutputTooSmall);
  std::size_t offset = 0;
  std::int16_t* out = pcm.data();
  while (offset < payload.size()) {
    const bool sid = payload.size() - offset == kSidBytes;
    const std::size_t bytes = sid ? kSidBytes : kFrameBytes;
    bcg729Decoder(context_, payload.data() + offset, static_cast<std::uint8_t>(bytes), 0 /* erasure */,
                  sid ? 1 : 0, 0 /* not an RFC 3389 payload */, out);
    offset += bytes;
    out += kFrameSamples;
  }
  return n;
}

CodecResult G729Decoder::conceal(std::span<std::int16_t> pcm) {
  if (packetMsOf(pcm.size(), kNarrowbandRate) == 0) return CodecResult::fail(CodecError::BadInputLength);
  // With the erasure flag set the bit stream is not read, but bcg729 wants a pointer.
  static constexpr std::array<std::uint8_t, kFrameBytes> kNoBits{};
  for (std::size_t f = 0; f < pcm.size() / kFrameSamples; ++f) {
    bcg729Decoder(context_, kNoBits.data(), static_cast<std::uint8_t>(kFrameBytes), 1, 0, 0,
                  pcm.data() + f * kFrameSamples);
  }
  return CodecResult::of(pcm.size());
}

}  // namespace sb::media
