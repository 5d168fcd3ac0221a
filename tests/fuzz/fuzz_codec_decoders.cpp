// SPDX-License-Identifier: MIT
// libFuzzer target for the codec decoders, which read RTP payloads straight from the network.
// The first byte picks the decoder (low nibble: codec and pivot rate) and the transcoder (high
// nibble: its input codec); the rest is one payload for the decoder and, for the transcoder, a
// run of packets each preceded by its length byte. Promises checked: decode() never writes past
// the buffer it was given and, when it succeeds, agrees with samplesIn(); a Transcoder fed
// anything keeps its buffer bounded and emits sane payloads. The sanitizers catch bad reads.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>

#include "media/codec/codec.h"
#include "media/codec/transcoder.h"
#include "require.h"

namespace {

using namespace sb::media;

constexpr std::int16_t kGuard = 0x5A5A;

struct Decoders {
  std::array<std::unique_ptr<Decoder>, 10> byChoice;  // codec × rate
  std::array<std::unique_ptr<Transcoder>, 5> toPcmu;
  Decoders() {
    for (std::size_t i = 0; i < byChoice.size(); ++i) {
      byChoice[i] = makeDecoder(kAllCodecs[i % kAllCodecs.size()], i < kAllCodecs.size() ? 8000 : 16000);
    }
    for (std::size_t i = 0; i < toPcmu.size(); ++i) toPcmu[i] = Transcoder::create(kAllCodecs[i], CodecId::Pcma);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Decoders decoders;  // codec state carries over between inputs, as in a long call
  if (size < 1) return 0;
  const std::uint8_t choice = data[0];
  const std::span<const std::uint8_t> payload(data + 1, size - 1);

  Decoder& dec = *decoders.byChoice[(choice & 0x0F) % decoders.byChoice.size()];
  static std::array<std::int16_t, kMaxPacketSamples + 64> pcm;
  pcm.fill(kGuard);
  const CodecResult expected = dec.samplesIn(payload);
  const CodecResult got = dec.decode(payload, std::span<std::int16_t>(pcm.data(), kMaxPacketSamples));
  // A codec may still refuse bytes whose structure samplesIn() accepted, never the reverse.
  if (got.ok()) SB_REQUIRE(expected.ok() && got.count == expected.count && got.count <= kMaxPacketSamples);
  for (std::size_t i = kMaxPacketSamples; i < pcm.size(); ++i) SB_REQUIRE(pcm[i] == kGuard);

  // The same bytes as a run of packets through a transcoder: [len][bytes][len][bytes]...
  Transcoder& t = *decoders.toPcmu[(choice >> 4) % decoders.toPcmu.size()];
  t.reset();
  std::size_t at = 0;
  while (at < payload.size()) {
    const std::size_t len = std::min<std::size_t>(payload[at], payload.size() - at - 1);
    (void)t.push(payload.subspan(at + 1, len));
    SB_REQUIRE(t.bufferedSamples() <= Transcoder::kBufferSamples);
    while (auto out = t.pull()) SB_REQUIRE(!out->payload.empty() && out->payload.size() <= kMaxPayloadBytes);
    at += 1 + len;
  }
  return 0;
}
