// SPDX-License-Identifier: MIT
#pragma once
#include <array>

#include "media/codec/codec.h"

struct bcg729EncoderChannelContextStruct_struct;
struct bcg729DecoderChannelContextStruct_struct;

namespace sb::media {

// ITU-T G.729 (Annex A compatible) at 8 kHz through bcg729: 10 ms frames of 10 bytes, packed
// back to back in one payload (RFC 3551 §4.5.6). The encoder sends no silence suppression.
class G729Encoder final : public Encoder {
 public:
  G729Encoder();
  ~G729Encoder() override;
  G729Encoder(const G729Encoder&) = delete;
  G729Encoder& operator=(const G729Encoder&) = delete;

  bool valid() const { return context_ != nullptr; }
  CodecId codec() const override { return CodecId::G729; }
  int pcmRate() const override { return kNarrowbandRate; }
  CodecResult encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;

 private:
  bcg729EncoderChannelContextStruct_struct* context_;
};

// Decodes G.729 payloads, including Annex B: a payload may end with one 2-byte SID frame
// (comfort noise), so its size is 10·n or 10·n + 2 (RFC 3551 §4.5.6). Loss is concealed by the
// codec's own frame erasure handling.
class G729Decoder final : public Decoder {
 public:
  static constexpr std::size_t kFrameBytes = 10;
  static constexpr std::size_t kSidBytes = 2;
  static constexpr std::size_t kFrameSamples = 80;

  G729Decoder();
  ~G729Decoder() override;
  G729Decoder(const G729Decoder&) = delete;
  G729Decoder& operator=(const G729Decoder&) = delete;

  bool valid() const { return context_ != nullptr; }
  CodecId codec() const override { return CodecId::G729; }
  int pcmRate() const override { return kNarrowbandRate; }
  CodecResult samplesIn(std::span<const std::uint8_t> payload) const override;
  CodecResult decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;
  CodecResult conceal(std::span<std::int16_t> pcm) override;

 private:
  bcg729DecoderChannelContextStruct_struct* context_;
};

}  // namespace sb::media
