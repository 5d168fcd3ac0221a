// SPDX-License-Identifier: MIT
// Cost of transcoding, per 20 ms packet, for each pair the relay uses; the figure to compare
// with the relay's per-packet budget. Run: sb_codec_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "media/codec/transcoder.h"
#include "media/endpoint/tone_pattern_source.h"

namespace sb::media {
namespace {

// Music rather than a pure tone, so the encoders do realistic work.
std::vector<std::vector<std::uint8_t>> inputPackets(CodecId from, int rate) {
  auto enc = makeEncoder(from, rate);
  TonePatternSource music(rate);
  std::vector<std::vector<std::uint8_t>> packets;
  std::vector<std::int16_t> pcm(samplesFor(rate, 20));
  std::vector<std::uint8_t> buf(kMaxPayloadBytes);
  for (int i = 0; i < 250; ++i) {  // 5 s
    music.read(pcm);
    const CodecResult n = enc->encode(pcm, buf);
    packets.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n.count));
  }
  return packets;
}

void transcode(benchmark::State& state, CodecId from, CodecId to) {
  auto transcoder = Transcoder::create(from, to);
  const auto packets = inputPackets(from, transcoder->pivotRate());
  std::size_t i = 0;
  for (auto _ : state) {
    (void)transcoder->push(packets[i]);
    while (auto out = transcoder->pull()) benchmark::DoNotOptimize(out->payload.data());
    i = (i + 1) % packets.size();
  }
  state.SetLabel("per 20 ms packet");
}

void registerAll() {
  const std::pair<CodecId, CodecId> pairs[] = {
      {CodecId::Pcmu, CodecId::Pcma}, {CodecId::Pcma, CodecId::Pcmu}, {CodecId::Pcmu, CodecId::G729},
      {CodecId::G729, CodecId::Pcmu}, {CodecId::Pcmu, CodecId::Opus}, {CodecId::Opus, CodecId::Pcmu},
      {CodecId::Pcmu, CodecId::G722}, {CodecId::G722, CodecId::Pcmu}, {CodecId::G722, CodecId::Opus},
      {CodecId::Opus, CodecId::G722}, {CodecId::G729, CodecId::Opus}, {CodecId::Opus, CodecId::G729},
  };
  for (const auto& [from, to] : pairs) {
    const std::string name = "transcode/" + std::string(codecName(from)) + "_to_" + std::string(codecName(to));
    benchmark::RegisterBenchmark(name.c_str(), transcode, from, to)->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace sb::media

int main(int argc, char** argv) {
  sb::media::registerAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
