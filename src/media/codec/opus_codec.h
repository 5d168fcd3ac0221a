// SPDX-License-Identifier: MIT
#pragma once
#include "media/codec/codec.h"

struct OpusEncoder;
struct OpusDecoder;

namespace sb::media {

// Opus (RFC 6716) through libopus, mono, in the VoIP application mode, run directly at the pivot
// rate (8 or 16 kHz) so no resampling is needed; the RTP clock stays 48 kHz (RFC 7587 §4.1)
// whatever the rate. Packets of 10, 20, 40, 60, 80, 100 or 120 ms.
class OpusAudioEncoder final : public Encoder {
 public:
  explicit OpusAudioEncoder(int pcmRate);
  ~OpusAudioEncoder() override;
  OpusAudioEncoder(const OpusAudioEncoder&) = delete;
  OpusAudioEncoder& operator=(const OpusAudioEncoder&) = delete;

  bool valid() const { return encoder_ != nullptr; }
  CodecId codec() const override { return CodecId::Opus; }
  int pcmRate() const override { return rate_; }
  bool supportsPacketMs(int ms) const override;
  CodecResult encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;

 private:
  int rate_;
  OpusEncoder* encoder_ = nullptr;
};

// Decodes Opus packets at the pivot rate; samplesIn() runs libopus's packet parser, which checks
// the TOC byte and every frame length, before anything is decoded. Loss is concealed by libopus
// (decode with no data).
class OpusAudioDecoder final : public Decoder {
 public:
  explicit OpusAudioDecoder(int pcmRate);
  ~OpusAudioDecoder() override;
  OpusAudioDecoder(const OpusAudioDecoder&) = delete;
  OpusAudioDecoder& operator=(const OpusAudioDecoder&) = delete;

  bool valid() const { return decoder_ != nullptr; }
  CodecId codec() const override { return CodecId::Opus; }
  int pcmRate() const override { return rate_; }
  CodecResult samplesIn(std::span<const std::uint8_t> payload) const override;
  CodecResult decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;
  CodecResult conceal(std::span<std::int16_t> pcm) override;

 private:
  int rate_;
  OpusDecoder* decoder_ = nullptr;
};

}  // namespace sb::media
