// SPDX-License-Identifier: MIT
#include "media/codec/g722_codec.h"

#include <spandsp/telephony.h>
#include <spandsp/g722.h>

namespace sb::media {
namespace {

constexpr int kBitRate = 64000;  // mode 1; the only one RTP peers use (RFC 3551 §4.5.2)

int options(int pcmRate) { return pcmRate == kNarrowbandRate ? G722_SAMPLE_RATE_8000 : 0; }
// PCM samples per payload byte.
std::size_t samplesPerByte(int pcmRate) { return pcmRate == kWidebandRate ? 2 : 1; }

}  // namespace

G722Encoder::G722Encoder(int pcmRate)
    : rate_(pcmRate), state_(isPivotRate(pcmRate) ? g722_encode_init(nullptr, kBitRate, options(pcmRate)) : nullptr) {}

G722Encoder::~G722Encoder() {
  if (state_ != nullptr) g722_encode_free(state_);
}

CodecResult G722Encoder::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  if (packetMsOf(pcm.size(), rate_) == 0) return CodecResult::fail(CodecError::BadInputLength);
  const std::size_t bytes = pcm.size() / samplesPerByte(rate_);
  if (out.size() < bytes) return CodecResult::fail(CodecError::OutputTooSmall);
  const int n = g722_encode(state_, out.data(), pcm.data(), static_cast<int>(pcm.size()));
  if (n < 0 || static_cast<std::size_t>(n) != bytes) return CodecResult::fail(CodecError::EncoderFailed);
  return CodecResult::of(bytes);
}

G722Decoder::G722Decoder(int pcmRate)
    : rate_(pcmRate), state_(isPivotRate(pcmRate) ? g722_decode_init(nullptr, kBitRate, options(pcmRate)) : nullptr) {}

G722Decoder::~G722Decoder() {
  if (state_ != nullptr) g722_decode_free(state_);
}

CodecResult G722Decoder::samplesIn(std::span<const std::uint8_t> payload) const {
  if (payload.empty()) return CodecResult::fail(CodecError::EmptyPayload);
  // Every byte holds one low-band and one high-band code: any length is whole.
  if (payload.size() > samplesFor(kNarrowbandRate, kMaxPacketMs)) return CodecResult::fail(CodecError::PayloadTooLarge);
  return CodecResult::of(payload.size() * samplesPerByte(rate_));
}

CodecResult G722Decoder::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) {
  const CodecResult n = samplesIn(payload);
  if (!n) return n;
  if (pcm.size() < n.count) return CodecResult::fail(CodecError::OutputTooSmall);
  const int got = g722_decode(state_, pcm.data(), payload.data(), static_cast<int>(payload.size()));
  if (got < 0 || static_cast<std::size_t>(got) != n.count) return CodecResult::fail(CodecError::Corrupt);
  plc_.received(pcm.first(n.count));
  return n;
}

CodecResult G722Decoder::conceal(std::span<std::int16_t> pcm) {
  if (packetMsOf(pcm.size(), rate_) == 0) return CodecResult::fail(CodecError::BadInputLength);
  plc_.fillIn(pcm);
  return CodecResult::of(pcm.size());
}

}  // namespace sb::media
