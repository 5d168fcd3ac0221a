// SPDX-License-Identifier: MIT
#pragma once
#include "media/codec/codec.h"
#include "media/codec/packet_loss_concealer.h"

struct g722_encode_state_s;
struct g722_decode_state_s;

namespace sb::media {

// ITU-T G.722 at 64 kbit/s through spandsp. At 16 kHz it is the real wideband codec (two samples
// per byte); at 8 kHz spandsp codes the lower sub-band only (G722_SAMPLE_RATE_8000), one sample
// per byte, which interworks with a 16 kHz peer at narrowband quality and skips the QMF.
class G722Encoder final : public Encoder {
 public:
  explicit G722Encoder(int pcmRate);
  ~G722Encoder() override;
  G722Encoder(const G722Encoder&) = delete;
  G722Encoder& operator=(const G722Encoder&) = delete;

  bool valid() const { return state_ != nullptr; }
  CodecId codec() const override { return CodecId::G722; }
  int pcmRate() const override { return rate_; }
  CodecResult encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;

 private:
  int rate_;
  g722_encode_state_s* state_;
};

class G722Decoder final : public Decoder {
 public:
  explicit G722Decoder(int pcmRate);
  ~G722Decoder() override;
  G722Decoder(const G722Decoder&) = delete;
  G722Decoder& operator=(const G722Decoder&) = delete;

  bool valid() const { return state_ != nullptr; }
  CodecId codec() const override { return CodecId::G722; }
  int pcmRate() const override { return rate_; }
  CodecResult samplesIn(std::span<const std::uint8_t> payload) const override;
  CodecResult decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;
  CodecResult conceal(std::span<std::int16_t> pcm) override;

 private:
  int rate_;
  g722_decode_state_s* state_;
  PacketLossConcealer plc_;
};

}  // namespace sb::media
