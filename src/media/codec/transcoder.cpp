// SPDX-License-Identifier: MIT
#include "media/codec/transcoder.h"

#include <algorithm>
#include <cassert>

namespace sb::media {
namespace {

// The rate a codec is best driven at among the pivot rates.
int preferredRate(CodecId codec) {
  return codecInfo(codec).nativePcmRate >= kWidebandRate ? kWidebandRate : kNarrowbandRate;
}

}  // namespace

int Transcoder::pivotRateFor(CodecId from, CodecId to) { return std::min(preferredRate(from), preferredRate(to)); }

std::unique_ptr<Transcoder> Transcoder::create(CodecId from, CodecId to, int outputPacketMs) {
  const int rate = pivotRateFor(from, to);
  auto decoder = makeDecoder(from, rate);
  auto encoder = makeEncoder(to, rate);
  if (!decoder || !encoder || !encoder->supportsPacketMs(outputPacketMs)) return nullptr;
  return std::make_unique<Transcoder>(std::move(decoder), std::move(encoder), outputPacketMs);
}

Transcoder::Transcoder(std::unique_ptr<Decoder> decoder, std::unique_ptr<Encoder> encoder, int outputPacketMs)
    : decoder_(std::move(decoder)),
      encoder_(std::move(encoder)),
      outputMs_(outputPacketMs),
      outputSamples_(samplesFor(decoder_->pcmRate(), outputPacketMs)),
      tsIncrement_(rtpTicksFor(codecInfo(encoder_->codec()), outputPacketMs)) {
  assert(decoder_->pcmRate() == encoder_->pcmRate());
  assert(encoder_->supportsPacketMs(outputPacketMs));
}

CodecResult Transcoder::push(std::span<const std::uint8_t> payload) {
  const CodecResult n = decoder_->samplesIn(payload);
  if (!n) return n;
  if (n.count > pcm_.size() - fill_) return CodecResult::fail(CodecError::Overflow);
  const CodecResult got = decoder_->decode(payload, std::span<std::int16_t>(pcm_).subspan(fill_));
  if (got) fill_ += got.count;
  return got;
}

CodecResult Transcoder::pushLoss(int ms) {
  const std::size_t samples = samplesFor(decoder_->pcmRate(), ms);
  if (packetMsOf(samples, decoder_->pcmRate()) == 0) return CodecResult::fail(CodecError::BadInputLength);
  if (samples > pcm_.size() - fill_) return CodecResult::fail(CodecError::Overflow);
  const CodecResult got = decoder_->conceal(std::span<std::int16_t>(pcm_).subspan(fill_, samples));
  if (got) fill_ += got.count;
  return got;
}

std::optional<TranscodedPacket> Transcoder::pull() {
  if (fill_ < outputSamples_) return std::nullopt;
  const CodecResult bytes = encoder_->encode(std::span<const std::int16_t>(pcm_.data(), outputSamples_), payload_);
  // Shift the rest down: at most one input packet of samples, cheaper than ring indexing in
  // every codec call.
  std::copy(pcm_.begin() + static_cast<std::ptrdiff_t>(outputSamples_),
            pcm_.begin() + static_cast<std::ptrdiff_t>(fill_), pcm_.begin());
  fill_ -= outputSamples_;
  assert(bytes.ok());  // lengths are ours and checked at construction
  if (!bytes) return std::nullopt;
  return TranscodedPacket{std::span<const std::uint8_t>(payload_.data(), bytes.count), tsIncrement_};
}

}  // namespace sb::media
