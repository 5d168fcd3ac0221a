// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <memory>

#include "media/codec/codec.h"
#include "media/codec/halfband_resampler.h"

namespace sb::media {

// Lets a 16 kHz caller use a codec that only runs at 8 kHz (G.711, G.729): halves the rate before
// encoding. Owns the narrowband encoder; does no coding itself.
class DownsamplingEncoder final : public Encoder {
 public:
  explicit DownsamplingEncoder(std::unique_ptr<Encoder> narrowband);
  CodecId codec() const override { return inner_->codec(); }
  int pcmRate() const override { return kWidebandRate; }
  bool supportsPacketMs(int ms) const override { return inner_->supportsPacketMs(ms); }
  CodecResult encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;

 private:
  std::unique_ptr<Encoder> inner_;
  Downsampler2x down_;
  std::array<std::int16_t, kMaxPacketSamples / 2> scratch_{};
};

// The decoding half: doubles the rate of what an 8 kHz decoder produces.
class UpsamplingDecoder final : public Decoder {
 public:
  explicit UpsamplingDecoder(std::unique_ptr<Decoder> narrowband);
  CodecId codec() const override { return inner_->codec(); }
  int pcmRate() const override { return kWidebandRate; }
  CodecResult samplesIn(std::span<const std::uint8_t> payload) const override;
  CodecResult decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;
  CodecResult conceal(std::span<std::int16_t> pcm) override;

 private:
  std::unique_ptr<Decoder> inner_;
  Upsampler2x up_;
  std::array<std::int16_t, kMaxPacketSamples / 2> scratch_{};
};

}  // namespace sb::media
