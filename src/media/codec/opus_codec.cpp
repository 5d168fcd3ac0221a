// SPDX-License-Identifier: MIT
#include "media/codec/opus_codec.h"

#include <opus.h>

#include <algorithm>
#include <array>

namespace sb::media {
namespace {

// Voice at telephone bandwidths: 16 kbit/s narrowband and 24 kbit/s wideband are transparent
// enough for speech (RFC 7587 §3.1.1 suggests 8-12 and 16-20 kbit/s as the lowest useful).
int bitRateFor(int pcmRate) { return pcmRate == kWidebandRate ? 24000 : 16000; }

// Complexity 5 of 10 roughly halves the encoder's CPU against the default (10), with little
// audible loss for speech at these rates (sb_codec_bench: ~80 against ~140 µs per 20 ms at 8 kHz);
// transcoding cost per call decides how many transcoded calls the box carries.
constexpr int kComplexity = 5;

// RFC 6716 §3.2.5: at most 48 frames in one packet.
constexpr std::size_t kMaxFrames = 48;

}  // namespace

OpusAudioEncoder::OpusAudioEncoder(int pcmRate) : rate_(pcmRate) {
  if (!isPivotRate(pcmRate)) return;
  int error = OPUS_OK;
  encoder_ = opus_encoder_create(pcmRate, 1, OPUS_APPLICATION_VOIP, &error);
  if (error != OPUS_OK || encoder_ == nullptr) {
    encoder_ = nullptr;
    return;
  }
  opus_encoder_ctl(encoder_, OPUS_SET_BITRATE(bitRateFor(pcmRate)));
  opus_encoder_ctl(encoder_, OPUS_SET_COMPLEXITY(kComplexity));
  opus_encoder_ctl(encoder_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
}

OpusAudioEncoder::~OpusAudioEncoder() {
  if (encoder_ != nullptr) opus_encoder_destroy(encoder_);
}

bool OpusAudioEncoder::supportsPacketMs(int ms) const {
  // RFC 6716 §2.1.4: one frame of 10, 20, 40 or 60 ms; libopus packs 80-120 ms as several.
  return ms == 10 || (ms % 20 == 0 && ms >= 20 && ms <= kMaxPacketMs);
}

CodecResult OpusAudioEncoder::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  const int ms = packetMsOf(pcm.size(), rate_);
  if (ms == 0 || !supportsPacketMs(ms)) return CodecResult::fail(CodecError::BadInputLength);
  if (out.empty()) return CodecResult::fail(CodecError::OutputTooSmall);
  const auto room = static_cast<opus_int32>(std::min(out.size(), kMaxPayloadBytes));
  const opus_int32 n = opus_encode(encoder_, pcm.data(), static_cast<int>(pcm.size()), out.data(), room);
  if (n == OPUS_BUFFER_TOO_SMALL) return CodecResult::fail(CodecError::OutputTooSmall);
  if (n < 0) return CodecResult::fail(CodecError::EncoderFailed);
  return CodecResult::of(static_cast<std::size_t>(n));
}

OpusAudioDecoder::OpusAudioDecoder(int pcmRate) : rate_(pcmRate) {
  if (!isPivotRate(pcmRate)) return;
  int error = OPUS_OK;
  decoder_ = opus_decoder_create(pcmRate, 1, &error);
  if (error != OPUS_OK) decoder_ = nullptr;
}

OpusAudioDecoder::~OpusAudioDecoder() {
  if (decoder_ != nullptr) opus_decoder_destroy(decoder_);
}

CodecResult OpusAudioDecoder::samplesIn(std::span<const std::uint8_t> payload) const {
  if (payload.empty()) return CodecResult::fail(CodecError::EmptyPayload);
  if (payload.size() > kMaxPayloadBytes) return CodecResult::fail(CodecError::PayloadTooLarge);
  // Parses the whole packet structure: TOC byte, frame count and every frame length (RFC 6716
  // §3.1-3.2, with the rules §3.4 says a receiver must enforce), without decoding any audio.
  unsigned char toc = 0;
  std::array<const unsigned char*, kMaxFrames> frames{};
  std::array<opus_int16, kMaxFrames> sizes{};
  const int count = opus_packet_parse(payload.data(), static_cast<opus_int32>(payload.size()), &toc, frames.data(),
                                      sizes.data(), nullptr);
  if (count <= 0) return CodecResult::fail(CodecError::Corrupt);
  const auto n = static_cast<std::size_t>(count * opus_packet_get_samples_per_frame(payload.data(), rate_));
  if (n > samplesFor(rate_, kMaxPacketMs)) return CodecResult::fail(CodecError::PayloadTooLarge);
  return CodecResult::of(n);
}

CodecResult OpusAudioDecoder::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) {
  const CodecResult n = samplesIn(payload);
  if (!n) return n;
  if (pcm.size() < n.count) return CodecResult::fail(CodecError::OutputTooSmall);
  const int got = opus_decode(decoder_, payload.data(), static_cast<opus_int32>(payload.size()), pcm.data(),
                              static_cast<int>(n.count), 0);
  if (got < 0 || static_cast<std::size_t>(got) != n.count) return CodecResult::fail(CodecError::Corrupt);
  return n;
}

CodecResult OpusAudioDecoder::conceal(std::span<std::int16_t> pcm) {
  if (packetMsOf(pcm.size(), rate_) == 0) return CodecResult::fail(CodecError::BadInputLength);
  // RFC 6716 §4.4: decoding "no data" extrapolates from the last good frames.
  std::size_t done = 0;
  const std::size_t chunk = samplesFor(rate_, 20);
  while (done < pcm.size()) {
    const std::size_t want = std::min(chunk, pcm.size() - done);
    const int got = opus_decode(decoder_, nullptr, 0, pcm.data() + done, static_cast<int>(want), 0);
    if (got <= 0) return CodecResult::fail(CodecError::EncoderFailed);
    done += static_cast<std::size_t>(got);
  }
  return CodecResult::of(pcm.size());
}

}  // namespace sb::media
