// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

#include "media/codec/codec.h"
#include "media/codec/packet_loss_concealer.h"

namespace sb::media {

// ITU-T G.711 companding of one sample, by table (built at compile time from the G.191 reference
// algorithm). µ-law looks at the top 14 bits of the sample, A-law at the top 13 (G.711 §1, §2).
std::uint8_t linearToUlaw(std::int16_t sample);
std::int16_t ulawToLinear(std::uint8_t code);
std::uint8_t linearToAlaw(std::int16_t sample);
std::int16_t alawToLinear(std::uint8_t code);

// G.711 µ-law or A-law at its native 8 kHz: one byte per sample and no framing. The factory puts
// a 2:1 resampler in front for 16 kHz callers.
class G711Encoder final : public Encoder {
 public:
  explicit G711Encoder(CodecId law);  // CodecId::Pcmu or CodecId::Pcma
  CodecId codec() const override { return law_; }
  int pcmRate() const override { return kNarrowbandRate; }
  CodecResult encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;

 private:
  CodecId law_;
};

// Decodes G.711 at 8 kHz; any whole number of bytes up to kMaxPacketMs is a valid payload.
class G711Decoder final : public Decoder {
 public:
  explicit G711Decoder(CodecId law);
  CodecId codec() const override { return law_; }
  int pcmRate() const override { return kNarrowbandRate; }
  CodecResult samplesIn(std::span<const std::uint8_t> payload) const override;
  CodecResult decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;
  CodecResult conceal(std::span<std::int16_t> pcm) override;

 private:
  CodecId law_;
  PacketLossConcealer plc_;
};

}  // namespace sb::media
