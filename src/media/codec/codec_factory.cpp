// SPDX-License-Identifier: MIT
// makeEncoder / makeDecoder: the one place that knows which class implements which codec.
#include "media/codec/codec.h"
#include "media/codec/g711.h"
#include "media/codec/g722_codec.h"
#include "media/codec/g729_codec.h"
#include "media/codec/opus_codec.h"
#include "media/codec/wideband_adapter.h"

namespace sb::media {
namespace {

template <typename T>
std::unique_ptr<T> ifValid(std::unique_ptr<T> codec) {
  return codec->valid() ? std::move(codec) : nullptr;
}

std::unique_ptr<Encoder> makeNarrowbandOnlyEncoder(CodecId codec) {
  if (codec == CodecId::G729) return ifValid(std::make_unique<G729Encoder>());
  return std::make_unique<G711Encoder>(codec);
}

std::unique_ptr<Decoder> makeNarrowbandOnlyDecoder(CodecId codec) {
  if (codec == CodecId::G729) return ifValid(std::make_unique<G729Decoder>());
  return std::make_unique<G711Decoder>(codec);
}

}  // namespace

std::unique_ptr<Encoder> makeEncoder(CodecId codec, int pcmRate) {
  if (!isPivotRate(pcmRate)) return nullptr;
  switch (codec) {
    case CodecId::G722: return ifValid(std::make_unique<G722Encoder>(pcmRate));
    case CodecId::Opus: return ifValid(std::make_unique<OpusAudioEncoder>(pcmRate));
    case CodecId::Pcmu:
    case CodecId::Pcma:
    case CodecId::G729: {
      auto narrow = makeNarrowbandOnlyEncoder(codec);
      if (!narrow || pcmRate == kNarrowbandRate) return narrow;
      return std::make_unique<DownsamplingEncoder>(std::move(narrow));
    }
  }
  return nullptr;
}

std::unique_ptr<Decoder> makeDecoder(CodecId codec, int pcmRate) {
  if (!isPivotRate(pcmRate)) return nullptr;
  switch (codec) {
    case CodecId::G722: return ifValid(std::make_unique<G722Decoder>(pcmRate));
    case CodecId::Opus: return ifValid(std::make_unique<OpusAudioDecoder>(pcmRate));
    case CodecId::Pcmu:
    case CodecId::Pcma:
    case CodecId::G729: {
      auto narrow = makeNarrowbandOnlyDecoder(codec);
      if (!narrow || pcmRate == kNarrowbandRate) return narrow;
      return std::make_unique<UpsamplingDecoder>(std::move(narrow));
    }
  }
  return nullptr;
}

}  // namespace sb::media
