// SPDX-License-Identifier: MIT
#include "media/codec/wideband_adapter.h"

#include <cassert>

namespace sb::media {

DownsamplingEncoder::DownsamplingEncoder(std::unique_ptr<Encoder> narrowband) : inner_(std::move(narrowband)) {
  assert(inner_ && inner_->pcmRate() == kNarrowbandRate);
}

CodecResult DownsamplingEncoder::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  if (packetMsOf(pcm.size(), kWidebandRate) == 0) return CodecResult::fail(CodecError::BadInputLength);
  const std::size_t half = pcm.size() / 2;
  down_.process(pcm, scratch_);
  return inner_->encode(std::span<const std::int16_t>(scratch_.data(), half), out);
}

UpsamplingDecoder::UpsamplingDecoder(std::unique_ptr<Decoder> narrowband) : inner_(std::move(narrowband)) {
  assert(inner_ && inner_->pcmRate() == kNarrowbandRate);
}

CodecResult UpsamplingDecoder::samplesIn(std::span<const std::uint8_t> payload) const {
  CodecResult n = inner_->samplesIn(payload);
  n.count *= 2;
  return n;
}

CodecResult UpsamplingDecoder::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) {
  const CodecResult n = samplesIn(payload);
  if (!n) return n;
  if (pcm.size() < n.count) return CodecResult::fail(CodecError::OutputTooSmall);
  const CodecResult got = inner_->decode(payload, scratch_);  // samplesIn bounds it by scratch_
  if (!got) return got;
  up_.process(std::span<const std::int16_t>(scratch_.data(), got.count), pcm);
  return CodecResult::of(got.count * 2);
}

CodecResult UpsamplingDecoder::conceal(std::span<std::int16_t> pcm) {
  if (packetMsOf(pcm.size(), kWidebandRate) == 0) return CodecResult::fail(CodecError::BadInputLength);
  const std::size_t half = pcm.size() / 2;
  const CodecResult got = inner_->conceal(std::span<std::int16_t>(scratch_.data(), half));
  if (!got) return got;
  up_.process(std::span<const std::int16_t>(scratch_.data(), half), pcm);
  return CodecResult::of(pcm.size());
}

}  // namespace sb::media
