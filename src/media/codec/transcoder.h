// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "media/codec/codec.h"

namespace sb::media {

// One packet a Transcoder produced.
struct TranscodedPacket {
  std::span<const std::uint8_t> payload;  // valid until the next call on the transcoder
  std::uint32_t timestampIncrement;       // RTP ticks of the output codec this packet covers
};

// Converts one direction of a stream from codec A to codec B: decodes each RTP payload of A to
// PCM at a pivot rate, buffers it, and encodes whole packets of B (of outputPacketMs) as they
// fill, so packet lengths may differ on the two sides. All buffers are sized at construction for
// the longest packet; push() and pull() never allocate. Knows nothing of RTP headers: the relay
// rewrites sequence numbers and timestamps, advancing the timestamp by each packet's
// timestampIncrement (RFC 3551 clock of B: 160 for 20 ms of G.711, 960 for 20 ms of Opus).
//
// Cost: CPU time per 20 ms packet, from sb_codec_bench (RelWithDebInfo, g++ 12, this 2-core
// machine while others were building, so read them as upper bounds): PCMU<->PCMA 0.3 µs;
// G.711->G.722 11 µs, G.722->G.711 6-8 µs; G.711->G.729 75-90 µs, G.729->G.711 12-17 µs;
// G.711->Opus 80-95 µs, Opus->G.711 10-12 µs; G.722->Opus (16 kHz) 160-220 µs, Opus->G.722 50 µs.
// The G.729 and Opus encoders dominate (Opus runs at complexity 5, about half the default's
// cost): a G.711<->G.729 or G.711<->Opus call costs ~100 µs per 20 ms, so one core carries
// about 200 such calls, against thousands of G.711<->G.722 ones.
class Transcoder {
 public:
  // nullptr when a codec cannot be started or `outputPacketMs` is not a packet length `to` makes.
  static std::unique_ptr<Transcoder> create(CodecId from, CodecId to, int outputPacketMs = 20);

  // PCM the transcoder holds at most: the longest input packet on top of an output packet's worth
  // that was not yet pulled.
  static constexpr std::size_t kBufferSamples = 2 * kMaxPacketSamples;

  // The PCM rate both sides meet at: 16 kHz when both codecs are wideband (G.722, Opus), so
  // wideband audio stays wideband, else 8 kHz so nothing is resampled needlessly.
  static int pivotRateFor(CodecId from, CodecId to);

  Transcoder(std::unique_ptr<Decoder> decoder, std::unique_ptr<Encoder> encoder, int outputPacketMs);

  CodecId from() const { return decoder_->codec(); }
  CodecId to() const { return encoder_->codec(); }
  int pivotRate() const { return decoder_->pcmRate(); }
  int outputPacketMs() const { return outputMs_; }
  std::uint32_t timestampIncrement() const { return tsIncrement_; }
  std::size_t bufferedSamples() const { return fill_; }

  // Decodes one payload of `from` into the buffer; count is the samples it added. On an error
  // (a malformed payload, or more buffered than pull() has taken) nothing is added.
  CodecResult push(std::span<const std::uint8_t> payload);
  // Buffers `ms` (a multiple of 10) of concealment for packets of `from` that never came.
  CodecResult pushLoss(int ms);
  // Encodes the next whole output packet, if that much PCM is buffered. Call until nullopt.
  std::optional<TranscodedPacket> pull();
  // Forgets buffered PCM (the source restarted: new SSRC, moved media); codec state stays.
  void reset() { fill_ = 0; }

 private:
  std::unique_ptr<Decoder> decoder_;
  std::unique_ptr<Encoder> encoder_;
  int outputMs_;
  std::size_t outputSamples_;
  std::uint32_t tsIncrement_;
  std::array<std::int16_t, kBufferSamples> pcm_{};
  std::size_t fill_ = 0;
  std::array<std::uint8_t, kMaxPayloadBytes> payload_{};
};

}  // namespace sb::media
